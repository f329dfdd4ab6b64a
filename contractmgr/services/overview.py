"""Finance's overview across contracts (付款计划总览), read from the stored milestone states (issue 12).

Which milestones, in what order, their totals and the month totals are SQL over `milestone_states`: the
cost of a visit does not grow with the number of contracts. The rows shown are read from the states too (no
contract's schedule is rebuilt: `StoredView` gives what the schedule's view gives a list, today's status by
the schedule's own rule). The Excel export reads every listed row in chunks from the same query.

Order: overdue first, then by due date, undated last. Filters: the status lists show (overdue when a
working day has passed after the due date and something is still owed), purchaser, vendor, the due
date's month. Month totals: the net payable of the listed milestones by due month, and what was paid
on them by the month of payment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.schedule import MilestoneStatus
from contractmgr.domain.sme import CLAUSES
from contractmgr.extensions import db
from contractmgr.models import Contract, MilestoneCondition, MilestoneState, Payment, PaymentMilestone
from contractmgr.models.types import money_sum
from contractmgr.services.milestone_state import calendar_since_first_due, display_kind, stored_due, stored_status
from contractmgr.services.paging import Page, paginate
from contractmgr.services.schedule import CLOCK_EVENTS, ClockStart, ConditionView

STATUS_FILTERS = ("waiting", "due", "overdue", "partly_paid", "paid")
_ZERO = Decimal("0.00")
#: rows the export reads at a time
EXPORT_CHUNK = 500


@dataclass(frozen=True)
class MonthTotal:
    month: str
    #: net payable of the milestones due that month
    payable: Decimal = _ZERO
    #: payments made that month (whatever milestone they were for)
    paid: Decimal = _ZERO


@dataclass(frozen=True)
class Overview:
    #: the page of rows shown
    page: Page
    months: list[MonthTotal]
    #: over every listed milestone, not only the page's
    payable: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue_count: int
    #: net payable of the listed milestones that have no due date yet
    undated_payable: Decimal
    filters: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[ListedRow]:
        return self.page.items


def listed_states(
    contracts: sa.Select,
    today: date,
    *,
    status: str | None = None,
    purchaser_id: int | None = None,
    vendor_id: int | None = None,
    month: str | None = None,
) -> sa.Select:
    """The listed milestones' states, in no order: what the totals and month totals add up. `contracts`: a
    query of the contracts the user may see (services.access.visible_contracts). The contracts are joined only
    when the user or a filter limits them: finance sees every contract, and its totals need not join 10,000."""
    query = sa.select(MilestoneState)
    if contracts.whereclause is not None or purchaser_id or vendor_id:
        query = query.join(Contract, Contract.id == MilestoneState.contract_id)
    if contracts.whereclause is not None:
        query = query.where(contracts.whereclause)
    if purchaser_id:
        query = query.where(Contract.purchaser_id == purchaser_id)
    if vendor_id:
        query = query.where(Contract.vendor_id == vendor_id)
    if month:
        query = query.where(MilestoneState.due_month == month)
    if status:
        query = query.where(display_kind(today) == status)
    return query


#: what a listed row shows besides its state: the milestone (joined for the order), the contract and its parties
#: (read after, for the rows of the page only: joined, they would widen every row the order sorts)
_ROW_LOADS = (
    contains_eager(MilestoneState.milestone),
    selectinload(MilestoneState.contract).joinedload(Contract.purchaser),
    selectinload(MilestoneState.contract).joinedload(Contract.vendor),
)


def overview_query(contracts: sa.Select, today: date, **filters) -> sa.Select:
    """The listed milestones' states (listed_states) in the overview's order: overdue first, then by due date,
    the undated last."""
    return (
        listed_states(contracts, today, **filters)
        .join(PaymentMilestone, PaymentMilestone.id == MilestoneState.milestone_id)
        .order_by(*_order_key(today))
    )


#: after every due date: the undated rows' place in the order's key
_UNDATED = date(9999, 12, 31)


def _order_key(today: date) -> tuple[sa.ColumnElement, ...]:
    """The overview's order, as a key unique to each row (a contract's milestones have distinct seq). An undated
    row counts as due on _UNDATED, which puts it after every dated row, as `due_on IS NULL` first would."""
    return (
        sa.case((MilestoneState.overdue_from <= today, 0), else_=1),
        sa.func.coalesce(MilestoneState.due_on, sa.literal(_UNDATED, sa.Date)),
        MilestoneState.contract_id,
        PaymentMilestone.seq,
    )


def _key_of(state: MilestoneState, today: date) -> tuple:
    """The _order_key of a row read, in Python."""
    overdue = state.overdue_from is not None and state.overdue_from <= today
    return (0 if overdue else 1, state.due_on or _UNDATED, state.contract_id, state.milestone.seq)


def payment_overview(
    contracts: sa.Select,
    today: date,
    *,
    page: int | None = None,
    per_page: int | None = None,
    **filters,
) -> Overview:
    """A page of the overview, with the totals and month totals of every listed milestone."""
    listed = listed_states(contracts, today, **filters)
    months = _by_due_month(listed.subquery(), today)
    total = sum(m.count for m in months)
    shown = paginate(overview_query(contracts, today, **filters).options(*_ROW_LOADS), page, per_page, total=total)
    return Overview(
        page=Page(_rows(shown.items, today), shown.number, shown.per_page, shown.total),
        months=_month_totals(months, listed),
        payable=sum((m.payable for m in months), _ZERO),
        paid=sum((m.paid for m in months), _ZERO),
        outstanding=sum((m.outstanding for m in months), _ZERO),
        overdue_count=sum(m.overdue for m in months),
        undated_payable=next((m.payable for m in months if m.month is None), _ZERO),
        filters=dict(filters),
    )


@dataclass(frozen=True)
class _DueMonth:
    """The listed milestones due in one month (None: not yet dated), summed."""

    month: str | None
    payable: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: int
    count: int


def _by_due_month(listed: sa.Subquery, today: date) -> list[_DueMonth]:
    """One pass over the listed states: the page's totals are the sums of these, the chart's payable bars are
    these."""
    rows = db.session.execute(
        sa.select(
            listed.c.due_month,
            money_sum(listed.c.net_amount),
            money_sum(listed.c.paid_amount),
            money_sum(listed.c.outstanding),
            sa.func.count().filter(listed.c.overdue_from <= today),
            sa.func.count(),
        ).group_by(listed.c.due_month)
    )
    return [_DueMonth(*row) for row in rows]


def _rows(states: list[MilestoneState], today: date, calendar: WorkingCalendar | None = None) -> list[ListedRow]:
    """Rows of the page or of an export chunk, from their stored states (no schedule is rebuilt)."""
    if not states:
        return []
    missing = _missing_conditions([s.milestone_id for s in states])
    calendar = calendar or calendar_since_first_due(today)
    return [ListedRow(s.contract, stored_view(s, missing.get(s.milestone_id, []), today, calendar)) for s in states]


def month_totals(contracts: sa.Select, today: date, **filters) -> list[MonthTotal]:
    """The month totals of the listed milestones (the export's second sheet)."""
    listed = listed_states(contracts, today, **filters)
    return _month_totals(_by_due_month(listed.subquery(), today), listed)


def _month_totals(due: list[_DueMonth], listed: sa.Select) -> list[MonthTotal]:
    payable = {m.month: m.payable for m in due if m.month is not None}
    paid_month = _month_of(Payment.paid_on)
    paid_query = sa.select(paid_month, money_sum(Payment.amount)).group_by(paid_month)
    if listed.whereclause is not None:
        paid_query = paid_query.where(Payment.milestone_id.in_(listed.with_only_columns(MilestoneState.milestone_id)))
    # else every milestone is listed (each has its state), and so is every payment
    paid = dict(db.session.execute(paid_query).all())
    return [
        MonthTotal(month, payable.get(month, _ZERO), paid.get(month, _ZERO))
        for month in sorted(set(payable) | set(paid))
    ]


def _month_of(column) -> sa.ColumnElement[str]:
    """A date column's "2026-07" in SQL, on either engine."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(column, "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ("2026-05" … "2027-06"), so a chart has no gaps."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --- the export: every listed row, from the stored states ----------------------------------------


@dataclass(frozen=True)
class _Netted:
    applied: Decimal
    net: Decimal


@dataclass(frozen=True)
class StoredDay:
    """A due date beside the one that counts, as a list shows it: the day only."""

    on: date


@dataclass(frozen=True)
class StoredSmeClock:
    """An SME vendor's statutory clock as the state keeps it (what texts.statutory.due_basis_text reads of
    domain.sme.SmeDue)."""

    basis: str
    clause: str
    starts_on: date
    days: int
    due: StoredDay


@dataclass(frozen=True)
class StoredView:
    """What the export (and texts.finance.status_text) reads of a milestone, from its stored state:
    today's status comes from the same rule as the schedule's (domain.schedule.milestone_status)."""

    milestone: PaymentMilestone
    state: MilestoneState
    due: DueDate | None
    status: MilestoneStatus
    clock: ClockStart
    missing: list[ConditionView]

    @property
    def netted(self) -> _Netted:
        return _Netted(self.state.deducted, self.state.net_amount)

    @property
    def conditions_met(self) -> bool:
        return self.state.conditions_met

    @property
    def provisional(self) -> bool:
        return self.status.provisional

    @property
    def paid(self) -> Decimal:
        return self.status.paid

    @property
    def outstanding(self) -> Decimal:
        return self.status.outstanding

    @property
    def unknown_years(self) -> tuple[int, ...]:
        return self.status.unknown_years

    @property
    def display_kind(self) -> str:
        if self.status.kind == "partly_paid" and self.status.is_overdue:
            return "overdue"
        return self.status.kind

    @property
    def due_basis(self) -> str:
        return self.state.due_basis

    @property
    def contract_due(self) -> StoredDay | None:
        return StoredDay(self.state.contract_due_on) if self.state.contract_due_on else None

    @property
    def sme(self) -> StoredSmeClock | None:
        state = self.state
        if state.sme_basis is None:
            return None
        return StoredSmeClock(
            state.sme_basis, CLAUSES[state.sme_basis], state.sme_starts_on, state.sme_days, StoredDay(state.sme_due_on)
        )


@dataclass(frozen=True)
class ListedRow:
    """A row of the overview's page and of its export."""

    contract: Contract
    view: StoredView

    @property
    def status_kind(self) -> str:
        return self.view.display_kind


def stored_view(state: MilestoneState, missing: list[MilestoneCondition], today: date, calendar) -> StoredView:
    milestone = state.milestone
    clock = ClockStart(CLOCK_EVENTS.get(milestone.seq, "recorded"), state.clock_on, None)
    return StoredView(
        milestone=milestone,
        state=state,
        due=stored_due(state),
        status=stored_status(state, today, calendar),
        clock=clock,
        missing=[ConditionView(c) for c in missing],
    )


def _missing_conditions(milestone_ids: list[int]) -> dict[int, list[MilestoneCondition]]:
    missing: dict[int, list[MilestoneCondition]] = {}
    for condition in db.session.scalars(
        sa.select(MilestoneCondition)
        .where(MilestoneCondition.milestone_id.in_(milestone_ids), MilestoneCondition.met_on.is_(None))
        .order_by(MilestoneCondition.id)
    ):
        missing.setdefault(condition.milestone_id, []).append(condition)
    return missing


def next_payments(contract_ids: list[int], today: date) -> dict[int, StoredView]:
    """Each contract's first milestone not yet paid in full (the dashboard's cards), from the stored
    states: two queries for a page of contracts."""
    states = db.session.scalars(
        sa.select(MilestoneState)
        .join(PaymentMilestone, PaymentMilestone.id == MilestoneState.milestone_id)
        .where(MilestoneState.contract_id.in_(contract_ids), MilestoneState.kind != "paid")
        .order_by(MilestoneState.contract_id, PaymentMilestone.seq)
        .options(contains_eager(MilestoneState.milestone))
    ).all()
    first: dict[int, MilestoneState] = {}
    for state in states:
        first.setdefault(state.contract_id, state)
    if not first:
        return {}
    missing = _missing_conditions([s.milestone_id for s in first.values()])
    calendar = calendar_since_first_due(today)
    return {
        contract_id: stored_view(state, missing.get(state.milestone_id, []), today, calendar)
        for contract_id, state in first.items()
    }


def export_rows(contracts: sa.Select, today: date, *, chunk_size: int = EXPORT_CHUNK, **filters) -> Iterator[ListedRow]:
    """Every listed row in the overview's order, read `chunk_size` at a time: the rows of a chunk are
    let go once written (the session keeps only weak references to unchanged records). Each chunk starts
    after the last row of the one before (its key), not at an offset the database must read up to again."""
    query = overview_query(contracts, today, **filters).options(*_ROW_LOADS).limit(chunk_size)
    calendar = calendar_since_first_due(today)
    after = None
    while True:
        page = query if after is None else query.where(sa.tuple_(*_order_key(today)) > sa.tuple_(*after))
        chunk = list(db.session.scalars(page).unique())
        yield from _rows(chunk, today, calendar)
        if len(chunk) < chunk_size:
            return
        after = _key_of(chunk[-1], today)
