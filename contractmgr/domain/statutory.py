"""The law's deadlines around a contract, beside the contract's own.

- 《政府采购法》第四十六条: the contract is signed within 30 days (calendar days, 日) from the day the
  award notice (中标/成交通知书) is issued;
- 《政府采购法实施条例》第五十条: it is published on the designated media within 2 working days of signing;
- 《政府采购法》第四十七条: a copy is filed (备案) within 7 working days of signing.

A period counted in days starts the day after its event (《民法典》第二百零一条), so "30 days from the
notice" ends on notice + 30, and "2 working days from signing" on the 2nd working day after it. A
calendar-day period whose last day is a day off ends on the next working day instead
(《民法典》第二百零三条); a working-day period never ends on a day off.

A deadline exists once the day it counts from is on file (no notice date, no signing deadline) and is
done once the day it asks for is recorded; done late when that day is after the due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation

#: 《政府采购法》第四十六条: 自中标、成交通知书发出之日起三十日内 (calendar days)
SIGN_WITHIN_DAYS = 30
#: 《政府采购法实施条例》第五十条: 自政府采购合同签订之日起2个工作日内公告
PUBLISH_WITHIN_WORKING_DAYS = 2
#: 《政府采购法》第四十七条: 自签订之日起七个工作日内备案
FILE_WITHIN_WORKING_DAYS = 7

StatutoryKind = Literal["signing", "publication", "filing"]

#: the clause each deadline comes from, as a stable code the web layer words
CLAUSES: dict[StatutoryKind, str] = {
    "signing": "gpl_46",
    "publication": "gpl_regulation_50",
    "filing": "gpl_47",
}


@dataclass(frozen=True)
class StatutoryDates:
    """What is on file for one contract."""

    #: 中标/成交通知书 issued
    award_notice_on: date | None = None
    signed_on: date | None = None
    #: 合同公告 published
    published_on: date | None = None
    #: 合同副本备案
    filed_on: date | None = None


@dataclass(frozen=True)
class StatutoryDeadline:
    kind: StatutoryKind
    #: the clause it comes from (CLAUSES)
    clause: str
    #: the day the period counts from (the notice, or signing)
    counts_from: date
    due: DueDate
    #: the day the act was recorded; None while still to do
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def late_by_days(self) -> int:
        """Calendar days the act came after the due date; 0 when in time or still open."""
        if self.done_on is None:
            return 0
        return max(0, (self.done_on - self.due.on).days)

    def overdue_on(self, today: date) -> bool:
        return self.done_on is None and today > self.due.on


def calendar_days_due(start: date, days: int, calendar: WorkingCalendar) -> DueDate:
    """The last day of a period of `days` calendar days from `start` (counted from the next day,
    民法典 第二百零一条), moved to the next working day when it is a day off (第二百零三条).
    Provisional when a day looked at lies in a year the calendar does not know."""
    last = start + timedelta(days=days)
    while not calendar.is_working_day(last):
        last += timedelta(days=1)
    unknown = tuple(y for y in range(start.year, last.year + 1) if not calendar.knows(y))
    return DueDate(on=last, provisional=bool(unknown), unknown_years=unknown)


def signing_due(award_notice_on: date, calendar: WorkingCalendar) -> DueDate:
    """30 calendar days after the notice (政府采购法 第四十六条), as `calendar_days_due` counts them."""
    return calendar_days_due(award_notice_on, SIGN_WITHIN_DAYS, calendar)


def publication_due(signed_on: date, calendar: WorkingCalendar) -> DueDate:
    return calendar.add_working_days(signed_on, PUBLISH_WITHIN_WORKING_DAYS)


def filing_due(signed_on: date, calendar: WorkingCalendar) -> DueDate:
    return calendar.add_working_days(signed_on, FILE_WITHIN_WORKING_DAYS)


def statutory_deadlines(dates: StatutoryDates, calendar: WorkingCalendar) -> list[StatutoryDeadline]:
    """The deadlines whose starting day is on file, in the order the law sets them."""
    deadlines: list[StatutoryDeadline] = []
    if dates.award_notice_on is not None:
        deadlines.append(
            StatutoryDeadline(
                "signing",
                CLAUSES["signing"],
                dates.award_notice_on,
                signing_due(dates.award_notice_on, calendar),
                dates.signed_on,
            )
        )
    if dates.signed_on is not None:
        deadlines.append(
            StatutoryDeadline(
                "publication",
                CLAUSES["publication"],
                dates.signed_on,
                publication_due(dates.signed_on, calendar),
                dates.published_on,
            )
        )
        deadlines.append(
            StatutoryDeadline(
                "filing", CLAUSES["filing"], dates.signed_on, filing_due(dates.signed_on, calendar), dates.filed_on
            )
        )
    return deadlines


def check_statutory_dates(dates: StatutoryDates, today: date) -> None:
    """Refuse dates that cannot be: signing before the award notice, publishing or filing before
    signing (or without it), any of them in the future."""
    recorded = {
        "award_notice_on": dates.award_notice_on,
        "signed_on": dates.signed_on,
        "published_on": dates.published_on,
        "filed_on": dates.filed_on,
    }
    for field, day in recorded.items():
        if day is not None and day > today:
            raise RuleViolation("statutory_date_in_future", field=field, day=day)
    if dates.award_notice_on and dates.signed_on and dates.signed_on < dates.award_notice_on:
        raise RuleViolation("signed_before_award_notice", signed_on=dates.signed_on, notice_on=dates.award_notice_on)
    for field in ("published_on", "filed_on"):
        day = recorded[field]
        if day is None:
            continue
        if dates.signed_on is None:
            raise RuleViolation("statutory_date_needs_signing", field=field)
        if day < dates.signed_on:
            raise RuleViolation("statutory_date_before_signing", field=field, day=day, signed_on=dates.signed_on)
