"""Each milestone's state kept as data (issue 12): due date, what it waits for, net, paid, outstanding and
the day it becomes overdue, in `milestone_states`, so lists select, sum and page in SQL.

One source of the rules: `state_of` reads a `MilestoneView` that services.schedule computed (the schedule
the contract page shows), and keeps what does not depend on the day it is read. Overdue does depend on
it, so the row keeps `overdue_from` (the first day a working day has passed after the due date) and SQL
compares it with today (`display_kind`).

Kept fresh without any service having to remember: after every flush, the contracts whose inputs
changed are noted on the session (a milestone, condition, payment, penalty or contract row; a vendor's
SME flag: all its contracts; a holiday override or an entered calendar year: every milestone whose
dates are counted through that day); before
the commit their states are recomputed and written, in the same transaction. `flask milestones refresh`
recomputes every one (after a restore, or to check nothing drifted).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from contractmgr import clock
from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.schedule import MilestoneStatus, milestone_status
from contractmgr.extensions import db
from contractmgr.models import (
    CalendarYear,
    Contract,
    HolidayOverride,
    MilestoneCondition,
    MilestoneState,
    Organisation,
    Payment,
    PaymentMilestone,
    Penalty,
)
from contractmgr.services.calendar import working_calendar
from contractmgr.services.schedule import (
    SCHEDULE_LOADS,
    MilestoneView,
    calendar_for,
    contract_schedule,
    lpr_table,
    schedule_inputs,
)

#: contracts recomputed per batch: bounded memory when the calendar changes under 10,000 contracts
BATCH = 500
_PENDING = "milestone_state_pending"


def state_of(view: MilestoneView, calendar) -> dict[str, Any]:
    """The stored columns of one milestone, from its freshly computed view."""
    status, due, sme = view.status, view.due, view.sme
    waiting = [c.condition.kind for c in view.missing]
    if view.clock.on is None:
        waiting.insert(0, "clock")
    can_be_late = due is not None and view.conditions_met and status.outstanding > 0
    last_paid = max((p.payment.paid_on for p in view.payments), default=None)
    return dict(
        milestone_id=view.milestone.id,
        contract_id=view.milestone.contract_id,
        kind=status.kind if status.kind != "overdue" else "due",
        due_on=due.on if due else None,
        due_month=due.on.strftime("%Y-%m") if due else None,
        due_provisional=due.provisional if due else False,
        due_unknown_years=",".join(str(y) for y in due.unknown_years) if due else "",
        # overdue once one working day has passed after the due date (domain.schedule.milestone_status)
        overdue_from=calendar.add_working_days(due.on, 1).on if can_be_late else None,
        clock_on=view.clock.on,
        conditions_met=view.conditions_met,
        waiting_for=",".join(waiting),
        amount=view.milestone.amount,
        deducted=view.netted.applied,
        net_amount=view.netted.net,
        paid_amount=status.paid,
        outstanding=status.outstanding,
        paid_off_on=last_paid if status.outstanding == 0 and status.paid > 0 else None,
        contract_due_on=view.contract_due.on if view.contract_due else None,
        due_basis=view.due_basis,
        sme_basis=sme.basis if sme else None,
        sme_starts_on=sme.starts_on if sme else None,
        sme_days=sme.days if sme else None,
        sme_due_on=sme.due.on if sme else None,
    )


def computed_states(contracts: list[Contract], today: date) -> dict[int, dict[str, Any]]:
    """milestone id → its state computed now from the schedule rules, for `contracts` (loaded with
    SCHEDULE_LOADS); one calendar, rate table and deduction read for all of them."""
    calendar, rates, inputs = calendar_for(contracts, today), lpr_table(), schedule_inputs(contracts)
    states = {}
    for contract in contracts:
        schedule = contract_schedule(contract, today, calendar=calendar, rates=rates, inputs=inputs)
        for view in schedule.milestones:
            states[view.milestone.id] = state_of(view, calendar)
    return states


def refresh(contract_ids: Iterable[int]) -> int:
    """Recompute and write the states of the milestones of `contract_ids`; returns how many."""
    ids = sorted(set(contract_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        contracts = list(
            db.session.scalars(
                sa.select(Contract)
                .where(Contract.id.in_(chunk))
                .options(*SCHEDULE_LOADS)
                # the collections as the flush left them, not as this session first read them
                .execution_options(populate_existing=True)
            ).unique()
        )
        states = computed_states(contracts, clock.today())
        stored = {
            s.milestone_id: s
            for s in db.session.scalars(sa.select(MilestoneState).where(MilestoneState.contract_id.in_(chunk)))
        }
        for milestone_id, values in states.items():
            row = stored.pop(milestone_id, None)
            if row is None:
                db.session.add(MilestoneState(**values))
            else:
                for key, value in values.items():
                    if getattr(row, key) != value:
                        setattr(row, key, value)
        for orphan in stored.values():
            db.session.delete(orphan)
        db.session.flush()
        written += len(states)
    return written


def refresh_all() -> int:
    """Recompute every milestone's state (`flask milestones refresh`)."""
    return refresh(db.session.scalars(sa.select(Contract.id)))


def refresh_missing() -> int:
    """Compute the states of the contracts that have a milestone without one (the end of `flask db
    upgrade` at head: the milestones that were there when the table was added); returns how many."""
    missing = (
        sa.select(PaymentMilestone.contract_id)
        .outerjoin(MilestoneState, MilestoneState.milestone_id == PaymentMilestone.id)
        .where(MilestoneState.milestone_id.is_(None))
        .distinct()
    )
    return refresh(db.session.scalars(missing))


def stored_due(state: MilestoneState) -> DueDate | None:
    if state.due_on is None:
        return None
    years = tuple(int(y) for y in state.due_unknown_years.split(",") if y)
    return DueDate(state.due_on, state.due_provisional, years)


def stored_status(state: MilestoneState, today: date, calendar: WorkingCalendar) -> MilestoneStatus:
    """The milestone's status on `today` from its stored state, by the schedule's own rule (the
    overdue count needs the calendar from the due date to today)."""
    return milestone_status(
        stored_due(state), state.paid_amount, state.net_amount, today, calendar, state.conditions_met
    )


def calendar_since_first_due(today: date) -> WorkingCalendar:
    """The calendar from the earliest stored due date to next year: an old overdue count is exact, not
    called provisional for want of its years."""
    first = db.session.scalar(sa.select(sa.func.min(MilestoneState.due_on))) or today
    return working_calendar(range(min(first.year, today.year - 1), today.year + 2))


def display_kind(today: date) -> sa.ColumnElement[str]:
    """The status lists show, in SQL: overdue once `overdue_from` has come, else the stored kind (a
    partly paid milestone past its date shows as overdue, as the schedule shows it)."""
    return sa.case(
        (MilestoneState.overdue_from <= today, sa.literal("overdue")),
        else_=MilestoneState.kind,
    )


# --- keeping it fresh ------------------------------------------------------------------------


def _pending(session: Session) -> dict[str, Any]:
    return session.info.setdefault(
        _PENDING, {"contracts": set(), "milestones": set(), "vendors": set(), "calendar_from": None}
    )


def _calendar_days(obj: HolidayOverride | CalendarYear) -> list[date]:
    """The first day an administrator's calendar row (as it is now, and as it was) changes."""
    if isinstance(obj, CalendarYear):
        years = [obj.year, *sa.inspect(obj).attrs.year.history.deleted]
        return [date(year, 1, 1) for year in years]
    return [obj.day, *sa.inspect(obj).attrs.day.history.deleted]


@event.listens_for(Session, "after_flush")
def _note_changed_inputs(session: Session, _context: Any) -> None:
    """Note which milestones' states the flush may have changed (resolved before the commit)."""
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, _INPUTS)]
    if not changed:
        return
    pending = _pending(session)
    for obj in changed:
        if isinstance(obj, (HolidayOverride, CalendarYear)):
            days = [d for d in _calendar_days(obj) if d is not None]
            pending["calendar_from"] = min([*days, pending["calendar_from"] or date.max])
        elif isinstance(obj, Contract):
            pending["contracts"].add(obj.id)
        elif isinstance(obj, (PaymentMilestone, Penalty)):
            pending["contracts"].add(obj.contract_id)
        elif isinstance(obj, (MilestoneCondition, Payment)):
            pending["milestones"].add(obj.milestone_id)
        elif isinstance(obj, Organisation):
            pending["vendors"].add(obj.id)


_INPUTS = (
    HolidayOverride,
    CalendarYear,
    Contract,
    PaymentMilestone,
    Penalty,
    MilestoneCondition,
    Payment,
    Organisation,
)


def _contracts_to_refresh(session: Session, pending: dict[str, Any]) -> set[int]:
    ids = set(pending["contracts"]) - {None}
    if pending["milestones"]:
        milestones = pending["milestones"] - {None}
        ids |= set(session.scalars(sa.select(PaymentMilestone.contract_id).where(PaymentMilestone.id.in_(milestones))))
    if pending["vendors"]:
        ids |= set(session.scalars(sa.select(Contract.id).where(Contract.vendor_id.in_(pending["vendors"]))))
    if pending["calendar_from"] is not None:
        # A day's calendar moves only the dates counted through it: due dates (and the day after them
        # that makes a milestone overdue) on or after it. Earlier ones, and undated ones, stay.
        counted_to = sa.func.coalesce(MilestoneState.overdue_from, MilestoneState.due_on)
        ids |= set(
            session.scalars(
                sa.select(MilestoneState.contract_id).where(counted_to >= pending["calendar_from"]).distinct()
            )
        )
    return ids


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    if session is not db.session():
        return
    session.flush()  # the commit's own flush comes after this hook: note what it writes first
    pending = session.info.pop(_PENDING, None)
    if pending:
        refresh(_contracts_to_refresh(session, pending))


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
