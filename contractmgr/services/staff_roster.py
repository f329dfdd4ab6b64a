"""The staff roster (驻场人员) imported from an Excel sheet: the vendor fills in the template
(contractmgr.exports.staff_roster_xlsx) and uploads it; every row is checked, and the rows are saved
all together or not at all.

The sheet's first row names the columns (ROSTER_HEADERS, in Chinese, as the template writes them);
each row after it is one person: 姓名, 岗位, 驻场项目 (line numbers such as 「1、12」, empty for the
contract as a whole), 驻场开始, 驻场结束 (may be empty), 身份证号后四位 (optional; exactly four
characters). A row whose name starts with 「示例」 is the template's example and is skipped; empty rows
are skipped.

Only the last four characters of an ID number are ever kept, and the file is kept as uploaded: so a
sheet with a whole ID number is refused before anything is written, with the rows that hold one
(`roster_whole_id_number`): in the ID column more than four characters like one (15 or 18), anywhere
else (any cell of any sheet) an 18-character valid one; other long numbers (credit codes, accounts) pass.

A roster uploaded again after editing adds only what is new: a person already on the contract (the same
name and ID last four, staffing.person_of; the same name where one side has no last four, `_known_ids`)
on the same line from the same day is that record, not a new one. The sheet's empty cells say nothing;
its role replaces the record's, its end date is recorded where the record has none, and one that differs
from a recorded end is refused (`roster_end_differs`: ends are changed on the page, so a stale sheet
cannot undo a leaving date). The same person on the same line at dates that overlap a record on file
(as the sheet leaves it) or another row is refused (a start date cannot be corrected by upload), other
dates are a new stint. The answer says how many people were new and how many already there.

The file goes through the checks of every upload (services.storage: the format by content, the size,
the importer's limits on a zip package), is kept once accepted, and each row saved remembers it (roster_file_id).
A refusal is `roster_rows_refused` with one (row number, RuleViolation) per problem, so the page can
say 「第 5 行：…」 for each.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import IO, Final

import sqlalchemy as sa
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from werkzeug.datastructures import FileStorage

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.staffing import stints_overlap
from contractmgr.extensions import db
from contractmgr.models import Contract, LineItem, StaffAssignment, StoredFile, User
from contractmgr.services.holidays import parse_day
from contractmgr.services.locking import lock
from contractmgr.services.staffing import add_assignment, assignments_of
from contractmgr.services.storage import check_bytes, save_bytes, upload_limit

#: The template's columns, in order; the header row must read so.
ROSTER_HEADERS: Final = ("姓名", "岗位", "驻场项目序号", "驻场开始日期", "驻场结束日期", "身份证号后四位")
#: What a row's name starts with when it is the template's example.
EXAMPLE_MARK: Final = "示例"
#: A roster is a few dozen people; a sheet of thousands of rows is not one.
MAX_ROSTER_ROWS: Final = 1_000
#: As the form's fields allow (StaffAssignment.person_name, staff_role).
MAX_TEXT: Final = 60
#: The days a roster's dates may fall on. Excel stores a date as a day count (serial) from 1899-12-30, and
#: openpyxl turns a negative or tiny count in a date-formatted cell into a day of 1899 or 1900 that nobody
#: typed: such a value is malformed and refused, never read as some date.
EARLIEST_DAY: Final = date(1900, 1, 1)
LATEST_DAY: Final = date(2100, 12, 31)
_SEQ_SPLIT = re.compile(r"[、,，;；\s]+")
#: what the 身份证号后四位 column takes: four characters, the last may be X
_LAST_FOUR = re.compile(r"^[0-9]{3}[0-9X]$")
#: in the ID column, more than the last four: 18 characters (the last may be X) or the old 15 digits
_WHOLE_ID = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")
#: in the ID column, a number cell this large is an ID number Excel took for a number
_WHOLE_ID_AS_NUMBER: Final = 10**14
#: elsewhere, an 18-character run that may be an ID number; it is one only if its check digit and birth
#: date hold (`_is_id_number`): credit codes, bank accounts and codes in line names are long digit runs too
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
#: GB 11643-1999: the weights of the first 17 digits, and the check character for the sum mod 11
_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK: Final = "10X98765432"
#: the column that takes the ID last four (F)
_ID_COLUMN: Final = 6


@dataclass(frozen=True)
class RosterRow:
    """One person as read from the sheet, checked."""

    number: int
    person_name: str
    staff_role: str
    line_seqs: tuple[int, ...]
    on_site_from: date
    on_site_to: date | None
    id_number: str | None


@dataclass(frozen=True)
class RosterImport:
    """What an imported roster did."""

    #: the assignments it added (one per person and line, as the form makes them)
    added: list[StaffAssignment]
    #: the assignments on file whose role or end date it changed
    updated: list[StaffAssignment]
    #: its people who had no assignment on the contract before, and those who had
    new_people: int
    known_people: int


def import_roster(contract: Contract, upload: FileStorage, *, by: User | None) -> RosterImport:
    """Every row of the uploaded roster saved as assignments of `contract` (one per line named, as the
    form does), matched against the people already on it (module docstring), or nothing when any row is
    wrong: `roster_rows_refused` lists each problem by row. The same
    file imported into the contract before is refused (`roster_already_imported`): the contract's row is
    locked first (services/locking.py), so two uploads of one file at once save it once. The file is
    checked and read before it is kept: a refused roster (a whole ID number in it) is never written."""
    lock(contract)
    limit = upload_limit()
    data = upload.stream.read(limit + 1)
    name, _format = check_bytes(data, upload.filename or "", allowed=("xlsx",), limit=limit)
    already = (
        sa.select(sa.func.count())
        .select_from(StaffAssignment)
        .join(StoredFile, StoredFile.id == StaffAssignment.roster_file_id)
        .where(StaffAssignment.contract_id == contract.id, StoredFile.sha256 == hashlib.sha256(data).hexdigest())
    )
    if db.session.scalar(already):
        raise RuleViolation("roster_already_imported", name=name)
    rows = read_roster(io.BytesIO(data), {line.seq for line in contract.lines})
    on_file = assignments_of(contract)
    rows, fills = _known_ids(rows, on_file)
    new, changes = _match(rows, on_file, {line.seq: line for line in contract.lines}, fills)
    stored = save_bytes(data, name, by=by, allowed=("xlsx",), limit=limit)
    added: list[StaffAssignment] = []
    for row, line in new:
        for assignment in add_assignment(
            contract,
            person_name=row.person_name,
            staff_role=row.staff_role,
            lines=[line] if line else [],
            on_site_from=row.on_site_from,
            on_site_to=row.on_site_to,
            id_number=row.id_number,
        ):
            assignment.roster_file_id = stored.id
            added.append(assignment)
    for assignment, (role, end, last4) in changes:
        assignment.staff_role, assignment.on_site_to, assignment.id_last4 = role, end, last4
    db.session.flush()
    known = {(a.person_name, fills.get(a.id, a.id_last4) or "") for a in on_file}
    people = {_person(row) for row in rows}
    return RosterImport(added, [a for a, _ in changes], len(people - known), len(people & known))


def _person(row: RosterRow) -> tuple[str, str]:
    return (row.person_name, row.id_number or "")


def _known_ids(rows: list[RosterRow], on_file: list[StaffAssignment]) -> tuple[list[RosterRow], dict[int, str]]:
    """One person whether or not a side gives the ID last four: where a name has a single last four
    among the sheet and the records, a row without one takes it, and a record without one gets it when
    the sheet brings it (returned as record id -> last four). A name with several last fours is several people; its rows
    and records without one stay so, and `_match` treats them as possibly any of them."""
    ids: dict[str, set[str]] = {}
    for name, last4 in [(r.person_name, r.id_number) for r in rows] + [(a.person_name, a.id_last4) for a in on_file]:
        ids.setdefault(name, set()).update([last4] if last4 else [])
    single = {name: next(iter(found)) for name, found in ids.items() if len(found) == 1}
    brought = {(r.person_name, r.id_number) for r in rows if r.id_number}
    rows = [replace(r, id_number=r.id_number or single.get(r.person_name)) for r in rows]
    fills = {
        a.id: single[a.person_name]
        for a in on_file
        if not a.id_last4 and (a.person_name, single.get(a.person_name)) in brought
    }
    return rows, fills


def _match(
    rows: list[RosterRow], on_file: list[StaffAssignment], lines: dict[int, LineItem], fills: dict[int, str]
) -> tuple[list[tuple[RosterRow, LineItem | None]], list[tuple[StaffAssignment, tuple[str, date | None, str | None]]]]:
    """The (row, line) pairs to add and the records to change (to their role, end and ID last four), or
    `roster_rows_refused` for rows that overlap a record of the same person on the same line from another
    day, or whose end date differs from the one recorded (ends are changed on the contract page)."""
    new: list[tuple[RosterRow, LineItem | None]] = []
    plan = {a.id: (a.staff_role, a.on_site_to, fills.get(a.id, a.id_last4)) for a in on_file}
    changed: dict[int, int] = {}  # record id -> the row that changes it (the first, for a filled-in last four)
    for a in on_file:
        if a.id in fills:
            changed[a.id] = next(r.number for r in rows if (r.person_name, r.id_number) == (a.person_name, fills[a.id]))
    others: list[tuple[RosterRow, LineItem | None, list[StaffAssignment]]] = []
    problems: list[tuple[int, RuleViolation]] = []

    def same_person(row: RosterRow, a: StaffAssignment) -> bool:  # an empty last four is anyone of the name
        last4 = plan[a.id][2]
        return a.person_name == row.person_name and (not row.id_number or not last4 or row.id_number == last4)

    for row in rows:
        for line in [lines[seq] for seq in row.line_seqs] or [None]:
            same = [a for a in on_file if same_person(row, a) and a.line_item_id == (line.id if line else None)]
            record = next((a for a in same if a.on_site_from == row.on_site_from), None)
            if record is None:
                others.append((row, line, same))
                continue
            role, end, last4 = plan[record.id]
            if row.on_site_to and end and row.on_site_to != end:  # a stale sheet never undoes the page's end
                problems.append((row.number, _end_violation(end, row, line)))
                continue
            # the sheet's empty cells say nothing: what the page recorded stays
            update = (row.staff_role or role, row.on_site_to or end, last4 or row.id_number)
            if update != plan[record.id]:
                if update[1:] != plan[record.id][1:]:
                    changed[record.id] = row.number
                plan[record.id] = update
    # a record given an end or a last four must not overlap another record of the same person on its line
    for a in on_file:
        if a.id in changed:
            clash = next(
                (
                    b
                    for b in on_file
                    if b.id != a.id
                    and (b.id not in changed or a.id < b.id)  # a pair both changed is told once
                    and (b.person_name, b.line_item_id, plan[b.id][2]) == (a.person_name, a.line_item_id, plan[a.id][2])
                    and stints_overlap(a.on_site_from, plan[a.id][1], b.on_site_from, plan[b.id][1])
                ),
                None,
            )
            if clash is not None:
                problems.append(
                    (
                        changed[a.id],
                        RuleViolation(
                            "roster_overlaps_record",
                            person=a.person_name,
                            seq=a.line_item.seq if a.line_item else None,
                            on_site_from=clash.on_site_from,
                            on_site_to=plan[clash.id][1],
                        ),
                    )
                )
    planned: dict[tuple, RosterRow] = {}
    for row, line, same in others:  # checked against the records as this sheet leaves them (an end it adds)
        clash = next((a for a in same if _overlaps(a.on_site_from, plan[a.id][1], row)), None)
        key = (_person(row), line.id if line else None, row.on_site_from)
        earlier = next(
            (
                r
                for (person, line_id, _start), r in planned.items()
                if person[0] == row.person_name
                and (not person[1] or not row.id_number or person[1] == row.id_number)
                and line_id == key[1]
                and _overlaps(r.on_site_from, r.on_site_to, row)
            ),
            None,
        )
        if clash is not None:
            problems.append((row.number, _overlap_violation(clash.on_site_from, plan[clash.id][1], row, line)))
        elif key in planned:  # the same person, line and day twice in the sheet: once
            continue
        elif earlier is not None:  # nor twice at once from two rows
            problems.append(
                (
                    row.number,
                    RuleViolation(
                        "roster_overlaps_row",
                        person=row.person_name,
                        seq=line.seq if line else None,
                        row=earlier.number,
                    ),
                )
            )
        else:
            planned[key] = row
            new.append((row, line))
    if problems:
        raise RuleViolation("roster_rows_refused", problems=sorted(problems, key=lambda p: p[0]))
    records = {a.id: a for a in on_file}
    current = {a.id: (a.staff_role, a.on_site_to, a.id_last4) for a in on_file}
    return new, [(records[i], plan[i]) for i in plan if plan[i] != current[i]]


def _end_violation(end: date, row: RosterRow, line: LineItem | None) -> RuleViolation:
    return RuleViolation(
        "roster_end_differs",
        person=row.person_name,
        seq=line.seq if line else None,
        on_site_to=end,
        new_end=row.on_site_to,
    )


def _overlaps(start: date, end: date | None, row: RosterRow) -> bool:
    return stints_overlap(start, end, row.on_site_from, row.on_site_to)


def _overlap_violation(start: date, end: date | None, row: RosterRow, line: LineItem | None) -> RuleViolation:
    return RuleViolation(
        "roster_overlaps_record",
        person=row.person_name,
        seq=line.seq if line else None,
        on_site_from=start,
        on_site_to=end,
    )


def read_roster(file: IO[bytes], line_seqs: set[int]) -> list[RosterRow]:
    """The checked rows of the roster workbook in `file` (it has passed the upload checks); raises
    `roster_rows_refused` with every problem found, or `roster_*` for a sheet that is not a roster."""
    with warnings.catch_warnings():
        # a date cell whose serial is past year 9999 is read as the error text #VALUE! (refused as a bad
        # date, naming its row and column); openpyxl's warning about it says nothing more
        warnings.filterwarnings("ignore", "Cell .* is marked as a date", UserWarning)
        return _read_rows(load_workbook(file, read_only=True, data_only=True), line_seqs)


def _read_rows(workbook, line_seqs: set[int]) -> list[RosterRow]:
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = tuple(_text(cell) for cell in next(values, ()))[: len(ROSTER_HEADERS)]
        if header != ROSTER_HEADERS:
            raise RuleViolation("roster_not_template", expected="、".join(ROSTER_HEADERS))
        rows: list[RosterRow] = []
        problems: list[tuple[int, RuleViolation]] = []
        people = 0
        for number, cells in enumerate(values, start=2):
            problems.extend((number, problem) for problem in _whole_ids(cells[len(ROSTER_HEADERS) :], first=7))
            cells = (tuple(cells) + (None,) * len(ROSTER_HEADERS))[: len(ROSTER_HEADERS)]
            if _text(cells[0]).startswith(EXAMPLE_MARK):  # skipped, but no whole ID number is kept in it either
                problems.extend((number, problem) for problem in _whole_ids(cells))
                continue
            if all(_text(cell) == "" for cell in cells):
                continue
            people += 1
            if people > MAX_ROSTER_ROWS:
                raise RuleViolation("roster_too_many_rows", rows=MAX_ROSTER_ROWS)
            row, found = _check_row(number, cells, line_seqs)
            if found:
                problems.extend((number, problem) for problem in found)
            else:
                rows.append(row)
        for other in workbook.worksheets[1:]:
            for number, cells in enumerate(other.iter_rows(values_only=True), start=1):
                problems.extend((number, problem) for problem in _whole_ids(cells, sheet=other.title))
    finally:
        workbook.close()
    if problems:
        raise RuleViolation("roster_rows_refused", problems=problems)
    if not rows:
        raise RuleViolation("roster_empty")
    return rows


def _check_row(number: int, cells: tuple, line_seqs: set[int]) -> tuple[RosterRow | None, list[RuleViolation]]:
    """The row, or the problems of its cells (every one, so the vendor fixes the sheet once)."""
    name_cell, role_cell, seqs_cell, from_cell, to_cell, id_cell = cells
    problems: list[RuleViolation] = []
    name, role = _text(name_cell), _text(role_cell)
    if not name:
        problems.append(RuleViolation("staff_needs_name"))
    elif len(name) > MAX_TEXT:
        problems.append(RuleViolation("roster_text_too_long", column="姓名", limit=MAX_TEXT))
    if len(role) > MAX_TEXT:
        problems.append(RuleViolation("roster_text_too_long", column="岗位", limit=MAX_TEXT))
    problems.extend(_whole_ids((name_cell, role_cell, seqs_cell, from_cell, to_cell)))
    seqs = _line_seqs(seqs_cell, line_seqs, problems)
    on_site_from = _day(from_cell, "驻场开始日期", problems, required=True)
    on_site_to = _day(to_cell, "驻场结束日期", problems, required=False)
    if on_site_from and on_site_to and on_site_to < on_site_from:
        problems.append(
            RuleViolation("assignment_ends_before_start", person=name, on_site_from=on_site_from, on_site_to=on_site_to)
        )
    id_number = _id_number(id_cell, problems)
    if problems:
        return None, problems
    assert on_site_from is not None
    return RosterRow(number, name, role, seqs, on_site_from, on_site_to, id_number), []


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _line_seqs(cell, known: set[int], problems: list[RuleViolation]) -> tuple[int, ...]:
    seqs: list[int] = []
    for part in _SEQ_SPLIT.split(_text(cell)):
        if not part:
            continue
        if not part.isdigit():
            problems.append(RuleViolation("roster_bad_line", text=part[:20]))
        elif int(part) not in known:
            problems.append(RuleViolation("roster_unknown_line", seq=int(part)))
        elif int(part) not in seqs:
            seqs.append(int(part))
    return tuple(seqs)


def _day(cell, column: str, problems: list[RuleViolation], *, required: bool) -> date | None:
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    else:
        text = _text(cell)
        if not text:
            if required:
                problems.append(RuleViolation("roster_date_missing", column=column))
            return None
        try:
            day = parse_day(text)
        except RuleViolation:
            problems.append(RuleViolation("roster_bad_date", column=column, text=text[:40]))
            return None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        problems.append(
            RuleViolation("roster_date_out_of_range", column=column, day=day, earliest=EARLIEST_DAY, latest=LATEST_DAY)
        )
        return None
    return day


def _id_number(cell, problems: list[RuleViolation]) -> str | None:
    """The last four characters of the ID number, as typed; a whole ID number is refused (`_whole_ids`)."""
    whole = _whole_ids((cell,), first=6)
    if whole:
        problems.extend(whole)
        return None
    text = _text(cell).replace(" ", "").upper()
    if not text:
        return None
    if not _LAST_FOUR.match(text):
        problems.append(RuleViolation("roster_bad_id_number"))
        return None
    return text


def _whole_ids(cells, *, first: int = 1, sheet: str | None = None) -> list[RuleViolation]:
    """`roster_whole_id_number` for each cell that holds a whole ID number, naming its column (the
    letter, `first` for the first of `cells`). In the roster's ID column anything like one is (text of 15
    or 18 characters, or a number Excel made of one, which has lost its last digits too); elsewhere only
    an 18-character run that is a valid ID number (`_is_id_number`)."""
    found = []
    for index, cell in enumerate(cells, start=first):
        if isinstance(cell, bool):
            continue
        if sheet is None and index == _ID_COLUMN:
            whole = (isinstance(cell, (int, float)) and abs(cell) >= _WHOLE_ID_AS_NUMBER) or (
                isinstance(cell, str) and _WHOLE_ID.search(cell.replace(" ", ""))
            )
        else:
            whole = isinstance(cell, (str, int, float)) and any(
                _is_id_number(run) for run in _ID_CANDIDATE.findall(_text(cell).replace(" ", ""))
            )
        if whole:
            found.append(RuleViolation("roster_whole_id_number", column=get_column_letter(index), sheet=sheet))
    return found


def _is_id_number(text: str) -> bool:
    """An 18-character resident ID number: its birth date (characters 7-14) is a day, and its last
    character is the GB 11643-1999 mod-11 check of the 17 before it."""
    try:
        datetime.strptime(text[6:14], "%Y%m%d")
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()
