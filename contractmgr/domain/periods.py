"""Service periods (服务期): a contract's year, and each line's own period within it.

Contract 第四条: one year, 2026-05-22 to 2027-05-21. "One year from D" ends on the day before the
anniversary of D, and both ends count. A line may start on its own date (annex line 40,
「服务期自2026年7月27日起」, runs to 2027-07-26, past the contract's end) or on an event (tender 四、服务期:
「自签订合同、经采购人和使用单位确认运维开始之日起」), in which case its period is open until someone
records the confirmation date.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from contractmgr.domain.errors import RuleViolation

LineBasis = Literal["contract", "own_start", "confirmed", "waiting_confirmation"]

#: The dates a person or a program may enter, stated once for the forms and the API: contracts of this
#: century. 0001-01-01 or 9999-12-31 is a typing mistake, and would break every sum of days after it.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


@dataclass(frozen=True)
class Period:
    """A run of days, both ends inclusive (2026-05-22 to 2027-05-21 is 365 days)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise RuleViolation("period_ends_before_start", start=self.start, end=self.end)

    @property
    def days(self) -> int:
        """How many days the period covers, counting both ends."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def each_day(self) -> Iterator[date]:
        """Every day of the period in order."""
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)


def anniversary(start: date, months: int) -> date:
    """The same day of the month `months` after `start`; when that month has no such day (a 29
    February in a common year, a 31st in a 30-day month), the first day of the month after.

    So the day before the anniversary is always the last day of a full term: 2024-02-29 + 12 months
    → 2025-03-01, and a year from 29 February 2024 ends on 28 February 2025.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if start.day > calendar.monthrange(year, month)[1]:
        return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)
    return date(year, month, start.day)


def term_from(start: date, months: int) -> Period:
    """A term of `months` months from `start`, ending on the day before its anniversary.

    2026-05-22 + 12 months → 2026-05-22 .. 2027-05-21; 2026-01-31 + 1 month → .. 2026-02-28. The
    next term starts the day after, so consecutive terms neither overlap nor leave a gap.
    """
    if months < 1:
        raise ValueError(f"a term lasts at least one month, got {months}")
    return Period(start, anniversary(start, months) - timedelta(days=1))


def one_year_from(start: date) -> Period:
    """One year from `start`: to the day before its anniversary, both ends inclusive
    (contract 第四条: 2026-05-22 → 2027-05-21).

    29 February: its anniversary in a common year is taken as 1 March, so a year from 2024-02-29
    runs to 2025-02-28 (366 days, no day of February lost), and a year from 2027-03-01 runs to
    2028-02-29. The other reading (clamp to 28 February, end on the 27th) would make renewals drift
    a day earlier each year.
    """
    return term_from(start, 12)


@dataclass(frozen=True)
class LinePeriod:
    """A line's service period, where it came from, and how it sits against the contract's.

    `period` is None while the line waits for a confirmation date (`basis` "waiting_confirmation").
    `days_past_contract_end` is how many days the line's own period runs after the contract's end
    (0 when it does not); the line's acceptance waits for its own end, not the contract's.
    """

    period: Period | None
    basis: LineBasis
    contract: Period
    #: days the line's natural term loses to an explicit end (the renewal chain's limit); 0 when none
    days_cut: int = 0

    @property
    def waiting_confirmation(self) -> bool:
        return self.period is None

    @property
    def days_past_contract_end(self) -> int:
        if self.period is None:
            return 0
        return max(0, (self.period.end - self.contract.end).days)

    @property
    def ends_after_contract(self) -> bool:
        return self.days_past_contract_end > 0

    @property
    def starts_before_contract(self) -> bool:
        return self.period is not None and self.period.start < self.contract.start


def line_period(
    contract: Period,
    *,
    own_start: date | None,
    start_on_confirmation: bool,
    confirmed_on: date | None,
    term_months: int = 12,
    own_end: date | None = None,
) -> LinePeriod:
    """The service period of one line of a contract.

    - A line that starts on the purchaser's confirmation runs `term_months` from `confirmed_on`,
      and has no period (basis "waiting_confirmation") until that date is recorded.
    - A line with its own start date runs `term_months` from it (line 40: 2026-07-27 → 2027-07-26).
    - Any other line shares the contract's period.
    A confirmed line that also carries an `own_start` takes the confirmation: the event is what the
    tender names. This only describes the line, so pages can show any stored data; a start before
    the contract's (`starts_before_contract`) is refused where dates are entered, by
    `check_line_start`.

    `own_end` is an explicit last day (a renewal cuts a line's year at the chain's limit): the
    period ends there instead, and `days_cut` says how many days of the natural term it lost.
    It applies only to a line with its own period; an end before the start is refused by Period.
    """
    basis: LineBasis
    if start_on_confirmation:
        if confirmed_on is None:
            return LinePeriod(period=None, basis="waiting_confirmation", contract=contract)
        start, basis = confirmed_on, "confirmed"
    elif own_start is not None:
        start, basis = own_start, "own_start"
    else:
        return LinePeriod(period=contract, basis="contract", contract=contract)
    natural = term_from(start, term_months)
    if own_end is None:
        return LinePeriod(period=natural, basis=basis, contract=contract)
    return LinePeriod(
        period=Period(start, own_end),
        basis=basis,
        contract=contract,
        days_cut=max(0, (natural.end - own_end).days),
    )


def check_line_start(contract: Period, start: date) -> None:
    """Refuse a line start (its own date or its confirmation) before the contract's start:
    the service cannot begin before the contract that buys it.

    Raises RuleViolation("line_starts_before_contract", line_start, contract_start, days_early).
    A start after the contract's end is allowed: the contract, not this rule, decides that.
    """
    if start < contract.start:
        raise RuleViolation(
            "line_starts_before_contract",
            line_start=start,
            contract_start=contract.start,
            days_early=(contract.start - start).days,
        )


def renewed_line_start(previous: LinePeriod, renewal: Period) -> date | None:
    """The own start date a line carries into the renewal of its contract.

    A line with its own year (line 40: 2026-07-27 → 2027-07-26) goes on from the day after that
    year ends (2027-07-27), so the renewal neither pays twice for the overlap nor leaves a gap.
    None — the line shares the renewal's period — when the line shared the contract's period, when
    its own year ended before the renewal starts, or when it would start on the renewal's first day.
    A line still waiting for its confirmation has no year to go on from: None, and it keeps waiting.
    """
    if previous.period is None or previous.basis == "contract":
        return None
    following = previous.period.end + timedelta(days=1)
    return following if following > renewal.start else None
