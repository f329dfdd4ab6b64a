"""Staffing (驻场人员): the on-site staff committed against the people actually on site.

Tender 注3: the winning bidder commits at least 15 base on-site staff for the whole project. Lines
ask for their own on-site staff (line 1 「需安排2名技术人员驻场」, line 12 「5名」, line 13 「3名」, many
「1名」). The roster says who is assigned to which line from when to when.

Our reading of how the two commitments combine: the lines' asks are part of the 15, not on top of
them, so the total committed is the larger of the minimum and the sum of the asks. (The tender calls
the 15 基础驻场人员 for the whole project and does not say the line asks come in addition.)

Counting people: a person on site for two lines on the same day counts once for each line, but once
in the total — one person cannot make up two people of the total.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period

BASE_STAFF_MINIMUM = 15


@dataclass(frozen=True)
class Assignment:
    """One person on site for one line, from `on_site_from` to `on_site_to` (both inclusive;
    None while the assignment is open-ended)."""

    person: Hashable
    line: Hashable
    on_site_from: date
    on_site_to: date | None = None

    def __post_init__(self) -> None:
        if self.on_site_to is not None and self.on_site_to < self.on_site_from:
            raise RuleViolation(
                "assignment_ends_before_start",
                person=self.person,
                on_site_from=self.on_site_from,
                on_site_to=self.on_site_to,
            )

    def on_site(self, day: date) -> bool:
        return self.on_site_from <= day and (self.on_site_to is None or day <= self.on_site_to)


def stints_overlap(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Whether two stints on site share a day (both ends inclusive; an end of None is still on site)."""
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


#: an Assignment, or its fields as a tuple: (person, line, on_site_from[, on_site_to])
AssignmentLike = Assignment | tuple[Hashable, Hashable, date] | tuple[Hashable, Hashable, date, date | None]


@dataclass(frozen=True)
class LineStaffing:
    """One line on one day: the staff it asks for against the people assigned and on site."""

    line: Hashable
    committed: int
    on_site: int

    @property
    def short_by(self) -> int:
        return max(0, self.committed - self.on_site)

    @property
    def short(self) -> bool:
        return self.short_by > 0


@dataclass(frozen=True)
class StaffingStatus:
    """The whole contract on one day: each line, and the total committed against distinct people on site."""

    day: date
    lines: tuple[LineStaffing, ...]
    committed_total: int
    on_site_total: int

    @property
    def short_by(self) -> int:
        return max(0, self.committed_total - self.on_site_total)

    @property
    def short(self) -> bool:
        return self.short_by > 0

    @property
    def short_lines(self) -> tuple[LineStaffing, ...]:
        return tuple(line for line in self.lines if line.short)

    @property
    def asking_lines(self) -> tuple[LineStaffing, ...]:
        """The lines that ask for on-site staff (a line listed only because someone is assigned asks none)."""
        return tuple(line for line in self.lines if line.committed > 0)


def required_total(asks: Mapping[Hashable, int], minimum: int = BASE_STAFF_MINIMUM) -> int:
    """The number of people the contract needs on site: the larger of the minimum and the sum of
    the line asks (the asks count toward the minimum; see the module docstring)."""
    return max(minimum, sum(asks.values()))


def staffing_on(
    day: date,
    asks: Mapping[Hashable, int],
    assignments: Iterable[AssignmentLike],
    minimum: int = BASE_STAFF_MINIMUM,
) -> StaffingStatus:
    """Committed against on site on `day`, per line and in total.

    `asks` maps a line key to the staff that line asks for; `assignments` are `Assignment`s or plain
    (person, line, on_site_from, on_site_to) tuples. A line someone is assigned to but that asks for
    no one still appears, committed 0. Lines come in the order of `asks`, others after.
    """
    present = [a for a in map(_as_assignment, assignments) if a.on_site(day)]
    people_by_line: dict[Hashable, set[Hashable]] = {line: set() for line in asks}
    for assignment in present:
        people_by_line.setdefault(assignment.line, set()).add(assignment.person)
    lines = tuple(
        LineStaffing(line=line, committed=asks.get(line, 0), on_site=len(people))
        for line, people in people_by_line.items()
    )
    return StaffingStatus(
        day=day,
        lines=lines,
        committed_total=required_total(asks, minimum),
        on_site_total=len({assignment.person for assignment in present}),
    )


def shortfall_days(
    period: Period,
    asks: Mapping[Hashable, int],
    assignments: Iterable[AssignmentLike],
    minimum: int = BASE_STAFF_MINIMUM,
) -> list[date]:
    """The days of `period` when fewer distinct people are on site than the required total.

    One sweep over the period: each person's assignments are merged into spans (so a person on two
    lines counts once), each span adds one at its first day and removes one after its last.
    """
    required = required_total(asks, minimum)
    change = [0] * (period.days + 1)
    for span in _person_spans(map(_as_assignment, assignments), period):
        change[(span.start - period.start).days] += 1
        change[(span.end - period.start).days + 1] -= 1
    short_days: list[date] = []
    on_site = 0
    for offset in range(period.days):
        on_site += change[offset]
        if on_site < required:
            short_days.append(period.start + timedelta(days=offset))
    return short_days


def _person_spans(assignments: Iterable[Assignment], period: Period) -> list[Period]:
    """Each person's days on site within `period`, merged into non-overlapping spans."""
    by_person: dict[Hashable, list[Period]] = {}
    for assignment in assignments:
        start = max(assignment.on_site_from, period.start)
        end = min(assignment.on_site_to or period.end, period.end)
        if start <= end:
            by_person.setdefault(assignment.person, []).append(Period(start, end))
    spans: list[Period] = []
    for periods in by_person.values():
        spans.extend(_merge(periods))
    return spans


def _merge(periods: list[Period]) -> list[Period]:
    """Overlapping or touching periods joined into one."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: p.start):
        if merged and period.start <= merged[-1].end + timedelta(days=1):
            merged[-1] = Period(merged[-1].start, max(merged[-1].end, period.end))
        else:
            merged.append(period)
    return merged


def _as_assignment(value: AssignmentLike) -> Assignment:
    return value if isinstance(value, Assignment) else Assignment(*value)
