"""What the administrator keeps for the payment rules: a year's official holiday calendar (typed or
uploaded as a small .xlsx or .csv) and the one-year LPR table.

A year entered here replaces that year's earlier entries and becomes "known": due dates counted
through it are exact from then on (`services.calendar.working_calendar` reads these rows).
Refusals are `RuleViolation`s worded by `contractmgr.web.admin.calendar` and `.lpr`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import CalendarYear, HolidayOverride, LprRate, User
from contractmgr.models.types import utcnow
from importers import limits
from importers.errors import DocumentError

#: An uploaded calendar is a list of a few dozen days: anything bigger is not one.
MAX_CALENDAR_FILE_BYTES = 256 * 1024
MAX_CALENDAR_ROWS = 400
#: The LPR has been between 3% and 5% since 2019; a figure outside (0, 20] is a typing mistake.
MAX_LPR_PERCENT = Decimal("20")

HOLIDAY_WORDS = {"休", "假", "休息", "放假", "节假日", "假日", "holiday", "off"}
WORKDAY_WORDS = {"班", "上班", "补班", "调休", "调休上班", "工作日", "workday", "work"}
_SATURDAY = 5


@dataclass
class CalendarEntries:
    """The days of one year as read from what the administrator typed or uploaded."""

    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)
    notes: dict[date, str] = field(default_factory=dict)


# --- reading dates ---------------------------------------------------------------------------

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_RANGE = re.compile(r"\s*(?:~|～|至|到|—|–|--)\s*")


def parse_day(text: str) -> date:
    """2027-10-01, 2027/10/1, 2027.10.1 or 2027年10月1日; RuleViolation("calendar_bad_date") otherwise."""
    match = _DATE.match(text or "")
    if not match:
        raise RuleViolation("calendar_bad_date", text=(text or "").strip()[:40])
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        raise RuleViolation("calendar_bad_date", text=text.strip()[:40]) from None


def parse_days(text: str) -> set[date]:
    """Days typed one per line or separated by commas, with ranges "2027-10-01~2027-10-07"."""
    days: set[date] = set()
    for entry in re.split(r"[\n,，;；、]+", text or ""):
        if not entry.strip():
            continue
        ends = _RANGE.split(entry.strip())
        if len(ends) == 1:
            days.add(parse_day(ends[0]))
        elif len(ends) == 2:
            first, last = parse_day(ends[0]), parse_day(ends[1])
            if last < first or (last - first).days > 31:
                raise RuleViolation("calendar_bad_range", text=entry.strip()[:40])
            days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        else:
            raise RuleViolation("calendar_bad_date", text=entry.strip()[:40])
    return days


def parse_calendar_file(filename: str, content: bytes) -> CalendarEntries:
    """The days listed in an uploaded .xlsx or .csv: one row per day, columns 日期, 类型 (休 or 班),
    and an optional 说明. A header row is allowed. The content is checked, not the name only:
    an .xlsx must be an Excel workbook, a .csv plain text (UTF-8 or GB18030, as Excel saves it)."""
    if len(content) > MAX_CALENDAR_FILE_BYTES:
        raise RuleViolation("calendar_file_too_large", kb=MAX_CALENDAR_FILE_BYTES // 1024)
    if not content:
        raise RuleViolation("calendar_file_empty")
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "xlsx":
        rows = _xlsx_rows(content, filename)
    elif suffix == "csv":
        rows = _csv_rows(content)
    else:
        raise RuleViolation("calendar_file_type", name=filename[:60])
    return _entries_from_rows(rows)


def _xlsx_rows(content: bytes, name: str) -> list[list]:
    from openpyxl import load_workbook

    if not content.startswith(b"PK\x03\x04"):
        raise RuleViolation("calendar_file_not_xlsx")
    try:  # a small zip can unpack to gigabytes of shared strings or declare billions of cells
        limits.check_package(io.BytesIO(content))
    except limits.FileOverLimit as error:
        raise RuleViolation("file_over_limit", name=name[:60], **error.params) from None
    except DocumentError:
        raise RuleViolation("calendar_file_not_xlsx") from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise RuleViolation("calendar_file_not_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_CALENDAR_ROWS + 1:
                raise RuleViolation("calendar_file_too_many_rows", rows=MAX_CALENDAR_ROWS)
        return rows
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> list[list]:
    if b"\x00" in content:
        raise RuleViolation("calendar_file_not_text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything; kept for safety
        raise RuleViolation("calendar_file_not_text")
    return [row for row in csv.reader(io.StringIO(text))]


def _entries_from_rows(rows: list[list]) -> CalendarEntries:
    rows = [row for row in rows if any(cell not in (None, "") and str(cell).strip() for cell in row)]
    if rows and not _looks_like_day(rows[0][0]):
        rows = rows[1:]  # the header row (日期, 类型, 说明)
    if not rows:
        raise RuleViolation("calendar_file_empty")
    if len(rows) > MAX_CALENDAR_ROWS:
        raise RuleViolation("calendar_file_too_many_rows", rows=MAX_CALENDAR_ROWS)
    entries = CalendarEntries()
    for number, row in enumerate(rows, start=1):
        cells = list(row) + [None, None, None]
        try:
            day = _cell_day(cells[0])
        except RuleViolation as violation:
            raise RuleViolation(
                "calendar_file_bad_row", row=number, problem="date", text=violation.params.get("text", "")
            ) from None
        kind = str(cells[1] or "").strip()
        if kind.lower() in HOLIDAY_WORDS:
            entries.holidays.add(day)
        elif kind.lower() in WORKDAY_WORDS:
            entries.workdays.add(day)
        else:
            raise RuleViolation("calendar_file_bad_row", row=number, problem="kind", text=kind[:20])
        if cells[2]:
            entries.notes[day] = str(cells[2]).strip()[:100]
    return entries


def _looks_like_day(cell) -> bool:
    try:
        _cell_day(cell)
    except RuleViolation:
        return False
    return True


def _cell_day(cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return parse_day(str(cell or ""))


# --- entering a year -------------------------------------------------------------------------


def enter_calendar_year(year: int, entries: CalendarEntries, *, by: User | None) -> CalendarYear:
    """Make `year` known with exactly these holidays and make-up working days (调休), replacing
    whatever was entered for it before. Refused: a day outside the year, a day listed both ways,
    a make-up working day that is not a Saturday or Sunday, or a year without any holiday."""
    if not 2000 <= year <= 2100:
        raise RuleViolation("calendar_year_out_of_range", year=year)
    for day in sorted(entries.holidays | entries.workdays):
        if day.year != year:
            raise RuleViolation("calendar_day_outside_year", day=day, year=year)
    both = sorted(entries.holidays & entries.workdays)
    if both:
        raise RuleViolation("calendar_day_both", day=both[0])
    weekday_makeups = sorted(d for d in entries.workdays if d.weekday() < _SATURDAY)
    if weekday_makeups:
        raise RuleViolation("calendar_workday_not_weekend", day=weekday_makeups[0])
    if not entries.holidays:
        raise RuleViolation("calendar_year_empty", year=year)
    # Rows are kept (nothing is deleted — 《政府采购法》第四十二条): a day listed again is updated in place,
    # a day left out is superseded; the audit log holds what each was before.
    kinds = {day: "holiday" for day in entries.holidays} | {day: "workday" for day in entries.workdays}
    existing = {
        row.day: row
        for row in db.session.scalars(
            sa.select(HolidayOverride).where(
                HolidayOverride.day >= date(year, 1, 1), HolidayOverride.day <= date(year, 12, 31)
            )
        )
    }
    for day, row in existing.items():
        if day not in kinds and row.superseded_at is None:
            row.superseded_at = utcnow()
    for day in sorted(kinds):
        row = existing.get(day) or HolidayOverride(day=day)
        row.kind, row.note, row.superseded_at = kinds[day], entries.notes.get(day, ""), None
        db.session.add(row)
    entered = db.session.get(CalendarYear, year)
    if entered is None:
        entered = CalendarYear(year=year)
        db.session.add(entered)
    entered.entered_by_id = by.id if by else None
    entered.entered_at = utcnow()
    db.session.flush()
    return entered


@dataclass(frozen=True)
class YearSummary:
    year: int
    #: "package" (chinese_calendar), "entered" (an administrator), or both
    sources: tuple[str, ...]
    holidays: list[HolidayOverride]
    workdays: list[HolidayOverride]
    entered: CalendarYear | None


def calendar_years(package_years: range, ahead: range = range(0)) -> list[YearSummary]:
    """Each year the calendar knows, from the package or entered by hand, with the entered days;
    and each year of `ahead` it does not know (no sources: its due dates are provisional)."""
    from contractmgr.services.calendar import build_calendar

    in_package = build_calendar(package_years).known_years
    entered = {row.year: row for row in db.session.scalars(sa.select(CalendarYear))}
    overrides = list(
        db.session.scalars(
            sa.select(HolidayOverride).where(HolidayOverride.superseded_at.is_(None)).order_by(HolidayOverride.day)
        )
    )
    years = sorted(set(in_package) | set(entered) | set(ahead))
    summaries = []
    for year in years:
        sources = tuple(s for s, known in (("package", year in in_package), ("entered", year in entered)) if known)
        days = [row for row in overrides if row.day.year == year]
        summaries.append(
            YearSummary(
                year,
                sources,
                [r for r in days if r.kind == "holiday"],
                [r for r in days if r.kind == "workday"],
                entered.get(year),
            )
        )
    return summaries


# --- the LPR table ---------------------------------------------------------------------------


def add_lpr_rate(effective_on: date, one_year_percent: Decimal) -> LprRate:
    """A one-year LPR value (in percent, as published: 3.00 means 3.00%) from its effective date."""
    if not Decimal(0) < one_year_percent <= MAX_LPR_PERCENT:
        raise RuleViolation("lpr_out_of_range", percent=one_year_percent, maximum=MAX_LPR_PERCENT)
    if one_year_percent != one_year_percent.quantize(Decimal("0.001")):
        raise RuleViolation("lpr_too_precise", percent=one_year_percent)
    existing = db.session.scalar(sa.select(LprRate).where(LprRate.effective_on == effective_on))
    if existing is not None:
        raise RuleViolation("lpr_date_taken", day=effective_on, percent=existing.one_year_percent)
    rate = LprRate(effective_on=effective_on, one_year_percent=one_year_percent)
    db.session.add(rate)
    db.session.flush()
    return rate
