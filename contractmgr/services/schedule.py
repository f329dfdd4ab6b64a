"""The payment schedule as finance reads it: per milestone the amount, what starts its clock, the due
date in working days, the checklist it waits for, the deductions netted, the payments made and any
late-payment interest — for one contract, or for many read at once (services.milestone_state keeps each
milestone's state from it; services.overview lists them).

Read only: nothing here writes. Every rule comes from `contractmgr.domain` (schedule, calendar,
penalties); this module only gathers the records those rules need.

Clock start (第七条): milestone 1 runs from the contract taking effect, i.e. signing (第十五条);
milestone 2 from the later of the passed acceptance (the signed acceptance report) and the invoice
received. A date finance records on the milestone (`clock_started_on`) wins over both, so a
contract whose signing date was never entered can still be scheduled.

Inspection reports (milestone 1): the condition is ticked by finance, because what the contract
asks for is the reports the vendor hands in with its application. Beside it the schedule shows
how many of the contract's lines have at least one inspection (巡检) recorded in the system, so a
gap is visible before the box is ticked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.penalties import PenaltyAssessment, late_payment_interest_over
from contractmgr.domain.schedule import (
    Deduction,
    MilestoneStatus,
    NetMilestone,
    due_date,
    late_interest_start,
    milestone_status,
    net_schedule,
    second_milestone_clock_start,
)
from contractmgr.domain.sme import (
    InterestRule,
    SmeDue,
    earlier,
    fiscal_exemption_applies,
    interest_rule,
    sme_due,
    sme_statutory_interest,
)
from contractmgr.extensions import db
from contractmgr.models import (
    Contract,
    Inspection,
    LineItem,
    LprRate,
    MilestoneCondition,
    Payment,
    PaymentMilestone,
    Penalty,
)
from contractmgr.services.calendar import request_cache, working_calendar
from contractmgr.services.contracts import IN_LIST_CHUNK

_ZERO = Decimal("0.00")

#: What starts each milestone's clock, as a stable code the web layer words.
CLOCK_EVENTS = {1: "contract_signed", 2: "acceptance_and_invoice"}


@dataclass(frozen=True)
class InspectionEvidence:
    """Lines with at least one inspection recorded, out of all the contract's lines."""

    lines: int
    inspected: int
    #: 序号 of the lines with no inspection recorded yet
    missing_seqs: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return self.lines > 0 and self.inspected == self.lines


@dataclass(frozen=True)
class ConditionView:
    condition: MilestoneCondition
    #: for the inspection-reports condition only
    evidence: InspectionEvidence | None = None

    @property
    def met(self) -> bool:
        return self.condition.met_on is not None


@dataclass(frozen=True)
class DeductionLine:
    """A confirmed penalty or evaluation deduction netted against a milestone, with its clause."""

    penalty: Penalty
    deduction: Deduction


@dataclass(frozen=True)
class PaymentView:
    payment: Payment
    #: the late-payment interest the purchaser owes on this payment (None when paid on time)
    interest: PenaltyAssessment | None = None
    #: why interest could not be computed (lpr_rate_missing), as (code, params)
    interest_problem: tuple[str, dict] | None = None
    #: the interest rests on a provisional due date
    provisional: bool = False


@dataclass(frozen=True)
class ClockStart:
    """When the milestone's working days start counting, and from which record."""

    event: str
    on: date | None
    #: "recorded" (finance entered it), "signed_on" (the contract's signing date), "conditions"
    #: (milestone 2: acceptance report and invoice), or None while unknown
    source: str | None


@dataclass(frozen=True)
class MilestoneView:
    milestone: PaymentMilestone
    clock: ClockStart
    due: DueDate | None
    conditions: list[ConditionView]
    deductions: list[DeductionLine]
    netted: NetMilestone
    status: MilestoneStatus
    payments: list[PaymentView]
    #: interest accruing on what is still outstanding after the due date, up to today
    accruing_interest: PenaltyAssessment | None = None
    accruing_problem: tuple[str, dict] | None = None
    #: the contract's own due date (第七条's working days); `due` is the earlier of it and `sme`
    contract_due: DueDate | None = None
    #: the statutory due date when the vendor is an SME (《保障中小企业款项支付条例》第九条、第十条)
    sme: SmeDue | None = None
    #: which date `due` is: "contract", or the SME clause ("sme_9", "sme_10")
    due_basis: str = "contract"
    #: what prices a late payment: the contract's LPR rule, the SME statute's 0.05% a day, or nothing
    interest_rule: InterestRule = "contract_lpr"
    #: the purchaser submitted its payment application to the finance department by the due date
    #: (洛阳 第十三条 2): the delay is no breach, no interest accrues
    exempt: bool = False

    @property
    def display_kind(self) -> str:
        """The status as lists show it: a partly paid milestone past its due date is overdue (the
        rest is still owed)."""
        if self.status.kind == "partly_paid" and self.status.is_overdue:
            return "overdue"
        return self.status.kind

    @property
    def missing(self) -> list[ConditionView]:
        return [c for c in self.conditions if not c.met]

    @property
    def conditions_met(self) -> bool:
        return not self.missing

    @property
    def paid(self) -> Decimal:
        return self.status.paid

    @property
    def outstanding(self) -> Decimal:
        return self.status.outstanding

    @property
    def interest_total(self) -> Decimal:
        return sum((p.interest.amount for p in self.payments if p.interest), _ZERO)

    @property
    def provisional(self) -> bool:
        return self.status.provisional

    @property
    def unknown_years(self) -> tuple[int, ...]:
        return self.status.unknown_years


@dataclass(frozen=True)
class ContractSchedule:
    contract: Contract
    milestones: list[MilestoneView]
    today: date

    @property
    def day_basis(self) -> int:
        return self.contract.interest_day_basis

    def total(self, attribute: str) -> Decimal:
        return sum((getattr(m, attribute) for m in self.milestones), _ZERO)

    @property
    def amount(self) -> Decimal:
        return sum((m.milestone.amount for m in self.milestones), _ZERO)

    @property
    def deducted(self) -> Decimal:
        return sum((m.netted.applied for m in self.milestones), _ZERO)

    @property
    def net(self) -> Decimal:
        return sum((m.netted.net for m in self.milestones), _ZERO)

    @property
    def unrecovered(self) -> Decimal:
        return sum((m.netted.unrecovered for m in self.milestones), _ZERO)

    @property
    def overdue(self) -> list[MilestoneView]:
        return [m for m in self.milestones if m.status.is_overdue and m.outstanding > 0]


# --- loading ---------------------------------------------------------------------------------


def lpr_table() -> list[tuple[date, Decimal]]:
    """The administrator's LPR table as (effective date, one-year rate in percent); read once per
    request (services.calendar keeps it, and forgets it when a rate is added or changed)."""
    cache = request_cache()
    if cache is not None and "lpr" in cache:
        return list(cache["lpr"])
    rates = [
        (row.effective_on, row.one_year_percent)
        for row in db.session.scalars(sa.select(LprRate).order_by(LprRate.effective_on))
    ]
    if cache is not None:
        cache["lpr"] = tuple(rates)
    return rates


def inspection_evidence(contract: Contract, inspected: set[int] | None = None) -> InspectionEvidence:
    """How many of the contract's lines have at least one inspection recorded (`inspected`: the ids
    of its inspected lines, when the caller read them already).

    Lines belong to one contract, so every inspection of them belongs to this contract's period."""
    live = contract.lines
    if inspected is None:
        inspected = set(
            db.session.scalars(
                sa.select(Inspection.line_item_id).join(LineItem).where(LineItem.contract_id == contract.id).distinct()
            )
        )
    missing = tuple(line.seq for line in live if line.id not in inspected)
    return InspectionEvidence(lines=len(live), inspected=len(live) - len(missing), missing_seqs=missing)


def _confirmed_deductions(contract: Contract) -> dict[int, list[Penalty]]:
    rows = db.session.scalars(
        sa.select(Penalty)
        .where(Penalty.contract_id == contract.id, Penalty.status == "confirmed", Penalty.milestone_id.is_not(None))
        .order_by(Penalty.id)
    )
    by_milestone: dict[int, list[Penalty]] = defaultdict(list)
    for penalty in rows:
        by_milestone[penalty.milestone_id].append(penalty)
    return by_milestone


#: What a list of many contracts' schedules reads with the contracts (a few queries for all of them).
SCHEDULE_LOADS = (
    joinedload(Contract.purchaser),
    joinedload(Contract.vendor),
    selectinload(Contract.lines),
    selectinload(Contract.milestones).selectinload(PaymentMilestone.conditions),
    selectinload(Contract.milestones).selectinload(PaymentMilestone.payments),
)


@dataclass(frozen=True)
class ScheduleInputs:
    """What the schedules of many contracts need beyond the contracts' own rows, read for all at once."""

    #: contract id → milestone id → its confirmed deductions, oldest first
    deductions: dict[int, dict[int, list[Penalty]]]
    #: contract id → ids of its lines with at least one inspection
    inspected: dict[int, set[int]]


def schedule_inputs(contracts: list[Contract]) -> ScheduleInputs:
    """The confirmed deductions and inspected lines of `contracts`: a few queries per thousand contracts,
    instead of a few per contract."""
    deductions: dict[int, dict[int, list[Penalty]]] = defaultdict(lambda: defaultdict(list))
    inspected: dict[int, set[int]] = defaultdict(set)
    ids = [c.id for c in contracts]
    for start in range(0, len(ids), IN_LIST_CHUNK):
        chunk = ids[start : start + IN_LIST_CHUNK]
        for penalty in db.session.scalars(
            sa.select(Penalty)
            .where(Penalty.contract_id.in_(chunk), Penalty.status == "confirmed", Penalty.milestone_id.is_not(None))
            .order_by(Penalty.id)
        ):
            deductions[penalty.contract_id][penalty.milestone_id].append(penalty)
        for contract_id, line_id in db.session.execute(
            sa.select(LineItem.contract_id, Inspection.line_item_id)
            .join(LineItem)
            .where(LineItem.contract_id.in_(chunk))
            .distinct()
        ):
            inspected[contract_id].add(line_id)
    return ScheduleInputs(deductions=deductions, inspected=inspected)


def unassigned_penalties(contract: Contract) -> list[Penalty]:
    """Confirmed penalties not netted against any milestone (every milestone was paid when confirmed)."""
    return list(
        db.session.scalars(
            sa.select(Penalty)
            .where(Penalty.contract_id == contract.id, Penalty.status == "confirmed", Penalty.milestone_id.is_(None))
            .order_by(Penalty.id)
        )
    )


# --- one contract ----------------------------------------------------------------------------


def clock_start(milestone: PaymentMilestone) -> ClockStart:
    """When `milestone`'s working days start (see the module docstring for the order of precedence)."""
    event = CLOCK_EVENTS.get(milestone.seq, "recorded")
    if milestone.clock_started_on is not None:
        return ClockStart(event, milestone.clock_started_on, "recorded")
    if milestone.seq == 1 and milestone.contract.signed_on is not None:
        return ClockStart(event, milestone.contract.signed_on, "signed_on")
    if milestone.seq == 2:
        met = {c.kind: c.met_on for c in milestone.conditions}
        started = second_milestone_clock_start(met.get("acceptance_report"), met.get("invoice"))
        if started is not None:
            return ClockStart(event, started, "conditions")
    return ClockStart(event, None, None)


def calendar_for(contracts: list[Contract], today: date) -> WorkingCalendar:
    """The working calendar over every year the contracts' due dates and today's overdue counts can
    touch: from the year before each contract starts to two years after it ends (or to today), and
    around today."""
    years = set(range(today.year - 1, today.year + 2))
    for contract in contracts:
        # up to today as well: an old milestone still unpaid counts its overdue working days through
        # every year since, and a year left out would be counted Monday to Friday, called provisional
        years |= set(range(contract.start_on.year - 1, max(contract.end_on.year + 3, today.year)))
    return working_calendar(years)


def contract_schedule(
    contract: Contract,
    today: date,
    *,
    calendar: WorkingCalendar | None = None,
    rates: list[tuple[date, Decimal]] | None = None,
    inputs: ScheduleInputs | None = None,
) -> ContractSchedule:
    """The contract's schedule on `today`: each milestone netted, dated, checked and paid (`inputs`:
    its deductions and inspected lines, when the caller read them for many contracts at once)."""
    calendar = calendar or calendar_for([contract], today)
    rates = lpr_table() if rates is None else rates
    milestones = list(contract.milestones)
    penalties = _confirmed_deductions(contract) if inputs is None else inputs.deductions.get(contract.id, {})
    deduction_lines = [
        [DeductionLine(p, Deduction(label=p.kind, amount=p.amount, clause=p.clause)) for p in penalties.get(m.id, [])]
        for m in milestones
    ]
    netted = net_schedule([m.amount for m in milestones], [[d.deduction for d in lines] for lines in deduction_lines])
    evidence = (
        inspection_evidence(contract, None if inputs is None else inputs.inspected.get(contract.id, set()))
        if any(c.kind == "inspection_reports" for m in milestones for c in m.conditions)
        else None
    )
    views = [
        _milestone_view(m, net, lines, evidence, today, calendar, rates, contract.interest_day_basis)
        for m, net, lines in zip(milestones, netted, deduction_lines, strict=True)
    ]
    return ContractSchedule(contract=contract, milestones=views, today=today)


def _milestone_view(
    milestone: PaymentMilestone,
    netted: NetMilestone,
    deductions: list[DeductionLine],
    evidence: InspectionEvidence | None,
    today: date,
    calendar: WorkingCalendar,
    rates: list[tuple[date, Decimal]],
    day_basis: int,
) -> MilestoneView:
    clock = clock_start(milestone)
    contract_due = due_date(clock.on, milestone.due_working_days, calendar)
    sme = sme_clock(milestone, calendar)
    due, due_basis = earlier(contract_due, sme)
    conditions = [ConditionView(c, evidence if c.kind == "inspection_reports" else None) for c in milestone.conditions]
    conditions_met = all(c.met for c in conditions)
    paid = sum((p.amount for p in milestone.payments), _ZERO)
    status = milestone_status(due, paid, netted.net, today, calendar, conditions_met)
    met_on = max((c.condition.met_on for c in conditions), default=clock.on) if conditions_met else None
    contract = milestone.contract
    rule = interest_rule(contract.late_interest_rule == "lpr", contract.vendor.is_sme)
    # the exemption is part of the contract's own clause, so it excuses only the contract's interest
    exempt = rule == "contract_lpr" and fiscal_exemption_applies(
        milestone.finance_submitted_on, due.on if due else None
    )
    priced: InterestRule | None = None if rule == "none" or exempt else rule
    payments = [_payment_view(p, due, met_on, rates, day_basis, priced) for p in milestone.payments]
    accruing, problem = None, None
    start = late_interest_start(due.on if due else None, met_on, today)
    if priced and status.outstanding > 0 and start is not None:
        accruing, problem = _interest(status.outstanding, start, today, rates, day_basis, priced)
    return MilestoneView(
        milestone=milestone,
        clock=clock,
        due=due,
        conditions=conditions,
        deductions=deductions,
        netted=netted,
        status=status,
        payments=payments,
        accruing_interest=accruing,
        accruing_problem=problem,
        contract_due=contract_due,
        sme=sme,
        due_basis=due_basis,
        interest_rule=rule,
        exempt=exempt,
    )


def sme_clock(milestone: PaymentMilestone, calendar: WorkingCalendar) -> SmeDue | None:
    """The statutory due date of a payment to an SME vendor (None for other vendors, or while the
    clock has not started): from the passed acceptance where the payment waits for the acceptance
    report, else from the delivery day finance records."""
    contract = milestone.contract
    if not contract.vendor.is_sme:
        return None
    acceptance = [c for c in milestone.conditions if c.kind == "acceptance_report"]
    return sme_due(
        depends_on_acceptance=bool(acceptance),
        delivered_on=milestone.delivered_on,
        accepted_on=acceptance[0].met_on if acceptance else None,
        acceptance_period_end=contract.acceptance_period_end_on,
        agreed_days=contract.sme_payment_days,
        calendar=calendar,
    )


def _payment_view(
    payment: Payment,
    due: DueDate | None,
    met_on: date | None,
    rates: list[tuple[date, Decimal]],
    day_basis: int,
    rule: InterestRule | None,
) -> PaymentView:
    start = late_interest_start(due.on if due else None, met_on, payment.paid_on)
    if start is None or rule is None or due is None:
        return PaymentView(payment)
    interest, problem = _interest(payment.amount, start, payment.paid_on, rates, day_basis, rule)
    return PaymentView(payment, interest=interest, interest_problem=problem, provisional=due.provisional)


def _interest(amount: Decimal, start: date, end: date, rates, day_basis: int, rule: InterestRule):
    """The interest under `rule`, or why it cannot be computed (an LPR table that does not reach back)."""
    if rule == "sme_statutory":
        return sme_statutory_interest(amount, start, end), None
    try:
        assessment = late_payment_interest_over(amount, start, end, rates, day_basis)
    except RuleViolation as violation:
        return None, (violation.code, violation.params)
    return replace(assessment, inputs={**assessment.inputs, "rule": "contract_lpr"}), None


# --- lookups --------------------------------------------------------------------------------


def milestone_for(contract: Contract, milestone_id: int) -> PaymentMilestone | None:
    """The milestone if it belongs to `contract` (ids in URLs are never trusted on their own)."""
    return next((m for m in contract.milestones if m.id == milestone_id), None)


def condition_for(milestone: PaymentMilestone, condition_id: int) -> MilestoneCondition | None:
    return next((c for c in milestone.conditions if c.id == condition_id), None)
