"""Working days (工作日) on the official PRC calendar, as a value the rules are handed.

Contract 第七条 and 第十一条 count their deadlines in working days: weekends and public
holidays are out, make-up working days (调休) are in. The calendar only knows the years it was
built with; for any other year it counts Monday to Friday and says so on every answer
(`provisional`, `unknown_years`), so a due date is never presented as more certain than it is.

Only `contractmgr.services.calendar` builds one from real data; tests build their own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class DueDate:
    """A deadline counted in working days."""

    on: date
    #: True when the count passed through a year the calendar does not know.
    provisional: bool = False
    #: Those years, ascending; empty when the date is exact.
    unknown_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class WorkingDayCount:
    """A number of working days between two dates (for "overdue by N working days")."""

    days: int
    provisional: bool = False
    unknown_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days: Monday to Friday, minus `days_off`, plus `makeup_days`."""

    #: Official holidays. Only the ones on Monday–Friday change anything; weekend dates are harmless.
    days_off: frozenset[date] = frozenset()
    #: 调休: weekend days that are working days.
    makeup_days: frozenset[date] = frozenset()
    #: Years whose official calendar is in `days_off`/`makeup_days`.
    known_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        clash = self.days_off & self.makeup_days
        if clash:
            # A day cannot be both; whoever built the calendar must decide which wins.
            raise ValueError(f"days both off and working: {sorted(clash)}")

    def knows(self, year: int) -> bool:
        """Whether `year`'s official calendar is loaded (else its days are plain weekdays)."""
        return year in self.known_years

    def is_working_day(self, day: date) -> bool:
        """True on a working day. In a year the calendar does not know, Monday to Friday;
        callers that must not guess check `knows(day.year)` (or use the counting methods,
        which report it)."""
        if day in self.makeup_days:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < _SATURDAY

    def add_working_days(self, start: date, n: int) -> DueDate:
        """The n-th working day after `start` (`start` itself is not counted; n=0 gives `start`).

        Provisional, with the years listed, when any day counted lies in a year this calendar
        does not know: those days were counted as plain weekdays.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        unknown = self._unknown_years_between(start, day)
        return DueDate(on=day, provisional=bool(unknown), unknown_years=unknown)

    def working_days_between(self, start: date, end: date) -> WorkingDayCount:
        """How many working days lie after `start`, up to and including `end` (0 when `end` is
        not after `start`). `add_working_days(start, n).on` gives back n.

        Counted without walking the days: the weekdays in the span, corrected by the holidays and
        make-up days that fall in it, so a count over years stays cheap.
        """
        if end <= start:
            return WorkingDayCount(days=0)
        first = start + _ONE_DAY
        days = _weekdays_in(first, end)
        days -= _count_within(self._weekday_holidays, first, end)
        days += _count_within(self._weekend_makeup_days, first, end)
        unknown = self._unknown_years_between(start, end)
        return WorkingDayCount(days=days, provisional=bool(unknown), unknown_years=unknown)

    # Sorted once per calendar, so a count looks up the span rather than walking every holiday (a page's
    # overdue counts run against some 200 holidays each).
    @cached_property
    def _weekday_holidays(self) -> list[date]:
        """The days off that fall Monday to Friday, in order: those a count of weekdays must drop."""
        return sorted(d for d in self.days_off if d.weekday() < _SATURDAY)

    @cached_property
    def _weekend_makeup_days(self) -> list[date]:
        """The make-up days that fall on a weekend, in order: those a count of weekdays must add."""
        return sorted(d for d in self.makeup_days if d.weekday() >= _SATURDAY)

    def with_year(self, year: int, days_off: Iterable[date], makeup_days: Iterable[date]) -> WorkingCalendar:
        """A copy in which `year` is exactly as given (an administrator entered it in full) and known.

        Whatever this calendar had for that year is dropped, so a year entered by hand replaces
        the package's, not merges with it.
        """
        days_off = frozenset(days_off)
        makeup_days = frozenset(makeup_days)
        strays = sorted(d for d in days_off | makeup_days if d.year != year)
        if strays:
            raise ValueError(f"days outside {year}: {strays}")
        return WorkingCalendar(
            days_off=frozenset(d for d in self.days_off if d.year != year) | days_off,
            makeup_days=frozenset(d for d in self.makeup_days if d.year != year) | makeup_days,
            known_years=self.known_years | {year},
        )

    def with_day(self, day: date, working: bool) -> WorkingCalendar:
        """A copy in which one day is a working day or a day off, whatever it was before.

        This corrects a single day (an administrator's override row); it does not make the
        year known.
        """
        days_off = self.days_off - {day}
        makeup_days = self.makeup_days - {day}
        if working:
            makeup_days |= {day}
        else:
            days_off |= {day}
        return WorkingCalendar(days_off=days_off, makeup_days=makeup_days, known_years=self.known_years)

    def _unknown_years_between(self, start: date, end: date) -> tuple[int, ...]:
        """Years of the days after `start` up to `end` that this calendar does not know."""
        if end <= start:
            return ()
        first = start + _ONE_DAY
        return tuple(y for y in range(first.year, end.year + 1) if y not in self.known_years)


def _weekdays_in(first: date, last: date) -> int:
    """Monday-to-Friday days from `first` to `last`, both included."""
    span = (last - first).days + 1
    full_weeks, rest = divmod(span, 7)
    weekdays = full_weeks * 5
    weekday = first.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < _SATURDAY:
            weekdays += 1
    return weekdays


def _count_within(days: Sequence[date], first: date, last: date) -> int:
    """How many of the sorted `days` lie from `first` to `last`, both included."""
    return bisect_right(days, last) - bisect_left(days, first)
