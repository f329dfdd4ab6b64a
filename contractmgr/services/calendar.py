"""Build the working-day calendar from the official PRC calendar and the administrator's entries.

The `chinese_calendar` package carries the State Council's holiday notices for the years it
knows (up to 2026 in 1.11.0) and raises NotImplementedError for any other. The next year's
notice is published each November, usually before the package is updated, so an administrator
can enter days (and whole years) by hand; those entries always win over the package.

This is the only place that reads `chinese_calendar`. `build_calendar` does no database work: the
caller loads the administrator's rows and passes them in; `working_calendar` loads them.

Built once per request: the package's days of a year are read once per process (they never change
while it runs), and during a request `working_calendar` keeps the administrator's rows and each
calendar it built in `flask.g`, so a page over thousands of contracts builds its calendar once. A
flush that adds, changes or deletes a holiday override, an entered year or an LPR rate forgets
them (`forget_tables`), so an administrator's edit counts from the next read, even in the same
request. Outside a request (commands, tests' own code) nothing is kept.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

import chinese_calendar
import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.orm import Session

from contractmgr import clock
from contractmgr.domain.calendar import WorkingCalendar

OverrideKind = Literal["holiday", "workday"]

_SATURDAY = 5


def build_calendar(
    years: Iterable[int],
    overrides: Iterable[tuple[date, OverrideKind]] = (),
    override_years: Iterable[int] = (),
) -> WorkingCalendar:
    """The calendar for `years`, from the package where it knows them, corrected by `overrides`.

    - `overrides`: the administrator's (date, "holiday" | "workday") rows; each replaces whatever
      the package says about that day, in any year.
    - `override_years`: years the administrator has entered in full, so they count as known even
      where the package has nothing. The package's data for such a year, if any, is kept
      underneath the rows (a full year entered by hand normally lists every day that differs
      from Monday-to-Friday, so the rows decide every day that matters).

    A year in neither the package nor `override_years` stays unknown, and every due date
    counted through it says so.
    """
    days_off: set[date] = set()
    makeup_days: set[date] = set()
    known_years: set[int] = set()
    for year in set(years):
        if not _package_knows(year):
            continue
        year_off, year_makeup = _package_year(year)
        days_off |= year_off
        makeup_days |= year_makeup
        known_years.add(year)
    calendar = WorkingCalendar(frozenset(days_off), frozenset(makeup_days), frozenset(known_years))
    for day, kind in overrides:
        calendar = calendar.with_day(day, working=_is_workday_kind(kind))
    return WorkingCalendar(
        calendar.days_off,
        calendar.makeup_days,
        calendar.known_years | frozenset(override_years),
    )


@functools.cache
def _package_knows(year: int) -> bool:
    """Whether the installed chinese_calendar has the official calendar for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def _package_year_cached(year: int) -> tuple[frozenset[date], frozenset[date]]:
    holidays = frozenset(d for d in chinese_calendar.holidays if d.year == year and d.weekday() < _SATURDAY)
    makeup = frozenset(d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= _SATURDAY)
    return holidays, makeup


def _package_year(year: int) -> tuple[set[date], set[date]]:
    """The package's (holidays on weekdays, make-up working days on weekends) for `year`.

    Its holiday table also lists the weekends inside a holiday; those are days off anyway, so
    only the weekday ones change the count.
    """
    holidays, makeup = _package_year_cached(year)
    return set(holidays), set(makeup)


def _is_workday_kind(kind: str) -> bool:
    if kind == "workday":
        return True
    if kind == "holiday":
        return False
    raise ValueError(f"calendar override must be 'holiday' or 'workday', got {kind!r}")


_CACHE = "_contractmgr_tables"


def request_cache() -> dict[Any, Any] | None:
    """This request's store of the calendar and rate tables, or None outside a request."""
    if not has_request_context():
        return None
    if not hasattr(g, _CACHE):
        setattr(g, _CACHE, {})
    return getattr(g, _CACHE)


def forget_tables() -> None:
    """Drop what this request kept of the calendar and the LPR table."""
    if has_request_context() and hasattr(g, _CACHE):
        delattr(g, _CACHE)


def _admin_rows() -> tuple[list[tuple[date, OverrideKind]], list[int]]:
    from contractmgr.extensions import db
    from contractmgr.models import CalendarYear, HolidayOverride

    cache = request_cache()
    if cache is not None and "admin_rows" in cache:
        return cache["admin_rows"]
    overrides = [
        (row.day, row.kind)
        for row in db.session.scalars(db.select(HolidayOverride).where(HolidayOverride.superseded_at.is_(None)))
    ]
    entered = list(db.session.scalars(db.select(CalendarYear.year)))
    if cache is not None:
        cache["admin_rows"] = (overrides, entered)
    return overrides, entered


def working_calendar(years: Iterable[int] | None = None) -> WorkingCalendar:
    """The calendar the application uses: the package plus every administrator's entry in the database.

    `years` defaults to last year through three years ahead, which covers every due date a
    contract of at most three years can produce."""
    if years is None:
        this_year = clock.today().year
        years = range(this_year - 1, this_year + 4)
    wanted = frozenset(years)
    cache = request_cache()
    if cache is not None and ("calendar", wanted) in cache:
        return cache[("calendar", wanted)]
    overrides, entered = _admin_rows()
    calendar = build_calendar(wanted | set(entered), overrides, entered)
    if cache is not None:
        cache[("calendar", wanted)] = calendar
    return calendar


@sa.event.listens_for(Session, "after_flush")
def _forget_changed_tables(session: Session, _context: Any) -> None:
    from contractmgr.models import CalendarYear, HolidayOverride, LprRate

    tables = (HolidayOverride, CalendarYear, LprRate)
    if any(isinstance(obj, tables) for obj in (*session.new, *session.dirty, *session.deleted)):
        forget_tables()
