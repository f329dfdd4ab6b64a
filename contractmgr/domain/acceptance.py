"""Acceptance (验收) deadlines — contract 第十一条.

第十一条: within 15 working days after the service year ends, the vendor submits the acceptance
materials and notifies the purchaser; a failed acceptance is reworked and resubmitted within 15
working days. What a failure costs (第十三条) is `penalties.acceptance_failed`.
"""

from __future__ import annotations

from datetime import date, timedelta

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation

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
