"""Inspection records (巡检) per line, and each line's months: done against what its cycle expects.

The cycle is the line's 巡检周期 text (LineItem.inspection_cycle), read by domain.inspections.
parse_cycle; a line whose text states none, or several (「4次/月（硬件）；1次/天（软件）」), shows its
inspections with the expectation unknown, for an officer to settle. Milestone 1 (第七条: every
project's 巡检报告) and the 日常巡检记录 material read from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.inspections import Cycle, MonthTally, done_vs_expected, parse_cycle
from contractmgr.extensions import db
from contractmgr.models import Contract, Inspection, LineItem, User
from contractmgr.services.contracts import view_contract
from contractmgr.services.storage import save_upload


def line_for(contract: Contract, line_id: int | None) -> LineItem | None:
    """The live line if it belongs to `contract`, else None: ids from a form are never trusted."""
    if line_id is None:
        return None
    line = db.session.get(LineItem, line_id)
    return line if line is not None and line.contract_id == contract.id and line.voided_at is None else None


def inspection_for(contract: Contract, inspection_id: int) -> Inspection | None:
    inspection = db.session.get(Inspection, inspection_id)
    return inspection if inspection is not None and inspection.line_item.contract_id == contract.id else None


def inspections_of(contract: Contract) -> list[Inspection]:
    """The contract's inspections, newest first."""
    return list(
        db.session.scalars(
            sa.select(Inspection)
            .join(LineItem)
            .where(LineItem.contract_id == contract.id)
            .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
        )
    )


def record_inspection(
    line: LineItem, *, inspected_on: date, inspector: str, findings: str = "", upload=None, by: User | None, today: date
) -> Inspection:
    """One inspection of `line`, with an optional file (a report, a photo). Not in the future, and
    not before the contract starts."""
    inspector = (inspector or "").strip()
    if not inspector:
        raise RuleViolation("inspection_needs_inspector")
    if inspected_on > today:
        raise RuleViolation("inspection_in_future", day=inspected_on)
    if inspected_on < line.contract.start_on:
        raise RuleViolation("inspection_before_contract", day=inspected_on, start=line.contract.start_on)
    stored = save_upload(upload, by=by) if upload is not None and upload.filename else None
    inspection = Inspection(
        line_item_id=line.id,
        inspected_on=inspected_on,
        inspector=inspector,
        findings=(findings or "").strip(),
        stored_file_id=stored.id if stored else None,
        recorded_by_id=by.id if by else None,
    )
    db.session.add(inspection)
    db.session.flush()
    return inspection


@dataclass(frozen=True)
class LineTally:
    """One line's months, done against expected, with its cycle as printed and as read."""

    line: LineItem
    cycle_text: str | None
    cycle: Cycle | None
    months: tuple[MonthTally, ...]

    @property
    def done(self) -> int:
        return sum(m.done for m in self.months)

    @property
    def expected(self) -> int | None:
        if self.cycle is None:
            return None
        return sum(m.expected or 0 for m in self.months)

    @property
    def missing(self) -> int:
        return sum(m.missing for m in self.months)


@dataclass(frozen=True)
class InspectionOverview:
    months: tuple[tuple[int, int], ...]
    lines: tuple[LineTally, ...]
    #: counted up to this day: the current month shows what is expected so far
    as_of: date

    @property
    def lines_short(self) -> tuple[LineTally, ...]:
        return tuple(t for t in self.lines if t.missing)

    @property
    def lines_unknown(self) -> tuple[LineTally, ...]:
        return tuple(t for t in self.lines if t.cycle is None)

    @property
    def done(self) -> int:
        return sum(t.done for t in self.lines)

    @property
    def expected(self) -> int:
        return sum(t.expected or 0 for t in self.lines)


def _months_between(start: date, end: date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def inspection_overview(contract: Contract, today: date) -> InspectionOverview:
    """Per line and month, from the contract's start to today (or to the last line's end, if
    earlier): inspections recorded against those the cycle expects up to that day."""
    view = view_contract(contract, today)
    ends = [lv.period.period.end for lv in view.lines if lv.period.period] or [contract.end_on]
    as_of = min(today, max(ends + [contract.end_on]))
    months = _months_between(contract.start_on, as_of) if as_of >= contract.start_on else []
    counts: dict[tuple[int, int, int], int] = {}
    rows = db.session.execute(
        sa.select(Inspection.line_item_id, Inspection.inspected_on)
        .join(LineItem)
        .where(LineItem.contract_id == contract.id)
    )
    for line_id, day in rows:
        key = (line_id, day.year, day.month)
        counts[key] = counts.get(key, 0) + 1
    tallies = []
    for line_view in view.lines:
        line, period = line_view.line, line_view.period.period
        cycle = parse_cycle(line.inspection_cycle) if line.inspection_cycle else None
        start = period.start if period else None
        # Count to today at most, so the current month expects what has fallen due so far.
        end = min(period.end, as_of) if period else None
        tallies.append(
            LineTally(
                line=line,
                cycle_text=line.inspection_cycle,
                cycle=cycle,
                months=tuple(
                    done_vs_expected(cycle, start, end, year, month, counts.get((line.id, year, month), 0))
                    for year, month in months
                ),
            )
        )
    return InspectionOverview(months=tuple(months), lines=tuple(tallies), as_of=as_of)
