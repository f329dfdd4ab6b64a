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
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from contractmgr.domain.calendar import WorkingCalendar
from contractmgr.domain.renewal import chain_limit_end
from contractmgr.extensions import db
from contractmgr.models import AcceptanceSubmission, Contract, Role, User
from contractmgr.models.users import token_digest
from contractmgr.services import acceptance, statutory
from contractmgr.services.access import visible_contracts
from contractmgr.services.contracts import view_contract

#: Tender 六: a local service office within one week (7 days) of the award.
LOCAL_OFFICE_DAYS = 7


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
class _Known:
    """What the builders need beyond each contract's own rows, read for all the user's contracts at
    once (a few queries whatever their number) rather than contract by contract."""

    #: contract id → its submissions waiting for a decision, in id order
    pending: dict[int, list[AcceptanceSubmission]]
    #: ids of the contracts another contract renews
    renewed: set[int]
    #: chain id → the latest year in it
    latest_year: dict[int, int]
    #: for finance: what the schedules of all the contracts need (None for the other roles)
    schedules: object | None = None
    #: for vendors: contract id → its acceptance submissions, in attempt order
    submissions: dict[int, list[AcceptanceSubmission]] | None = None


_CHUNK = 1000


def _known(contracts: list[Contract], role: str, today: date) -> _Known:
    pending: dict[int, list[AcceptanceSubmission]] = {}
    renewed: set[int] = set()
    latest_year: dict[int, int] = {}
    ids = [c.id for c in contracts]
    chains = sorted({c.chain_id for c in contracts})
    if role == Role.PROCUREMENT:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for submission in db.session.scalars(
                sa.select(AcceptanceSubmission)
                .where(AcceptanceSubmission.contract_id.in_(chunk), AcceptanceSubmission.decision.is_(None))
                .order_by(AcceptanceSubmission.id)
            ):
                pending.setdefault(submission.contract_id, []).append(submission)
            renewed |= set(db.session.scalars(sa.select(Contract.renews_id).where(Contract.renews_id.in_(chunk))))
        for start in range(0, len(chains), _CHUNK):
            rows = db.session.execute(
                sa.select(Contract.chain_id, sa.func.max(Contract.year_in_chain))
                .where(Contract.chain_id.in_(chains[start : start + _CHUNK]))
                .group_by(Contract.chain_id)
            )
            latest_year.update({chain_id: year for chain_id, year in rows})
    schedules = None
    if role == Role.FINANCE:
        from contractmgr.services.schedule import calendar_for, lpr_table, schedule_inputs

        schedules = (calendar_for(contracts, today), lpr_table(), schedule_inputs(contracts))
    submissions = acceptance.submissions_of(ids) if role == Role.VENDOR else None
    return _Known(pending, renewed, latest_year, schedules, submissions)


def deadlines_for(user: User, today: date, calendar: WorkingCalendar) -> list[Deadline]:
    """Everything due for `user`, soonest (or longest waiting) first."""
    from contractmgr.services.schedule import SCHEDULE_LOADS

    loads = {
        Role.PROCUREMENT: (selectinload(Contract.lines), joinedload(Contract.chain)),
        Role.FINANCE: SCHEDULE_LOADS,
        Role.VENDOR: (selectinload(Contract.lines),),
    }.get(user.role, ())
    contracts = [
        c
        for c in db.session.scalars(visible_contracts(user).order_by(Contract.id).options(*loads))
        if c.terminated_on is None or c.terminated_on > today
    ]
    known = _known(contracts, user.role, today)
    builders = {
        Role.VENDOR: (_acceptance_due, _local_office),
        Role.PROCUREMENT: (_reviews, _confirmations, _renewals, _statutory),
        Role.FINANCE: (_milestones,),
    }.get(user.role, ())
    items = [item for contract in contracts for build in builders for item in build(contract, today, calendar, known)]
    return sorted(items, key=lambda d: (d.due_on, d.contract.id, d.kind, d.ref))


def _acceptance_due(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    for scope in acceptance.scopes_of(contract, calendar, today, known.submissions.get(contract.id, [])):
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


def _local_office(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    # The award date is not on file; signing is the nearest recorded date. Only the first contract
    # of a chain opens an office, and no record says it was opened: the item leaves once past.
    if contract.year_in_chain != 1 or contract.signed_on is None:
        return
    due = contract.signed_on + timedelta(days=LOCAL_OFFICE_DAYS)
    if today <= due:
        yield Deadline("local_office", due, contract, params={"signed_on": contract.signed_on})


def _reviews(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    for submission in known.pending.get(contract.id, []):
        line = next((li for li in contract.lines if li.id == submission.line_item_id), None)
        yield Deadline(
            "acceptance_review",
            submission.submitted_on,
            contract,
            since=True,
            params={"attempt": submission.attempt, "seq": line.seq if line else None, "submission_id": submission.id},
            ref=f"submission-{submission.id}",
        )


def _confirmations(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    for line_view in view_contract(contract, today).waiting_lines:
        yield Deadline(
            "line_confirmation",
            contract.start_on,
            contract,
            since=True,
            params={"seq": line_view.line.seq, "name": line_view.line.name},
            ref=f"line-{line_view.line.seq}",
        )


def _renewals(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    if today > contract.end_on:
        return
    if contract.id in known.renewed or known.latest_year.get(contract.chain_id, 0) > contract.year_in_chain:
        return
    chain = contract.chain
    limit = chain_limit_end(chain.started_on, chain.max_years)
    if limit <= contract.end_on:
        return  # the chain's 3 years end with this contract: nothing left to decide
    yield Deadline(
        "renewal_decision", contract.end_on, contract, params={"year": contract.year_in_chain + 1, "limit": limit}
    )


def _statutory(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    for deadline in statutory.contract_deadlines(contract, calendar):
        if deadline.done:
            continue
        yield Deadline(
            f"statutory_{deadline.kind}",
            deadline.due.on,
            contract,
            provisional=deadline.due.provisional,
            params={"clause": deadline.clause, "counts_from": deadline.counts_from},
            ref=deadline.kind,
        )


def _milestones(contract: Contract, today: date, calendar: WorkingCalendar, known: _Known):
    """Milestones still to pay, dated exactly as finance's schedules and overview date them (one
    calendar over all the contracts' years, their deductions and inspections read for all at once)."""
    from contractmgr.services.schedule import contract_schedule

    calendar_, rates, inputs = known.schedules
    for view in contract_schedule(contract, today, calendar=calendar_, rates=rates, inputs=inputs).milestones:
        status = view.status
        if status.kind == "paid" or status.due_on is None:
            continue
        yield Deadline(
            "milestone_payment",
            status.due_on,
            contract,
            provisional=status.provisional,
            waiting=status.kind == "waiting",
            params={
                "seq": view.milestone.seq,
                "status": status.kind,
                "outstanding": status.outstanding,
                "overdue_days": status.overdue_working_days,
            },
            ref=f"milestone-{view.milestone.seq}",
        )


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
