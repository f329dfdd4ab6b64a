"""Fixtures for finance: the demo contract with its milestones, users, the LPR table, and a helper
that readies a milestone (clock started, every condition ticked)."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, LprRate, PaymentMilestone, User
from contractmgr.services.finance import record_clock_start, tick_condition

#: the day the tests stand on when they call services directly
TODAY = date(2026, 11, 21)


@pytest.fixture
def seed_contract(demo) -> Contract:
    """The 洛阳 renewal contract of the demo data (8,271,400.00; 70% / 30%)."""
    return db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))


def user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


@pytest.fixture
def lpr_3_percent(app):
    """One-year LPR 3.00% from 20 May 2025 (the rate published that day; the demo data has it too)."""
    rate = db.session.scalar(sa.select(LprRate).where(LprRate.effective_on == date(2025, 5, 20)))
    if rate is None:
        db.session.add(LprRate(effective_on=date(2025, 5, 20), one_year_percent=Decimal("3.00")))
    else:
        assert rate.one_year_percent == Decimal("3.00")
    db.session.commit()


def ready(milestone: PaymentMilestone, clock: date, conditions_on: date, *, today: date = TODAY) -> PaymentMilestone:
    """Start the milestone's clock and tick every condition, as finance would, and commit."""
    record_clock_start(milestone, clock, today=today)
    for condition in milestone.conditions:
        tick_condition(condition, conditions_on, by=user("finance"), today=today)
    db.session.commit()
    return milestone
