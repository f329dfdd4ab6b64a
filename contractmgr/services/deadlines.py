"""What is due for each user, soonest first — the same list the deadlines page and the iCalendar feed show.

- vendor: acceptance submissions and reworks of its own contracts (第十一条), the local service
  office within a week of the award (tender 六);
- procurement: submissions to review, lines waiting for their start confirmation (tender 四), renewal
  decisions before a contract's year ends (第四条);
- finance: milestones to pay (第七条), with the status domain.schedule gives them;
- procurement, by law: signing within 30 days of the award notice (《政府采购法》第四十六条),
  publishing within 2 working days (实施条例 第五十条) and filing within 7 (第四十七条) of signing,
  until the officer records the day each was done.

Items that wait for someone rather than fall due on a day (a review, a confirmation) carry the day
they have been waiting since (`since`), so the oldest comes first.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased, contains_eager, joinedload

from contractmgr.domain import acceptance as acceptance_rules
from contractmgr.domain.calendar import WorkingCalendar
from contractmgr.domain.renewal import chain_limit_end
from contractmgr.extensions import db
from contractmgr.models import AcceptanceSubmission, Contract, LineItem, MilestoneState, Role, User
from contractmgr.models.users import token_digest
from contractmgr.services import acceptance, statutory
from contractmgr.services.access import visible_contracts
from contractmgr.services.contracts import IN_LIST_CHUNK, notice_lines
from contractmgr.services.milestone_state import calendar_since_first_due, stored_status

#: Tender 六: a local service office within one week (7 days) of the award.
LOCAL_OFFICE_DAYS = 7

# Made once: each new alias builds its column collections again when a query first uses it (about a
# fifth of the officer's deadlines page's CPU when made per request).
_LATER_SUBMISSION = aliased(AcceptanceSubmission)
_RENEWAL, _LATER_CONTRACT = aliased(Contract), aliased(Contract)


@dataclass(frozen=True)
class Deadline:
    #: acceptance_submission | acceptance_rework | local_office | acceptance_review | line_confirmation
    #: | renewal_decision | milestone_payment | statutory_signing | statutory_publication | statutory_filing
    kind: str
    due_on: date
    contract: Contract
    #: what the message needs (seq, attempt, amount …); the web layer words it
    params: dict = field(default_factory=dict)
    #: counted through a year the working-day calendar does not know yet
    provisional: bool = False
    #: `due_on` is the day it has been waiting since, not a day it falls due
    since: bool = False
    #: a payment still waiting for its conditions: no clock runs yet, so it cannot be overdue
    #: (the same state finance's schedule and overview show)
    waiting: bool = False
    #: distinguishes two items of one kind on one contract (a line, a milestone, a submission)
    ref: str = ""

    @property
    def uid(self) -> str:
        """Stable across feeds, so a calendar updates the event instead of adding another."""
        return f"{self.kind}-{self.contract.id}-{self.ref or 'contract'}"

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    def overdue(self, today: date) -> bool:
        return self.days_left(today) < 0 and not self.since and not self.waiting


@dataclass(frozen=True)
class _Window:
    """What every source of items needs: whose contracts, which day, how many items at most (the first
    `limit` by date; None for all)."""

    user: User
    today: date
    calendar: WorkingCalendar
    limit: int | None

    def contracts(self, query: sa.Select) -> sa.Select:
        """`query` (which reads Contract) kept to the user's live contracts."""
        visible = visible_contracts(self.user).whereclause
        if visible is not None:
            query = query.where(visible)
        return query.where(sa.or_(Contract.terminated_on.is_(None), Contract.terminated_on > self.today))

    def own(self, contract_id: sa.ColumnElement[int]) -> list[sa.ColumnElement[bool]]:
        """Conditions keeping another table's rows, by their `contract_id`, to the user's contracts (none for a
        user who sees them all): so a subquery over every contract reads only a vendor's."""
        visible = visible_contracts(self.user).whereclause
        return [] if visible is None else [contract_id.in_(sa.select(Contract.id).where(visible))]

    def first(self, query: sa.Select, build: Callable[[Any], Iterable[Deadline]]) -> Iterator[Deadline]:
        """The items `build` makes of the rows of `query` (ordered so that the items come soonest first),
        read a batch at a time until `limit` items are made: the cost follows the page, not the number
        of contracts."""
        made, offset = 0, 0
        batch = self.limit or None
        while True:
            rows = list(db.session.scalars(query.limit(batch).offset(offset)).unique())
            for row in rows:
                for item in build(row):
                    made += 1
                    yield item
            if batch is None or len(rows) < batch or made >= batch:
                return
            offset += batch


def deadlines_for(user: User, today: date, calendar: WorkingCalendar, *, limit: int | None = None) -> list[Deadline]:
    """Everything due for `user`, soonest (or longest waiting) first: the first `limit` items (all when
    None).

    Each kind is read from SQL in the order of the day it counts from, which orders its items by their
    date too, so the first `limit` of each kind give the first `limit` of all."""
    window = _Window(user, today, calendar, limit)
    sources = {
        Role.VENDOR: (_vendor_items,),
        Role.PROCUREMENT: (_reviews, _confirmations, _renewals, _signing, _publication, _filing),
        Role.FINANCE: (_milestones,),
    }.get(user.role, ())
    items = sorted(
        (item for source in sources for item in source(window)), key=lambda d: (d.due_on, d.contract.id, d.kind, d.ref)
    )
    return items if limit is None else items[:limit]


# --- the vendor: its own contracts (a vendor's share, not the city's) ------------------------------


def _vendor_items(window: _Window) -> Iterator[Deadline]:
    yield from _local_office(window)
    yield from _acceptance(window)


class _days_after(sa.sql.expression.FunctionElement):
    """The day `days` days after a date or timestamp column, in SQL (each database counts days its way)."""

    type = sa.Date()
    inherit_cache = True


@compiles(_days_after)
def _days_after_default(element, compiler, **kw):
    day, days = element.clauses
    return f"(CAST({compiler.process(day, **kw)} AS DATE) + {compiler.process(days, **kw)})"


@compiles(_days_after, "sqlite")
def _days_after_sqlite(element, compiler, **kw):
    day, days = element.clauses
    return f"date({compiler.process(day, **kw)}, {compiler.process(days, **kw)} || ' days')"


class _term_end_at_least(sa.sql.expression.FunctionElement):
    """A day no later than the last day of a term of `months` months from `start` (domain.periods.term_from),
    and at most three days before it: each database adds months its own way at a month's end (PostgreSQL
    keeps to the month's last day, SQLite runs over into the next month), so the bound allows for both."""

    type = sa.Date()
    inherit_cache = True


@compiles(_term_end_at_least)
def _term_end_at_least_default(element, compiler, **kw):
    start, months = (compiler.process(clause, **kw) for clause in element.clauses)
    # 2026-01-31 + 1 month is 2026-02-28 here; the term ends that day (its anniversary is 1 March)
    return f"(CAST({start} + make_interval(months => {months}) AS DATE) - 1)"


@compiles(_term_end_at_least, "sqlite")
def _term_end_at_least_sqlite(element, compiler, **kw):
    start, months = (compiler.process(clause, **kw) for clause in element.clauses)
    # 2026-01-31 + 1 month is 2026-03-03 here (31 February run over); the term ends 2026-02-28
    return f"date({start}, {months} || ' months', '-4 days')"


def _acceptance_earliest(window: _Window) -> sa.Subquery:
    """For each contract, a day none of its acceptance items counts from before (contract_id, earliest):
    the end of each scope no one has submitted for yet — the contract's end, or the end of a line's own
    year (from its own start or its confirmation; within three days, see _term_end_at_least) — and the
    day before the last failed decision of each scope (a rework counts from it, in the business zone).
    Only a bound: the items themselves come from acceptance.scopes_of, read in this order. An item
    counting from day D falls due 15 working days after it (the same for a submission and a rework,
    rules.SUBMISSION_WORKING_DAYS, rules.REWORK_WORKING_DAYS), so it cannot fall due before the
    same count from the bound. Only the user's contracts are read (a vendor's, not every contract)."""
    contract_open = window.contracts(
        sa.select(Contract.id.label("contract_id"), Contract.end_on.label("earliest")).where(
            ~sa.exists().where(
                AcceptanceSubmission.contract_id == Contract.id, AcceptanceSubmission.line_item_id.is_(None)
            )
        )
    )
    later = _LATER_SUBMISSION
    reworks = sa.select(
        AcceptanceSubmission.contract_id, _days_after(AcceptanceSubmission.decided_at, -1).label("earliest")
    ).where(
        AcceptanceSubmission.decision == "fail",
        ~sa.exists().where(  # a later attempt of the same scope: the failure no longer counts
            later.contract_id == AcceptanceSubmission.contract_id,
            sa.func.coalesce(later.line_item_id, 0) == sa.func.coalesce(AcceptanceSubmission.line_item_id, 0),
            later.attempt > AcceptanceSubmission.attempt,
        ),
        *window.own(AcceptanceSubmission.contract_id),
    )
    line_start = sa.case((LineItem.start_on_confirmation, LineItem.confirmed_on), else_=LineItem.start_on)
    lines = sa.select(
        LineItem.contract_id,
        sa.func.coalesce(LineItem.end_on, _term_end_at_least(line_start, LineItem.term_months)).label("earliest"),
    ).where(
        # implied by line_start's being set; said as well (models.lines.OWN_TERM) so that the database reads the
        # few lines it keeps from their partial index, and estimates them as few (it has no statistics on the CASE)
        sa.or_(LineItem.start_on.is_not(None), LineItem.confirmed_on.is_not(None)),
        LineItem.voided_at.is_(None),
        line_start.is_not(None),
        ~sa.exists().where(AcceptanceSubmission.line_item_id == LineItem.id),
        *window.own(LineItem.contract_id),
    )
    bounds = sa.union_all(contract_open, reworks, lines).subquery()
    return (
        sa.select(bounds.c.contract_id, sa.func.min(bounds.c.earliest).label("earliest"))
        .group_by(bounds.c.contract_id)
        .subquery()
    )


def _acceptance(window: _Window) -> Iterator[Deadline]:
    """Acceptance submissions and reworks, contract by contract in the order of the earliest day each
    could count from: once `limit` items fall due before the first day the next contract's could, no
    later contract can bring an earlier one."""
    earliest = _acceptance_earliest(window)
    query = window.contracts(
        sa.select(Contract, sa.type_coerce(earliest.c.earliest, sa.Date))
        .join(earliest, earliest.c.contract_id == Contract.id)
        .order_by(earliest.c.earliest, Contract.id)
    )
    batch, offset, made = window.limit, 0, []
    while True:
        rows = db.session.execute(query.limit(batch).offset(offset)).unique().all()
        # the batch's submissions and lines IN_LIST_CHUNK contracts at a time (without a limit, the reminders'
        # run, the batch is all of the vendor's contracts); one chunk even for an empty batch, so that the
        # page's cost does not depend on what the batch holds
        for start in range(0, max(len(rows), 1), IN_LIST_CHUNK):
            contracts = [contract for contract, _ in rows[start : start + IN_LIST_CHUNK]]
            submissions: dict[int, list[AcceptanceSubmission]] = {c.id: [] for c in contracts}
            for submission in db.session.scalars(
                sa.select(AcceptanceSubmission)
                .where(AcceptanceSubmission.contract_id.in_(list(submissions)))
                .order_by(AcceptanceSubmission.attempt, AcceptanceSubmission.id)
            ):
                submissions[submission.contract_id].append(submission)
            lines = notice_lines(list(submissions))  # rows, not a batch's thousands of line objects
            for contract in contracts:
                for item in _acceptance_due(contract, window, submissions[contract.id], lines[contract.id]):
                    made.append(item)
                    yield item
        if batch is None or len(rows) < batch:
            return
        next_due = acceptance_rules.submission_deadline(rows[-1][1], window.calendar).on
        if sum(item.due_on < next_due for item in made) >= batch:
            return
        offset += batch


def _acceptance_due(
    contract: Contract, window: _Window, submissions: list[AcceptanceSubmission], lines: list[sa.Row]
) -> Iterator[Deadline]:
    for scope in acceptance.scopes_of(contract, window.calendar, window.today, submissions, lines):
        if scope.state not in ("open", "rework"):
            continue
        kind = "acceptance_submission" if scope.state == "open" else "acceptance_rework"
        yield Deadline(
            kind,
            scope.deadline.on,
            contract,
            provisional=scope.deadline.provisional,
            params={"seq": scope.line.seq if scope.line else None, "attempt": len(scope.submissions) + 1},
            ref=scope.key,
        )


def _local_office(window: _Window) -> Iterator[Deadline]:
    # The award date is not on file; signing is the nearest recorded date. Only the first contract
    # of a chain opens an office, and no record says it was opened: the item leaves once past.
    query = window.contracts(
        sa.select(Contract)
        .where(
            Contract.year_in_chain == 1,
            Contract.signed_on >= window.today - timedelta(days=LOCAL_OFFICE_DAYS),
        )
        .order_by(Contract.signed_on, Contract.id)
    )

    def build(contract: Contract):
        due = contract.signed_on + timedelta(days=LOCAL_OFFICE_DAYS)
        yield Deadline("local_office", due, contract, params={"signed_on": contract.signed_on})

    return window.first(query, build)


# --- procurement: each kind in SQL, in the order of its date ---------------------------------------


def _reviews(window: _Window) -> Iterator[Deadline]:
    query = window.contracts(
        sa.select(AcceptanceSubmission)
        .join(Contract, Contract.id == AcceptanceSubmission.contract_id)
        .where(AcceptanceSubmission.decision.is_(None))
        .order_by(AcceptanceSubmission.submitted_on, AcceptanceSubmission.id)
        .options(contains_eager(AcceptanceSubmission.contract), joinedload(AcceptanceSubmission.line_item))
    )

    def build(submission: AcceptanceSubmission):
        yield Deadline(
            "acceptance_review",
            submission.submitted_on,
            submission.contract,
            since=True,
            params={
                "attempt": submission.attempt,
                "seq": submission.line_item.seq if submission.line_item else None,
                "submission_id": submission.id,
            },
            ref=f"submission-{submission.id}",
        )

    return window.first(query, build)


def _confirmations(window: _Window) -> Iterator[Deadline]:
    # A line that starts on the purchaser's confirmation has no period until it is recorded
    # (domain.periods.line_period): it waits since the contract's start.
    query = window.contracts(
        sa.select(LineItem)
        .join(Contract, Contract.id == LineItem.contract_id)
        .where(LineItem.start_on_confirmation.is_(True), LineItem.confirmed_on.is_(None), LineItem.voided_at.is_(None))
        .order_by(Contract.start_on, Contract.id, LineItem.seq)
        .options(contains_eager(LineItem.contract))
    )
    return window.first(
        query,
        lambda line: [
            Deadline(
                "line_confirmation",
                line.contract.start_on,
                line.contract,
                since=True,
                params={"seq": line.seq, "name": line.name},
                ref=f"line-{line.seq}",
            )
        ],
    )


def _renewals(window: _Window) -> Iterator[Deadline]:
    """The latest contract of each chain, not renewed, not ended: a decision due by its end (第四条)."""
    renewal, later = _RENEWAL, _LATER_CONTRACT
    query = window.contracts(
        sa.select(Contract)
        .where(
            Contract.end_on >= window.today,
            ~sa.exists().where(renewal.renews_id == Contract.id),
            ~sa.exists().where(later.chain_id == Contract.chain_id, later.year_in_chain > Contract.year_in_chain),
        )
        .order_by(Contract.end_on, Contract.id)
        .options(joinedload(Contract.chain))
    )

    def build(contract: Contract):
        chain = contract.chain
        limit = chain_limit_end(chain.started_on, chain.max_years)
        if limit <= contract.end_on:
            return  # the chain's 3 years end with this contract: nothing left to decide
        yield Deadline(
            "renewal_decision", contract.end_on, contract, params={"year": contract.year_in_chain + 1, "limit": limit}
        )

    return window.first(query, build)


def _statutory(window: _Window, kind: str, counts_from, still_open) -> Iterator[Deadline]:
    """One of the law's deadlines (signing, publication, filing) still open: its due date follows the
    day it counts from, so the contracts come in that order."""
    query = window.contracts(
        sa.select(Contract).where(counts_from.is_not(None), still_open).order_by(counts_from, Contract.id)
    )

    def build(contract: Contract):
        for deadline in statutory.contract_deadlines(contract, window.calendar):
            if deadline.kind != kind or deadline.done:
                continue
            yield Deadline(
                f"statutory_{deadline.kind}",
                deadline.due.on,
                contract,
                provisional=deadline.due.provisional,
                params={"clause": deadline.clause, "counts_from": deadline.counts_from},
                ref=deadline.kind,
            )

    return window.first(query, build)


def _signing(window: _Window) -> Iterator[Deadline]:
    return _statutory(window, "signing", Contract.award_notice_on, Contract.signed_on.is_(None))


def _publication(window: _Window) -> Iterator[Deadline]:
    return _statutory(window, "publication", Contract.signed_on, Contract.published_on.is_(None))


def _filing(window: _Window) -> Iterator[Deadline]:
    return _statutory(window, "filing", Contract.signed_on, Contract.filed_on.is_(None))


# --- finance: the stored milestone states ----------------------------------------------------------


def _milestones(window: _Window) -> Iterator[Deadline]:
    """Milestones still to pay, dated exactly as finance's schedules and overview date them (the
    stored states, services.milestone_state), soonest first."""
    calendar = calendar_since_first_due(window.today)
    query = window.contracts(
        sa.select(MilestoneState)
        .join(Contract, Contract.id == MilestoneState.contract_id)
        .where(MilestoneState.kind != "paid", MilestoneState.due_on.is_not(None))
        .order_by(MilestoneState.due_on, MilestoneState.contract_id, MilestoneState.milestone_id)
        .options(contains_eager(MilestoneState.contract), joinedload(MilestoneState.milestone))
    )

    def build(state: MilestoneState):
        status = stored_status(state, window.today, calendar)
        yield Deadline(
            "milestone_payment",
            status.due_on,
            state.contract,
            provisional=status.provisional,
            waiting=status.kind == "waiting",
            params={
                "seq": state.milestone.seq,
                "status": status.kind,
                "outstanding": status.outstanding,
                "overdue_days": status.overdue_working_days,
            },
            ref=f"milestone-{state.milestone.seq}",
        )

    return window.first(query, build)


# --- the calendar feed's secret -------------------------------------------------------------------


def issue_calendar_token(user: User) -> str:
    """A new secret for the user's feed URL, returned to be shown once: only its digest is kept, as
    for API tokens, so a copy of the database opens no feed. The old URL stops working."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_digest = token_digest(token)
    db.session.flush()
    return token


def revoke_calendar_token(user: User) -> None:
    user.calendar_token_digest = None
    db.session.flush()


def user_for_calendar_token(token: str) -> User | None:
    """The active user whose feed this is; None for a wrong or revoked token."""
    if not token or len(token) > 64:
        return None
    user = db.session.scalar(sa.select(User).where(User.calendar_token_digest == token_digest(token)))
    if user is None or not user.is_active:
        return None
    return user
