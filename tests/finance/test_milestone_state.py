"""Each milestone's stored state (what the overview, dashboards and deadlines read) equals the state computed
afresh from the schedule rules, after every kind of write that changes an input: on generated data and on the
demo contract, on both engines. A write path that forgets to refresh shows up here as a differing row."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import Contract, HolidayOverride, MilestoneState, PaymentMilestone, Penalty
from contractmgr.services import finance, penalties, sme
from contractmgr.services.generate import generate
from contractmgr.services.holidays import CalendarEntries, enter_calendar_year
from contractmgr.services.milestone_state import computed_states
from contractmgr.services.schedule import SCHEDULE_LOADS, contract_schedule
from contractmgr.services.supplements import record_supplement
from tests.finance.conftest import user


def stored() -> dict[int, dict]:
    columns = [c.key for c in sa.inspect(MilestoneState).mapper.column_attrs]
    return {
        row.milestone_id: {key: getattr(row, key) for key in columns}
        for row in db.session.scalars(sa.select(MilestoneState))
    }


def assert_fresh() -> None:
    """Every milestone has a stored state, and it is what the rules compute now."""
    db.session.expire_all()
    contracts = list(db.session.scalars(sa.select(Contract).options(*SCHEDULE_LOADS)).unique())
    fresh = computed_states(contracts, clock.today())
    assert len(fresh) == db.session.scalar(sa.select(sa.func.count()).select_from(PaymentMilestone))
    saved = stored()
    differing = {m: (saved.get(m), state) for m, state in fresh.items() if saved.get(m) != state}
    assert not differing
    assert set(saved) == set(fresh)


def open_milestone(**where) -> PaymentMilestone:
    """A milestone not yet paid in full, of a contract that has another milestone."""
    query = (
        sa.select(PaymentMilestone)
        .join(MilestoneState)
        .where(MilestoneState.kind != "paid", *[getattr(MilestoneState, k) == v for k, v in where.items()])
        .order_by(PaymentMilestone.id)
    )
    return db.session.scalars(query).first()


@pytest.fixture
def generated(app):
    generate(8, seed=3)
    return app


def test_generated_data_is_stored_as_computed(generated):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneState)) > 0
    assert_fresh()


def test_each_finance_write_refreshes_the_state(generated):
    today = clock.today()
    finance_user = user("gen-finance")
    waiting = open_milestone(kind="waiting")
    condition = next(c for c in waiting.conditions if c.met_on is None)
    finance.tick_condition(condition, today - timedelta(days=40), by=finance_user, today=today)
    db.session.commit()
    assert_fresh()

    finance.record_clock_start(waiting, today - timedelta(days=60), today=today)
    db.session.commit()
    assert_fresh()

    for condition in waiting.conditions:
        if condition.met_on is None:
            finance.tick_condition(condition, today - timedelta(days=50), by=finance_user, today=today)
    db.session.commit()
    assert_fresh()
    state = db.session.get(MilestoneState, waiting.id)
    assert state.kind == "due" and state.overdue_from is not None and state.overdue_from <= today

    finance.untick_condition(waiting.conditions[0])
    db.session.commit()
    assert_fresh()
    assert db.session.get(MilestoneState, waiting.id).kind == "waiting"
    finance.tick_condition(waiting.conditions[0], today - timedelta(days=50), by=finance_user, today=today)
    db.session.commit()

    part = (state.outstanding / 2).quantize(Decimal("0.01"))
    finance.record_payment(waiting, paid_on=today, amount=part, voucher_number="V-1", by=finance_user, today=today)
    db.session.commit()
    assert_fresh()
    assert db.session.get(MilestoneState, waiting.id).kind == "partly_paid"


def test_penalties_supplements_and_sme_refresh_the_state(generated):
    milestone = open_milestone()
    contract = milestone.contract
    penalty = penalties.assess_late_delivery(contract, 5, by=user("gen-officer"))
    penalties.confirm_penalty(penalty, by=user("gen-officer"))
    db.session.commit()
    assert_fresh()
    assert db.session.get(MilestoneState, penalty.milestone_id).deducted >= penalty.amount

    waived = penalties.assess_late_delivery(contract, 2, by=user("gen-officer"))
    penalties.waive_penalty(waived, reason="供应商已说明原因", by=user("gen-officer"))
    db.session.commit()
    assert_fresh()

    record_supplement(contract, increase=Decimal("1000.00"), reason="增加巡检", signed_on=contract.start_on)
    db.session.commit()
    assert_fresh()

    # the SME flag is the vendor's: every one of its contracts gets the statute's due dates
    sme.set_sme_terms(
        contract,
        sme.SmeTerms(is_sme=True, industry="软件和信息技术服务业", payment_days=None, acceptance_period_end_on=None),
    )
    db.session.commit()
    assert_fresh()
    sme.record_delivery(milestone, clock.today() - timedelta(days=10), today=clock.today())
    db.session.commit()
    assert_fresh()


def test_calendar_edits_move_the_stored_due_dates(generated):
    """An administrator's holiday moves every due date counted through it, in the same commit."""
    state = db.session.scalars(
        sa.select(MilestoneState).where(MilestoneState.due_on.is_not(None)).order_by(MilestoneState.due_on.desc())
    ).first()
    before = state.due_on
    day = before - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    db.session.add(HolidayOverride(day=day, kind="holiday", note="测试"))
    db.session.commit()
    assert_fresh()
    assert db.session.get(MilestoneState, state.milestone_id).due_on > before

    year = before.year + 1
    enter_calendar_year(year, CalendarEntries(holidays={date(year, 10, 1)}), by=None)
    db.session.commit()
    assert_fresh()


def test_demo_contract_through_its_year(demo):
    """The 洛阳 contract: signed, conditions ticked, paid late, a penalty netted."""
    contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))
    assert_fresh()
    contract.signed_on = contract.start_on
    db.session.commit()
    assert_fresh()
    first = contract.milestones[0]
    for condition in first.conditions:
        finance.tick_condition(
            condition, contract.start_on + timedelta(days=5), by=user("finance"), today=clock.today()
        )
    db.session.commit()
    assert_fresh()
    view = contract_schedule(contract, clock.today()).milestones[0]
    assert db.session.get(MilestoneState, first.id).due_on == view.due.on
    penalty = penalties.assess_late_delivery(contract, 3, by=user("officer"))
    penalties.confirm_penalty(penalty, by=user("officer"))
    db.session.commit()
    assert_fresh()
    paid_on = view.due.on + timedelta(days=20)
    finance.record_payment(
        first,
        paid_on=paid_on,
        amount=db.session.get(MilestoneState, first.id).outstanding,
        voucher_number="V-9",
        by=user("finance"),
        today=max(paid_on, clock.today()),
    )
    db.session.commit()
    assert_fresh()
    assert db.session.get(MilestoneState, first.id).kind == "paid"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Penalty)) >= 1


def test_refresh_command_restores_a_lost_state(generated):
    db.session.execute(sa.delete(MilestoneState))
    db.session.execute(sa.update(MilestoneState).values(net_amount=0))
    db.session.commit()
    result = generated.test_cli_runner().invoke(args=["milestones", "refresh"])
    assert "refreshed" in result.output, result.output
    assert_fresh()
