"""The law's deadlines of a contract (signing, publication, filing) and recording the days they were met.

The rules and the counting are in `contractmgr.domain.statutory`; this module reads the contract's
dates into it and writes what the officer records (the audit log notes each changed date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractmgr.domain.calendar import WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.statutory import StatutoryDates, StatutoryDeadline, check_statutory_dates, statutory_deadlines
from contractmgr.extensions import db
from contractmgr.models import Contract


def dates_of(contract: Contract) -> StatutoryDates:
    return StatutoryDates(
        award_notice_on=contract.award_notice_on,
        signed_on=contract.signed_on,
        published_on=contract.published_on,
        filed_on=contract.filed_on,
    )


def needs_calendar(contract: Contract) -> bool:
    """Whether the contract has any statutory deadline to count (so a page may skip loading the calendar)."""
    return contract.award_notice_on is not None or contract.signed_on is not None


def contract_deadlines(contract: Contract, calendar: WorkingCalendar) -> list[StatutoryDeadline]:
    """Signing, publication and filing, as far as the days they count from are on file."""
    return statutory_deadlines(dates_of(contract), calendar)


@dataclass(frozen=True)
class StatutoryRecord:
    """What the officer records on the contract page; None leaves a day unrecorded."""

    award_notice_on: date | None
    signed_on: date | None
    published_on: date | None
    publication_url: str | None
    filed_on: date | None


def record_statutory_dates(contract: Contract, record: StatutoryRecord, today: date) -> Contract:
    """Write the award notice, signing, publication (with its link) and filing days, once they are
    possible together (RuleViolation otherwise, nothing written)."""
    check_statutory_dates(
        StatutoryDates(record.award_notice_on, record.signed_on, record.published_on, record.filed_on), today
    )
    contract.award_notice_on = record.award_notice_on
    contract.signed_on = record.signed_on
    contract.published_on = record.published_on
    contract.publication_url = (record.publication_url or "").strip() or None
    contract.filed_on = record.filed_on
    db.session.flush()
    return contract


def record_known_loss(penalty, known_loss: Decimal | None) -> None:
    """The loss a penalty compensates, as known when confirming it (民法典 第五百八十五条); None leaves it unknown."""
    if known_loss is not None and known_loss < 0:
        raise RuleViolation("known_loss_negative", amount=known_loss)
    penalty.known_loss_amount = known_loss
    db.session.flush()
