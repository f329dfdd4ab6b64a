"""The payment schedule — contract 第七条 — and the deductions netted against it (第十三条, tender 五).

第七条: 70% (5,789,980.00 of 8,271,400.00) within 30 working days after the contract takes effect
(on signing, 第十五条), once the vendor has applied with an invoice and every project's inspection
report; 30% (2,481,420.00) after the year of service, within 30 working days of the purchaser
receiving the invoice, once acceptance has passed.

Penalties and evaluation deductions are netted against the next payment, and the schedule shows
the net: what a milestone cannot absorb carries, visibly, to the one after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import split

#: 第七条: 70% then 30%.
DEFAULT_RATIOS: tuple[Decimal, ...] = (Decimal("0.70"), Decimal("0.30"))
#: 第七条: milestone 1, 30 working days after the contract takes effect.
FIRST_MILESTONE_WORKING_DAYS = 30
#: 第七条: milestone 2, 30 working days after the purchaser receives the invoice.
SECOND_MILESTONE_WORKING_DAYS = 30

_ZERO = Decimal("0.00")


# --- amounts -------------------------------------------------------------------------------


def milestone_amounts(total: Decimal, ratios: Sequence[Decimal] = DEFAULT_RATIOS) -> list[Decimal]:
    """Each milestone's share of `total`, adding up to it to the fen (largest remainder).

    The ratios must add up to exactly 1: a schedule that pays 95% or 105% of the contract is a
    data-entry mistake, refused as `milestone_ratios_not_whole` with the sum found.
    """
    ratio_sum = sum(ratios, Decimal(0))
    if ratio_sum != 1:
        raise RuleViolation("milestone_ratios_not_whole", sum=ratio_sum)
    if any(ratio < 0 for ratio in ratios):
        raise RuleViolation("milestone_ratio_negative", ratios=tuple(ratios))
    return split(total, list(ratios))


# --- netting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deduction:
    """A confirmed penalty or evaluation deduction assigned to a milestone."""

    label: str
    amount: Decimal
    #: The clause it applies, printed beside it (合同第十三条, 招标文件 五、运维考评).
    clause: str = ""


@dataclass(frozen=True)
class NetMilestone:
    """One milestone after netting: what is owed, what was taken off, and what moved on."""

    amount: Decimal
    deductions: tuple[Deduction, ...]
    #: Deductions an earlier milestone could not absorb.
    carried_in: Decimal
    #: What this milestone actually absorbed (its own deductions and `carried_in`, up to `amount`).
    applied: Decimal
    #: What to pay: amount − applied, never below zero.
    net: Decimal
    #: Deductions this milestone could not absorb, moved to the next one.
    carried_out: Decimal
    #: On the last milestone only: deductions nothing is left to absorb; the purchaser must
    #: recover them another way.
    unrecovered: Decimal

    @property
    def deducted(self) -> Decimal:
        """The sum of this milestone's own deductions (before anything carried)."""
        return sum((d.amount for d in self.deductions), _ZERO)


def net_schedule(amounts: Sequence[Decimal], deductions: Sequence[Sequence[Deduction]]) -> list[NetMilestone]:
    """Each milestone with its deductions taken off, in schedule order.

    A milestone absorbs what was carried in plus its own deductions, up to its amount; the rest
    carries to the next milestone, and what is left after the last stays visible as `unrecovered`.
    """
    if len(amounts) != len(deductions):
        raise ValueError(f"{len(amounts)} milestones but {len(deductions)} deduction lists")
    netted: list[NetMilestone] = []
    carried = _ZERO
    for index, (amount, own) in enumerate(zip(amounts, deductions, strict=True)):
        own = tuple(own)
        _refuse_negative(own)
        owed = carried + sum((d.amount for d in own), _ZERO)
        applied = min(owed, amount)
        leftover = owed - applied
        is_last = index == len(amounts) - 1
        netted.append(
            NetMilestone(
                amount=amount,
                deductions=own,
                carried_in=carried,
                applied=applied,
                net=amount - applied,
                carried_out=_ZERO if is_last else leftover,
                unrecovered=leftover if is_last else _ZERO,
            )
        )
        carried = leftover
    return netted


def _refuse_negative(deductions: Sequence[Deduction]) -> None:
    # A negative deduction would quietly raise a payment; a refund is not a deduction.
    for deduction in deductions:
        if deduction.amount < 0:
            raise RuleViolation("deduction_negative", label=deduction.label, amount=deduction.amount)


# --- due dates -----------------------------------------------------------------------------


def due_date(clock_start: date | None, working_days: int, calendar: WorkingCalendar) -> DueDate | None:
    """The last day to pay: `working_days` working days after `clock_start`; None while the
    clock has not started (the contract is not signed, the invoice not received)."""
    if clock_start is None:
        return None
    return calendar.add_working_days(clock_start, working_days)


def second_milestone_clock_start(accepted_on: date | None, invoice_received_on: date | None) -> date | None:
    """When milestone 2's 30 working days start: when the purchaser has both a passed acceptance
    and the invoice. An invoice received before acceptance passes waits for it, so the later of
    the two; None until both are in."""
    if accepted_on is None or invoice_received_on is None:
        return None
    return max(accepted_on, invoice_received_on)


# --- status --------------------------------------------------------------------------------

StatusKind = Literal["waiting", "due", "overdue", "paid", "partly_paid"]


@dataclass(frozen=True)
class MilestoneStatus:
    """Where a milestone stands today, with what a template needs to say it:

    - waiting: 「等待…」 — the caller lists which conditions are missing; `due_on` may already be
      known (milestone 1's clock runs from signing);
    - due: 「应于{due_on}支付」;
    - overdue: 「逾期{overdue_working_days}个工作日」 (「暂按」 when `provisional`);
    - partly_paid: 「已支付{paid}，尚欠{outstanding}」, with the due or overdue facts beside it;
    - paid: 「已支付」.
    """

    kind: StatusKind
    due_on: date | None
    #: Working days after `due_on` up to today; 0 unless the due date has passed.
    overdue_working_days: int
    paid: Decimal
    #: What is still to pay: net − paid, never below zero.
    outstanding: Decimal
    #: True when the due date or the overdue count passes through a year the calendar does not know.
    provisional: bool
    unknown_years: tuple[int, ...]

    @property
    def is_overdue(self) -> bool:
        """Whether the due date has passed by at least one working day (also when partly paid)."""
        return self.overdue_working_days > 0


def milestone_status(
    due: DueDate | None,
    paid_amount: Decimal,
    net_amount: Decimal,
    today: date,
    calendar: WorkingCalendar,
    conditions_met: bool,
) -> MilestoneStatus:
    """The milestone's status on `today`.

    Paid in full (nothing outstanding, including a net of zero after deductions) is "paid";
    something paid but not all is "partly_paid". Otherwise it is "waiting" until the conditions
    are in and the clock has started: the purchaser is not late while the vendor has not applied.
    Then "due" up to and including the due date, and "overdue" once a working day has passed
    after it: the deadline is in working days, so a weekend straight after it adds nothing.
    """
    outstanding = max(net_amount - paid_amount, _ZERO)
    overdue_days, provisional, unknown = _lateness(due, today, calendar)

    def status(kind: StatusKind) -> MilestoneStatus:
        return MilestoneStatus(
            kind=kind,
            due_on=due.on if due is not None else None,
            overdue_working_days=overdue_days if conditions_met else 0,
            paid=paid_amount,
            outstanding=outstanding,
            provisional=provisional,
            unknown_years=unknown,
        )

    if outstanding == 0:
        return status("paid")
    if paid_amount > 0:
        return status("partly_paid")
    if not conditions_met or due is None:
        return status("waiting")
    if overdue_days > 0:
        return status("overdue")
    return status("due")


def _lateness(due: DueDate | None, today: date, calendar: WorkingCalendar) -> tuple[int, bool, tuple[int, ...]]:
    """(working days past due, provisional, unknown years), the due date's own doubt included."""
    if due is None:
        return 0, False, ()
    late = calendar.working_days_between(due.on, today)
    unknown = tuple(sorted(set(due.unknown_years) | set(late.unknown_years)))
    return late.days, due.provisional or late.provisional, unknown


# --- late payment --------------------------------------------------------------------------


def late_interest_start(due_on: date | None, conditions_met_on: date | None, paid_on: date) -> date | None:
    """The first day the purchaser owes late-payment interest (第十三条) on a payment made on
    `paid_on`, or None when it owes none.

    The purchaser is late only after the due date has passed AND the vendor had handed in what
    the milestone waits for (invoice, inspection reports, acceptance report): while the vendor
    has not applied, nothing is owed (the same reading as `milestone_status`). So interest runs
    from the day after the later of the two, up to and including `paid_on`. None when there is
    no due date yet, when the conditions were never met, or when the payment was on time.
    """
    if due_on is None or conditions_met_on is None:
        return None
    start = max(due_on, conditions_met_on) + timedelta(days=1)
    return start if start <= paid_on else None
