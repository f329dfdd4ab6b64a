"""When a deadline is reminded: 7, 3 and 1 working days before it, and on the first working day it is
overdue; and which category of reminders each kind of deadline belongs to, so a user can turn a
category off. Digests go out on working days only, so each stage falls on exactly one day."""

from __future__ import annotations

from datetime import date

from contractmgr.domain.calendar import WorkingCalendar

#: working days before the due day on which a reminder goes out
DAYS_BEFORE = (7, 3, 1)
OVERDUE = "overdue"

#: category → the deadline kinds it covers (services/deadlines.py names the kinds)
CATEGORIES: dict[str, tuple[str, ...]] = {
    "acceptance": ("acceptance_submission", "acceptance_rework"),
    "payment": ("milestone_payment",),
    "statutory": ("statutory_signing", "statutory_publication", "statutory_filing"),
    "contract": ("local_office", "renewal_decision"),
}


def category_of(kind: str) -> str | None:
    """The category a deadline kind is reminded under; None for kinds that are never reminded."""
    return next((name for name, kinds in CATEGORIES.items() if kind in kinds), None)


def reminder_stage(due_on: date, today: date, calendar: WorkingCalendar) -> str | None:
    """ "7", "3" or "1" when `today` is that many working days before `due_on`, "overdue" on the first
    working day after it, else None (also on every day off: nobody reads a digest then)."""
    if not calendar.is_working_day(today):
        return None
    if today <= due_on:
        # the working days after today up to the due day: 1 on the last working day before it
        before = calendar.working_days_between(today, due_on).days
        return str(before) if before in DAYS_BEFORE else None
    return OVERDUE if calendar.working_days_between(due_on, today).days == 1 else None
