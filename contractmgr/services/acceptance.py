"""Acceptance (验收, contract 第十一条): materials and their versions, submissions, the purchaser's review.

A contract is accepted in scopes: the contract as a whole (every line that shares its year), and
each line that runs its own year (annex lines 35 and 40, lines started on a confirmation). Each
scope has its own deadline — 15 working days after its year ends, or 15 after a failure — and its
own attempts. The materials are the contract's; a submission records the latest version of each.

A late submission proposes the late-delivery penalty; a failure proposes 5% (the first) or 10%
(again). Proposals only become charges when an officer confirms them (services/penalties.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from contractmgr import clock
from contractmgr.domain import acceptance as rules
from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import Conflict, RuleViolation
from contractmgr.domain.penalties import acceptance_failed, late_delivery
from contractmgr.extensions import db
from contractmgr.models import (
    AcceptanceMaterial,
    AcceptanceSubmission,
    Contract,
    LineItem,
    MaterialFile,
    Penalty,
    User,
)
from contractmgr.services import voiding
from contractmgr.services.contracts import view_contract
from contractmgr.services.locking import lock
from contractmgr.services.penalties import propose_penalty
from contractmgr.services.storage import save_upload

DECISIONS = ("pass", "fail")


# --- reading ---------------------------------------------------------------------------------


def materials_of(contract: Contract, *, voided: bool = False) -> list[AcceptanceMaterial]:
    """The contract's live materials in their order; with `voided`, the voided ones, latest last."""
    state = AcceptanceMaterial.voided_at.is_not(None) if voided else AcceptanceMaterial.voided_at.is_(None)
    order = (AcceptanceMaterial.voided_at,) if voided else (AcceptanceMaterial.position, AcceptanceMaterial.id)
    return list(
        db.session.scalars(
            sa.select(AcceptanceMaterial).where(AcceptanceMaterial.contract_id == contract.id, state).order_by(*order)
        )
    )


def material_count(contract_id: int) -> int:
    """How many live materials the contract's list has (how many files one upload may carry)."""
    return db.session.scalar(
        sa.select(sa.func.count(AcceptanceMaterial.id)).where(
            AcceptanceMaterial.contract_id == contract_id, AcceptanceMaterial.voided_at.is_(None)
        )
    )


def material_for(contract: Contract, material_id: int) -> AcceptanceMaterial | None:
    """The live material if it belongs to `contract`, else None (the caller answers 404)."""
    material = db.session.get(AcceptanceMaterial, material_id)
    if material is None or material.contract_id != contract.id or material.voided_at is not None:
        return None
    return material


def material_named(contract: Contract, name: str) -> AcceptanceMaterial | None:
    """The live material of that name."""
    return db.session.scalar(
        sa.select(AcceptanceMaterial).where(
            AcceptanceMaterial.contract_id == contract.id,
            AcceptanceMaterial.name == name.strip(),
            AcceptanceMaterial.voided_at.is_(None),
        )
    )


def material_file_for(contract: Contract, file_id: int) -> MaterialFile | None:
    """A version of one of `contract`'s materials, else None: the ownership check before a download."""
    version = db.session.get(MaterialFile, file_id)
    if version is None or version.material.contract_id != contract.id:
        return None
    return version


def submission_for(contract: Contract, submission_id: int) -> AcceptanceSubmission | None:
    submission = db.session.get(AcceptanceSubmission, submission_id)
    return submission if submission is not None and submission.contract_id == contract.id else None


def penalties_of(contract: Contract) -> list[Penalty]:
    """Every penalty of the contract, newest first (all kinds: the vendor sees what was charged)."""
    return list(
        db.session.scalars(
            sa.select(Penalty)
            .where(Penalty.contract_id == contract.id)
            .order_by(Penalty.created_at.desc(), Penalty.id.desc())
        )
    )


@dataclass
class Scope:
    """The contract, or one line with its own service year, as acceptance sees it."""

    contract: Contract
    #: None for the contract as a whole
    #: the line, or its services.contracts.notice_lines row when a list read the lines so (scopes_of)
    line: LineItem | sa.Row | None
    #: the last day of the scope's service year; None while a line waits for its start confirmation
    service_end: date | None
    submissions: list[AcceptanceSubmission] = field(default_factory=list)
    #: what the vendor must meet next: the submission or the rework deadline (None when nothing is due)
    deadline: DueDate | None = None
    #: waiting_confirmation | open | under_review | rework | passed
    state: str = "open"

    @property
    def key(self) -> str:
        """A stable name for forms and the calendar: "contract" or "line-<seq>"."""
        return "contract" if self.line is None else f"line-{self.line.seq}"

    @property
    def latest(self) -> AcceptanceSubmission | None:
        return self.submissions[-1] if self.submissions else None

    @property
    def pending(self) -> AcceptanceSubmission | None:
        latest = self.latest
        return latest if latest is not None and latest.decision is None else None

    @property
    def deadline_working_days(self) -> int:
        """The working days the next deadline counts (第十一条): after a failure, the rework period;
        otherwise the days after the service year."""
        return rules.REWORK_WORKING_DAYS if self.state == "rework" else rules.SUBMISSION_WORKING_DAYS

    @property
    def earliest_pass(self) -> date | None:
        return None if self.service_end is None else rules.earliest_acceptance(self.service_end)


def submissions_of(contract_ids: list[int]) -> dict[int, list[AcceptanceSubmission]]:
    """The submissions of these contracts by contract, in attempt order: a few queries for a whole list."""
    found: dict[int, list[AcceptanceSubmission]] = {contract_id: [] for contract_id in contract_ids}
    for start in range(0, len(contract_ids), 1000):
        for submission in db.session.scalars(
            sa.select(AcceptanceSubmission)
            .where(AcceptanceSubmission.contract_id.in_(contract_ids[start : start + 1000]))
            .order_by(AcceptanceSubmission.attempt, AcceptanceSubmission.id)
        ):
            found[submission.contract_id].append(submission)
    return found


def scopes_of(
    contract: Contract,
    calendar: WorkingCalendar,
    today: date,
    submissions: list[AcceptanceSubmission] | None = None,
    lines: list[sa.Row] | None = None,
) -> list[Scope]:
    """The contract's acceptance scopes with their submissions, state and next deadline
    (`submissions`: the contract's, in attempt order, when the caller read them for a list; `lines`: its live
    lines as services.contracts.notice_lines rows, when a list read them so, and a scope's `line` is then one).

    A line forms its own scope when its service year ends on another day than the contract's
    (its own start, or a start on confirmation); lines still waiting for that confirmation are
    listed with no deadline yet.
    """
    view = view_contract(contract, today, lines)
    scopes = [Scope(contract, None, contract.end_on)]
    for line_view in view.lines:
        period = line_view.period
        if period.waiting_confirmation:
            scopes.append(Scope(contract, line_view.line, None))
        elif period.period.end != contract.end_on:
            scopes.append(Scope(contract, line_view.line, period.period.end))
    if submissions is None:
        submissions = db.session.scalars(
            sa.select(AcceptanceSubmission)
            .where(AcceptanceSubmission.contract_id == contract.id)
            .order_by(AcceptanceSubmission.attempt)
        ).all()
    by_line = {scope.line.id if scope.line else None: scope for scope in scopes}
    for submission in submissions:
        scope = by_line.get(submission.line_item_id)
        if scope is None:  # a line that has since lost its own year: show it with the contract's
            scope = by_line[None]
        scope.submissions.append(submission)
    for scope in scopes:
        scope.state, scope.deadline = _state(scope, calendar)
    return scopes


def _state(scope: Scope, calendar: WorkingCalendar) -> tuple[str, DueDate | None]:
    latest = scope.latest
    if latest is None:
        if scope.service_end is None:
            return "waiting_confirmation", None
        return "open", rules.submission_deadline(scope.service_end, calendar)
    if latest.decision is None:
        return "under_review", None
    if latest.decision == "pass":
        return "passed", None
    return "rework", rules.rework_deadline(decided_on(latest), calendar)


def decided_on(submission: AcceptanceSubmission) -> date | None:
    """The business day of the decision (decided_at is kept in UTC; the day is read on the one clock,
    `contractmgr.clock`), so a rework period counts from the day the officer saw."""
    if submission.decided_at is None:
        return None
    return clock.local_date(submission.decided_at)


def scope_for(contract: Contract, key: str, calendar: WorkingCalendar, today: date) -> Scope | None:
    return next((s for s in scopes_of(contract, calendar, today) if s.key == key), None)


def scope_of_submission(submission: AcceptanceSubmission, calendar: WorkingCalendar, today: date) -> Scope:
    contract = db.session.get(Contract, submission.contract_id)
    return next(s for s in scopes_of(contract, calendar, today) if submission in s.submissions)


def latest_versions(contract: Contract) -> dict[int, MaterialFile]:
    """Each material's newest version, by material id (materials with no file are absent)."""
    return {m.id: m.versions[-1] for m in materials_of(contract) if m.versions}


def missing_materials(contract: Contract) -> list[str]:
    """The required materials that have no file yet, in their order."""
    return [m.name for m in materials_of(contract) if m.required and not m.versions]


# --- the vendor's actions ----------------------------------------------------------------------


def upload_material(material: AcceptanceMaterial, upload, *, by: User | None) -> MaterialFile:
    """A new version of `material` from an uploaded file; earlier versions stay as they were."""
    stored = save_upload(upload, by=by)
    last = db.session.scalar(
        sa.select(sa.func.max(MaterialFile.version)).where(MaterialFile.material_id == material.id)
    )
    version = MaterialFile(
        material=material, version=(last or 0) + 1, stored_file=stored, uploaded_by_id=by.id if by else None
    )
    db.session.add(version)
    db.session.flush()
    return version


def upload_materials(uploads: list[tuple[AcceptanceMaterial, FileStorage]], *, by: User | None) -> list[MaterialFile]:
    """New versions of several materials in one action, each file checked as `upload_material` checks one.

    All or nothing: every file is checked, and when any is refused the action raises
    `materials_refused` listing each refused file with its material and reason (the caller rolls back,
    so the good files of that attempt are not kept either); earlier versions are never touched."""
    if not uploads:
        raise RuleViolation("materials_none_chosen")
    versions, refused = [], []
    for material, upload in uploads:
        try:
            versions.append(upload_material(material, upload, by=by))
        except RuleViolation as violation:
            refused.append((material.name, violation))
    if refused:
        raise RuleViolation("materials_refused", refused=refused)
    return versions


def submit_acceptance(
    contract: Contract, scope_key: str, *, by: User | None, today: date, calendar: WorkingCalendar
) -> AcceptanceSubmission:
    """Submit the latest version of every material for one scope (the contract or a line).

    Refused while a required material has no file, while the previous attempt awaits review,
    once the scope has passed, and for a line still waiting for its start confirmation. The
    deadline is the scope's: 15 working days after its year (first attempt) or after the failure
    (rework). Materials may be handed in before the year ends; a submission after the deadline is
    marked late and proposes the late-delivery penalty (1% of the total per calendar day, at most 10%).

    The contract's row is locked before its scopes are read, so two submissions at once are made one
    after the other: the second finds the first awaiting review (a Conflict, 409) and no second
    attempt or penalty is made; the partial unique index on whole-contract attempts backs this up.
    """
    lock(contract)
    scope = scope_for(contract, scope_key, calendar, today)
    if scope is None:
        raise RuleViolation("acceptance_scope_unknown", scope=scope_key)
    if scope.state == "waiting_confirmation":
        raise RuleViolation("acceptance_line_waiting_confirmation", seq=scope.line.seq)
    if scope.state == "under_review":
        raise Conflict("acceptance_awaiting_review", attempt=scope.pending.attempt)
    if scope.state == "passed":
        raise RuleViolation("acceptance_already_passed")
    missing = missing_materials(contract)
    if missing:
        raise RuleViolation("acceptance_materials_missing", names=missing)
    deadline = scope.deadline
    submission = AcceptanceSubmission(
        contract_id=contract.id,
        line_item_id=scope.line.id if scope.line else None,
        attempt=len(scope.submissions) + 1,
        submitted_on=today,
        submitted_by_id=by.id if by else None,
        deadline_on=deadline.on,
        late=rules.is_late(today, deadline),
        files=list(latest_versions(contract).values()),
    )
    db.session.add(submission)
    db.session.flush()
    if submission.late:
        days = (today - deadline.on).days
        assessment = late_delivery(contract.total_amount, days)
        propose_penalty(
            contract,
            "late_delivery",
            amount=assessment.amount,
            clause=assessment.clause,
            inputs={
                **assessment.inputs,
                "deadline": deadline.on,
                "submitted_on": today,
                "attempt": submission.attempt,
                "scope": scope.key,
            },
            may_terminate=assessment.may_terminate,
            by=by,
            submission_id=submission.id,
        )
    return submission


# --- the purchaser's review --------------------------------------------------------------------


def review_submission(
    submission: AcceptanceSubmission,
    decision: str,
    reasons: str | None,
    *,
    by: User | None,
    today: date,
    calendar: WorkingCalendar,
) -> AcceptanceSubmission:
    """Pass or fail a submission (the latest of its scope, not yet decided).

    A pass cannot come before the scope's service year is over (第十一条; a line's acceptance waits
    for its own year). A failure needs reasons, opens the rework period of 15 working days and
    proposes 5% of the total (the first failure) or 10% (a failure again) — 第十三条.
    """
    if decision not in DECISIONS:
        raise RuleViolation("acceptance_decision_unknown", decision=decision)
    lock(submission)  # two reviews at once: the second finds the first's decision (a Conflict, 409)
    if submission.decision is not None:
        raise Conflict("acceptance_already_decided", attempt=submission.attempt, decision=submission.decision)
    scope = scope_of_submission(submission, calendar, today)
    if scope.latest is not submission:
        raise RuleViolation("acceptance_submission_superseded", attempt=submission.attempt)
    reasons = (reasons or "").strip()
    if decision == "fail" and not reasons:
        raise RuleViolation("acceptance_failure_needs_reasons")
    if decision == "pass" and scope.service_end is not None:
        rules.check_acceptance_date(today, scope.service_end)
    decided_by_id = by.id if by else None  # read before any change: reading may flush
    submission.decision = decision
    submission.reasons = reasons or None
    submission.decided_by_id = decided_by_id
    submission.decided_at = clock.utc_moment_on(today)
    db.session.flush()
    if decision == "fail":
        contract = db.session.get(Contract, submission.contract_id)
        failures = sum(1 for s in scope.submissions if s.decision == "fail")
        assessment = acceptance_failed(contract.total_amount, failures)
        propose_penalty(
            contract,
            assessment.kind,
            amount=assessment.amount,
            clause=assessment.clause,
            inputs={
                **assessment.inputs,
                "failed_on": today,
                "scope": scope.key,
                "rework_deadline": rules.rework_deadline(today, calendar).on,
            },
            by=by,
            submission_id=submission.id,
        )
    return submission


# --- the officer's list of materials -----------------------------------------------------------


def add_material(contract: Contract, name: str, required: bool) -> AcceptanceMaterial:
    name = (name or "").strip()
    if not name:
        raise RuleViolation("material_name_empty")
    if material_named(contract, name) is not None:
        raise RuleViolation("material_name_taken", name=name)
    position = max((m.position for m in materials_of(contract)), default=-1) + 1
    material = AcceptanceMaterial(contract_id=contract.id, name=name, required=required, position=position)
    db.session.add(material)
    db.session.flush()
    return material


def update_material(material: AcceptanceMaterial, *, name: str, required: bool, position: int) -> AcceptanceMaterial:
    """Rename, (un)require or move a material. Versions already uploaded stay with it."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation("material_name_empty")
    other = material_named(material.contract, name)
    if other is not None and other.id != material.id:
        raise RuleViolation("material_name_taken", name=name)
    material.name, material.required, material.position = name, required, position
    db.session.flush()
    return material


def void_material(material: AcceptanceMaterial, reason: str | None, *, by: User) -> None:
    """Take a material nobody has uploaded to off the list: voided with the reason, kept (作废而不删除).
    One with files stays on the list (submissions refer to its versions): make it optional instead."""
    if material.versions:
        raise RuleViolation("material_has_files", name=material.name, count=len(material.versions))
    voiding.void(material, reason, by=by)
    db.session.flush()


def restore_default_materials(contract: Contract) -> list[AcceptanceMaterial]:
    """Add whichever of the six materials 第十一条 lists the contract does not have yet."""
    added = []
    for name in rules.REQUIRED_MATERIALS:
        if material_named(contract, name) is None:
            added.append(add_material(contract, name, True))
    return added
