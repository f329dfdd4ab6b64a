"""Inspection cycles (巡检周期) as the annexes word them, and the inspections a month expects.

The texts come from the seed tender and contract (grep 巡检 in shared/seeds); expected counts are
counted by hand on the calendar.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.inspections import (
    Cycle,
    MonthTally,
    done_vs_expected,
    expected_count,
    parse_cycle,
    parse_cycles,
)

DAILY = Cycle(1, "day")
WEEKLY = Cycle(1, "week")
MONTHLY = Cycle(1, "month")
QUARTERLY = Cycle(1, "month", 3)


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cycle"),
    [
        ("每日", DAILY),
        ("每天", DAILY),
        ("每周", WEEKLY),
        ("每月", MONTHLY),
        ("每月一次。", MONTHLY),
        ("每周一次。", WEEKLY),
        ("4次/月", Cycle(4, "month")),
        ("4 次／月", Cycle(4, "month")),
        ("每月4次", Cycle(4, "month")),
        ("提供每月4次巡检", Cycle(4, "month")),
        ("每季度", QUARTERLY),
        ("按季度", QUARTERLY),
        ("每三个月进行一次现场巡检测试维护", QUARTERLY),
        ("每半年", Cycle(1, "month", 6)),
        ("每年", Cycle(1, "month", 12)),
        ("提供一年4次的巡检服务", Cycle(4, "month", 12)),
        ("每两周", Cycle(1, "week", 2)),
        ("每2周1次", Cycle(1, "week", 2)),
        ("１次／天", DAILY),
        ("每日至少早晚 2 次巡检。", Cycle(2, "day")),
        ("每周对每个设备点进行不少于两次现场巡检。", Cycle(2, "week")),
        ("每月对档案管理系统进行1次系统统巡检", MONTHLY),
        ("每十五天", Cycle(1, "day", 15)),
        ("每半个月", Cycle(2, "month")),
    ],
)
def test_the_cycle_is_read_as_the_annex_words_it(text, cycle):
    assert parse_cycle(text) == cycle


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("4次/月（硬件）；1次/天（软件）", id="one cycle per kind of equipment"),
        pytest.param("服务器每月一次，卡口设备每季度一次；", id="servers and checkpoints differ"),
        pytest.param("每周，填报期间每天", id="a second cycle for a season"),
        pytest.param("周、月、季。", id="units without a cycle"),
        pytest.param("", id="empty (the cell slid into the next row)"),
        pytest.param("7*24h 技术保障支持", id="no cycle at all"),
    ],
)
def test_no_cycle_or_several_different_ones_leave_it_to_an_officer(text):
    assert parse_cycle(text) is None


def test_every_cycle_of_a_mixed_text_is_listed_in_order():
    assert parse_cycles("4次/月（硬件）；1次/天（软件）") == [Cycle(4, "month"), DAILY]


def test_the_same_cycle_stated_twice_is_one_cycle():
    assert parse_cycle("每月巡检，每月一次") == MONTHLY


def test_a_cycle_needs_positive_counts():
    with pytest.raises(ValueError):
        Cycle(0, "month")


# --- counting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cycle", "start", "end", "expected"),
    [
        pytest.param(MONTHLY, date(2026, 6, 1), date(2026, 6, 30), 1, id="monthly, a whole month"),
        pytest.param(Cycle(4, "month"), date(2026, 6, 1), date(2026, 6, 30), 4, id="4 a month"),
        pytest.param(DAILY, date(2026, 6, 1), date(2026, 6, 30), 30, id="daily, June"),
        pytest.param(Cycle(2, "day"), date(2026, 2, 1), date(2026, 2, 28), 56, id="twice a day, February"),
        pytest.param(WEEKLY, date(2026, 6, 1), date(2026, 6, 30), 4, id="weekly: Sundays 7, 14, 21, 28 June"),
        pytest.param(WEEKLY, date(2026, 3, 1), date(2026, 3, 31), 5, id="weekly: March 2026 has 5 Sundays"),
        pytest.param(QUARTERLY, date(2026, 6, 1), date(2026, 6, 30), 1, id="quarterly: in the quarter's last month"),
        pytest.param(QUARTERLY, date(2026, 5, 1), date(2026, 5, 31), 0, id="quarterly: not in its middle month"),
        pytest.param(MONTHLY, date(2026, 5, 22), date(2026, 5, 31), 1, id="first partial month counts"),
        pytest.param(MONTHLY, date(2027, 5, 1), date(2027, 5, 21), 0, id="last partial month does not"),
        pytest.param(MONTHLY, date(2026, 5, 22), date(2027, 5, 21), 12, id="a year of service: 12"),
        pytest.param(WEEKLY, date(2026, 5, 22), date(2027, 5, 21), 52, id="a year of service: 52 Sundays"),
        pytest.param(QUARTERLY, date(2026, 5, 22), date(2027, 5, 21), 4, id="a year: Jun, Sep, Dec, Mar"),
        pytest.param(Cycle(1, "month", 6), date(2026, 5, 22), date(2027, 5, 21), 2, id="half-yearly: Jun, Dec"),
        pytest.param(Cycle(1, "month", 12), date(2026, 5, 22), date(2027, 5, 21), 1, id="yearly: December"),
        pytest.param(Cycle(4, "month", 12), date(2026, 1, 1), date(2026, 12, 31), 4, id="4 a year, in December"),
        pytest.param(MONTHLY, date(2026, 6, 30), date(2026, 6, 1), 0, id="an empty span"),
    ],
)
def test_expected_inspections_in_a_span(cycle, start, end, expected):
    assert expected_count(cycle, start, end) == expected


def test_every_two_weeks_over_eight_weeks_expects_four():
    assert expected_count(Cycle(1, "week", 2), date(2026, 6, 1), date(2026, 7, 26)) == 4


def _months(start: date, end: date):
    """(first, last) of each month from `start`'s to `end`'s, clipped to the span."""
    first = start
    while first <= end:
        next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        yield first, min(end, next_month - timedelta(days=1))
        first = next_month


@given(
    cycle=st.builds(
        Cycle,
        times=st.integers(min_value=1, max_value=4),
        unit=st.sampled_from(["day", "week", "month"]),
        every=st.sampled_from([1, 2, 3, 6, 12]),
    ),
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
)
def test_counts_per_month_add_up_to_the_count_over_the_span(cycle, start, days):
    end = start + timedelta(days=days)
    per_month = sum(expected_count(cycle, first, last) for first, last in _months(start, end))
    assert per_month == expected_count(cycle, start, end)


# --- per line and month --------------------------------------------------------------------


def test_a_line_starting_late_in_the_month_is_in_service_only_for_its_own_days():
    # Annex line 40 starts Mon 27 July 2026: 5 days of July; the month closes in service.
    tally = done_vs_expected(MONTHLY, date(2026, 7, 27), date(2027, 7, 26), 2026, 7, done=0)
    assert tally == MonthTally(2026, 7, expected=1, done=0, days_in_service=5)
    assert tally.missing == 1
    assert tally.complete is False


def test_a_weekly_line_starting_on_a_monday_owes_nothing_until_its_first_sunday():
    tally = done_vs_expected(WEEKLY, date(2026, 7, 27), date(2027, 7, 26), 2026, 7, done=0)
    assert tally.expected == 0
    assert tally.complete is True


def test_a_month_with_every_inspection_done_is_complete():
    tally = done_vs_expected(WEEKLY, date(2026, 5, 22), date(2027, 5, 21), 2026, 6, done=4)
    assert tally.expected == 4
    assert tally.missing == 0
    assert tally.complete is True


def test_extra_inspections_do_not_make_the_missing_count_negative():
    tally = done_vs_expected(MONTHLY, date(2026, 5, 22), date(2027, 5, 21), 2026, 6, done=3)
    assert tally.missing == 0


def test_a_line_waiting_for_its_start_to_be_confirmed_expects_nothing():
    tally = done_vs_expected(MONTHLY, None, None, 2026, 6, done=0)
    assert tally.expected == 0
    assert tally.days_in_service == 0


def test_a_month_outside_the_service_period_expects_nothing():
    tally = done_vs_expected(DAILY, date(2026, 5, 22), date(2027, 5, 21), 2027, 6, done=0)
    assert tally.expected == 0
    assert tally.days_in_service == 0


def test_a_line_without_a_known_cycle_cannot_be_judged():
    tally = done_vs_expected(None, date(2026, 5, 22), date(2027, 5, 21), 2026, 6, done=2)
    assert tally.expected is None
    assert tally.missing == 0
    assert tally.complete is None
