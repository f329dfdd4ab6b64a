"""Acceptance (验收) deadlines and the penalty a failure proposes — contract 第十一条 and 第十三条.

第十一条: within 15 working days after the service year ends, the vendor submits the acceptance
materials and notifies the purchaser; a failed acceptance is reworked and resubmitted within 15
working days. 第十三条: a failed acceptance costs 5% of the contract total, a second failure within
the rework period 10%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.penalties import ACCEPTANCE_FAILED_AGAIN, ACCEPTANCE_FAILED_FIRST, CONTRACT_PENALTY_CLAUSE

#: 第十一条: materials within 15 working days after the service year ends.
SUBMISSION_WORKING_DAYS = 15
#: 第十一条: rework and resubmit within 15 working days of a failed acceptance.
REWORK_WORKING_DAYS = 15

#: The acceptance materials 第十一条 lists, in its order.
REQUIRED_MATERIALS: tuple[str, ...] = (
    "项目清单",
    "运维工作方案及计划",
    "运维团队管理方案",
    "运维应急保障机制",
    "运维服务流程",
    "日常巡检记录",
)


@dataclass(frozen=True)
class FailurePenalty:
    """The penalty a failed acceptance proposes; an officer still confirms or waives it."""

    #: Stable code, shared with the penalty records.
    kind: str
    #: Share of the contract total.
    ratio: Decimal
    #: Where the rule comes from, to print beside the amount.
    clause: str


# The rates live with the penalty arithmetic (penalties.acceptance_failed computes the amount).
_FIRST_FAILURE = FailurePenalty("acceptance_failed", ACCEPTANCE_FAILED_FIRST, CONTRACT_PENALTY_CLAUSE)
_LATER_FAILURE = FailurePenalty("acceptance_failed_again", ACCEPTANCE_FAILED_AGAIN, CONTRACT_PENALTY_CLAUSE)


def submission_deadline(service_end: date, calendar: WorkingCalendar) -> DueDate:
    """The last day to submit the acceptance materials: 15 working days after `service_end`
    (the last day of service). A line with its own service year passes its own end."""
    return calendar.add_working_days(service_end, SUBMISSION_WORKING_DAYS)


def rework_deadline(failed_on: date, calendar: WorkingCalendar) -> DueDate:
    """The last day to resubmit after the acceptance failed on `failed_on`: 15 working days later."""
    return calendar.add_working_days(failed_on, REWORK_WORKING_DAYS)


def is_late(submitted_on: date, deadline: DueDate | date) -> bool:
    """Whether a submission came after its deadline (on the deadline itself is in time)."""
    last_day = deadline.on if isinstance(deadline, DueDate) else deadline
    return submitted_on > last_day


def earliest_acceptance(line_period_end: date) -> date:
    """The first day a line can be accepted: the day after its own service year ends.

    The service period includes its last day, so the year is only over the day after; a line
    that started late (annex line 40, to 2027-07-26) is accepted later than the contract's others.
    """
    return line_period_end + timedelta(days=1)


def check_acceptance_date(accepted_on: date, line_period_end: date) -> None:
    """Refuse an acceptance dated before the line's service year is over."""
    earliest = earliest_acceptance(line_period_end)
    if accepted_on < earliest:
        raise RuleViolation("acceptance_before_service_end", accepted_on=accepted_on, earliest=earliest)


def penalty_proposal_for_failure(attempt: int) -> FailurePenalty:
    """The penalty 第十三条 names for the `attempt`-th failed acceptance (1 = the first).

    First failure: 5% of the total; a failure of the rework (attempt 2, and any later one, each
    being a failure "again"): 10%. Read the same way as `penalties.acceptance_failed`, which
    computes the amount; an officer still confirms or waives the proposal.
    """
    if attempt < 1:
        raise ValueError(f"attempt counts from 1, got {attempt}")
    return _FIRST_FAILURE if attempt == 1 else _LATER_FAILURE
