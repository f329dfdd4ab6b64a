"""Inspection cycles (巡检周期) of the annex lines, and how many inspections each month expects.

The annex states a cycle per line in free text: 「巡检周期：每月一次。」, 「每周」, 「4次/月（硬件）；1次/天
（软件）」, 「每日至少早晚 2 次巡检」. The inspection records feed milestone 1 (contract 第七条: every
project's 巡检报告) and the acceptance materials (第十一条: 日常巡检记录).

The counting rule, one for every cycle: cycles run in calendar-aligned windows (a day; a week,
Monday to Sunday; a calendar month; a block of months ending in a month whose number is a
multiple of the block, so 每季度 ends in March, June, September and December, 每半年 in June and
December, 每年 in December). A window expects its inspections when it closes while the line is in
service, and they count in the month it closes in. So a quarterly line expects 1 in the quarter's
last month; a line in service for a year expects 12 monthly inspections (the first, partial month
counts, the last, partial one does not); and counts over months add up to the count over the year.
"""

from __future__ import annotations

import calendar as _gregorian
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Unit = Literal["day", "week", "month"]


@dataclass(frozen=True)
class Cycle:
    """`times` inspections every `every` units: 4次/月 = Cycle(4, "month"); 每季度 = Cycle(1, "month", 3)."""

    times: int
    unit: Unit
    every: int = 1

    def __post_init__(self) -> None:
        if self.times < 1 or self.every < 1:
            raise ValueError(f"a cycle needs positive counts, got {self}")


@dataclass(frozen=True)
class MonthTally:
    """One line's inspections in one month: expected by its cycle against those recorded."""

    year: int
    month: int
    #: None when the line's cycle is unknown (not stated, or more than one): an officer must set it.
    expected: int | None
    done: int
    #: Days of the month the line is in service (0 before its start is confirmed).
    days_in_service: int

    @property
    def missing(self) -> int:
        """Inspections still owed this month; 0 when the expectation is unknown."""
        if self.expected is None:
            return 0
        return max(self.expected - self.done, 0)

    @property
    def complete(self) -> bool | None:
        """True when the month has every inspection it expects; None when nobody can tell."""
        if self.expected is None:
            return None
        return self.done >= self.expected


# --- parsing -------------------------------------------------------------------------------

# Longer spellings first, so 半年 is not read as 年 and 个月 not as 月.
_UNIT_WORDS: dict[str, tuple[Unit, int]] = {
    "半个月": ("month", 1),  # twice a month: see _HALF_MONTH
    "半月": ("month", 1),
    "半年": ("month", 6),
    "季度": ("month", 3),
    "个月": ("month", 1),
    "星期": ("week", 1),
    "礼拜": ("week", 1),
    "季": ("month", 3),
    "年": ("month", 12),
    "月": ("month", 1),
    "周": ("week", 1),
    "天": ("day", 1),
    "日": ("day", 1),
}
_HALF_MONTH = ("半个月", "半月")
_UNIT = "|".join(_UNIT_WORDS)
_NUMBER = r"[0-9０-９]+|[一二两三四五六七八九十]+"
# Stop at punctuation so one clause's count is not taken for another's.
_GAP = r"[^，。；;,、/／\n]{0,12}?"

# 4次/月, 1次/天, 2 次／周
_TIMES_PER = re.compile(rf"(?P<times>{_NUMBER})\s*次\s*[/／]\s*(?P<every>{_NUMBER})?\s*(?P<unit>{_UNIT})")
# 每月4次, 每月一次, 每日至少早晚 2 次, 每三个月进行一次, 一年4次
_EVERY_TIMES = re.compile(
    rf"(?P<lead>[每一])\s*(?P<every>{_NUMBER})?\s*(?P<unit>{_UNIT}){_GAP}(?P<times>{_NUMBER})\s*次"
)
# 每月, 每周, 每季度, 每两周, 按月
_EVERY = re.compile(rf"[每按]\s*(?P<every>{_NUMBER})?\s*(?P<unit>{_UNIT})")

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_cycle(text: str) -> Cycle | None:
    """The one inspection cycle `text` states, or None when it states none or several.

    Several different cycles (「4次/月（硬件）；1次/天（软件）」, 「每周，填报期间每天」) come back as None
    on purpose: which one a line is held to is for an officer to say, not for the parser to pick.
    """
    cycles = set(parse_cycles(text))
    if len(cycles) != 1:
        return None
    return cycles.pop()


def parse_cycles(text: str) -> list[Cycle]:
    """Every cycle stated in `text`, in order of appearance, to show an officer the choices."""
    found: list[tuple[int, Cycle]] = []
    taken: list[tuple[int, int]] = []
    # Most specific pattern first; a span matched by one is not read again by a looser one.
    for pattern in (_TIMES_PER, _EVERY_TIMES, _EVERY):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            cycle = _cycle_from(match)
            if cycle is not None:
                found.append((match.start(), cycle))
                taken.append(match.span())
    return [cycle for _, cycle in sorted(found, key=lambda item: item[0])]


def _cycle_from(match: re.Match[str]) -> Cycle | None:
    groups = match.groupdict()
    if groups.get("lead") == "一" and groups.get("every"):
        return None  # 「一两周」 is not a cycle
    unit_word = groups["unit"]
    unit, unit_every = _UNIT_WORDS[unit_word]
    every = _number(groups["every"]) if groups.get("every") else 1
    times = _number(groups["times"]) if groups.get("times") else 1
    if every is None or times is None or every < 1 or times < 1:
        return None
    if unit_word in _HALF_MONTH:
        return Cycle(times * 2, "month", every)
    return Cycle(times, unit, every * unit_every)


def _number(text: str) -> int | None:
    """An integer written in digits (ASCII or full-width) or in Chinese up to 99."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        tens_value = _DIGITS.get(tens, 0) if tens else 1
        units_value = _DIGITS.get(units, 0) if units else 0
        if (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
            return None
        return tens_value * 10 + units_value
    if len(text) == 1:
        return _DIGITS.get(text)
    return None


# --- counting ------------------------------------------------------------------------------


def expected_count(cycle: Cycle, start: date, end: date) -> int:
    """Inspections expected from `start` to `end` (both included) for a line in service on all
    those days: the caller intersects a month (or any span) with the line's service period.

    Each window of the cycle that closes inside the span expects `cycle.times` (see the module
    docstring for the windows).
    """
    if end < start:
        return 0
    if cycle.unit == "day":
        closings = _multiples_between(start.toordinal(), end.toordinal(), cycle.every)
    elif cycle.unit == "week":
        # date(1, 1, 1) is a Monday (ordinal 1), so Sundays are the ordinals divisible by 7.
        closings = _multiples_between(start.toordinal(), end.toordinal(), 7 * cycle.every)
    else:
        closings = _month_closings(start, end, cycle.every)
    return closings * cycle.times


def done_vs_expected(
    cycle: Cycle | None,
    service_start: date | None,
    service_end: date | None,
    year: int,
    month: int,
    done: int,
) -> MonthTally:
    """One line's month: inspections expected by its cycle, against `done` recorded.

    A line whose start is not yet confirmed (`service_start` None) is not in service and
    expects nothing; an open end runs to the end of the month.
    """
    first = date(year, month, 1)
    last = date(year, month, _gregorian.monthrange(year, month)[1])
    start = first if service_start is None else max(first, service_start)
    end = last if service_end is None else min(last, service_end)
    days_in_service = 0 if service_start is None or end < start else (end - start).days + 1
    if cycle is None:
        expected = None
    elif days_in_service == 0:
        expected = 0
    else:
        expected = expected_count(cycle, start, end)
    return MonthTally(year=year, month=month, expected=expected, done=done, days_in_service=days_in_service)


def _multiples_between(low: int, high: int, step: int) -> int:
    """How many multiples of `step` lie in [low, high]."""
    return high // step - (low - 1) // step


def _month_closings(start: date, end: date, every: int) -> int:
    """Blocks of `every` months whose last day lies in [start, end]. Months are numbered
    year*12 + month, so a block closes in a month whose number is a multiple of `every`."""
    first_month = start.year * 12 + start.month
    last_month = end.year * 12 + end.month
    # The month `end` falls in closes inside the span only if `end` is its last day.
    if end.day != _gregorian.monthrange(end.year, end.month)[1]:
        last_month -= 1
    if last_month < first_month:
        return 0
    return _multiples_between(first_month, last_month, every)
