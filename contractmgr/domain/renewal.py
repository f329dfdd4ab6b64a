"""Renewal (续签): a chain of one-year contracts, at most 3 years in all.

Contract preamble and 第四条: the service is one year; renewal depends on service quality; all the
renewals together run at most 3 years (总服务周期累计不超过3年). We read the 3 years as calendar time
from the first contract's start (DOMAIN "Renewal"), so a gap between two contracts of the chain
does not stretch the limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period, anniversary

MAX_CHAIN_YEARS = 3


def chain_limit_end(chain_start: date, max_years: int = MAX_CHAIN_YEARS) -> date:
    """The last day a chain begun on `chain_start` may run to: the day before the `max_years`-th
    anniversary (2026-05-22 → 2029-05-21; a chain begun on 29 February ends on 28 February)."""
    if max_years < 1:
        raise ValueError(f"a renewal chain lasts at least one year, got {max_years}")
    return anniversary(chain_start, 12 * max_years) - timedelta(days=1)


@dataclass(frozen=True)
class ChainStatus:
    """How much of the 3 years a chain has used, from its start to its latest contract's end.

    Days count both ends. Years are whole months used (or left) divided by 12, to 2 places: the
    contract counts in years, and a whole one-year term reads as exactly 1.00.
    """

    start: date
    latest_end: date
    limit_end: date
    #: the chain's own limit in years (3 unless its contract says otherwise)
    max_years: int
    days_used: int
    days_left: int
    days_over: int
    years_used: Decimal
    years_left: Decimal

    @property
    def within_limit(self) -> bool:
        return self.days_over == 0


def chain_status(
    chain_start: date, contract_periods: Sequence[Period], max_years: int = MAX_CHAIN_YEARS
) -> ChainStatus:
    """Where the chain stands against its limit, given the periods of all its contracts so far."""
    if not contract_periods:
        raise ValueError("a renewal chain has at least one contract")
    latest_end = max(period.end for period in contract_periods)
    limit_end = chain_limit_end(chain_start, max_years)
    months_used = _whole_months(chain_start, latest_end + timedelta(days=1))
    return ChainStatus(
        start=chain_start,
        latest_end=latest_end,
        limit_end=limit_end,
        max_years=max_years,
        days_used=(latest_end - chain_start).days + 1,
        days_left=max(0, (limit_end - latest_end).days),
        days_over=max(0, (latest_end - limit_end).days),
        years_used=_years(months_used),
        years_left=_years(max(0, 12 * max_years - months_used)),
    )


def _whole_months(start: date, end_exclusive: date) -> int:
    """How many whole months fit between `start` and the day before `end_exclusive`."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    while months > 0 and anniversary(start, months) > end_exclusive:
        months -= 1
    return max(0, months)


def _years(months: int) -> Decimal:
    return (Decimal(months) / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_renewal(
    chain_start: date,
    new_period: Period,
    max_years: int = MAX_CHAIN_YEARS,
    *,
    previous_end: date | None = None,
) -> ChainStatus:
    """The chain's status once the renewal `new_period` is added; refuse it when it breaks the rules.

    - `renewal_overlaps` (previous_end, new_start, days_overlap): the renewal must start after the
      previous contract of the chain ends (given as `previous_end`), or after the chain's start.
    - `renewal_limit_exceeded` (days_over, limit_end, new_end, max_years): the renewal would end after the last
      day of the chain's `max_years`. Ending exactly on that day is accepted.
    """
    last_taken = previous_end if previous_end is not None else chain_start - timedelta(days=1)
    if new_period.start <= last_taken:
        raise RuleViolation(
            "renewal_overlaps",
            previous_end=last_taken,
            new_start=new_period.start,
            days_overlap=(last_taken - new_period.start).days + 1,
        )
    limit_end = chain_limit_end(chain_start, max_years)
    if new_period.end > limit_end:
        raise RuleViolation(
            "renewal_limit_exceeded",
            days_over=(new_period.end - limit_end).days,
            limit_end=limit_end,
            new_end=new_period.end,
            max_years=max_years,
        )
    return chain_status(chain_start, [new_period], max_years)


def check_place_in_chain(
    chain_start: date,
    period: Period,
    max_years: int = MAX_CHAIN_YEARS,
    *,
    previous_end: date | None = None,
    next_start: date | None = None,
    latest_end: date | None = None,
) -> ChainStatus:
    """A contract's (corrected) period where it sits in its chain: after the contract it renews
    (`previous_end`), before the one that renews it (`next_start`), and — with the chain's last end
    `latest_end` — within the chain's `max_years`. Raises as `check_renewal` does."""
    if next_start is not None and period.end >= next_start:
        raise RuleViolation(
            "renewal_overlaps",
            previous_end=period.end,
            new_start=next_start,
            days_overlap=(period.end - next_start).days + 1,
        )
    status = check_renewal(chain_start, period, max_years, previous_end=previous_end)
    limit_end = chain_limit_end(chain_start, max_years)
    if latest_end is not None and latest_end > limit_end:
        raise RuleViolation(
            "renewal_limit_exceeded",
            days_over=(latest_end - limit_end).days,
            limit_end=limit_end,
            new_end=latest_end,
            max_years=max_years,
        )
    return status


@dataclass(frozen=True)
class LineCut:
    """A renewed line's period against the chain's limit (the limit is on the service, so on every
    line): `period` is what the renewal proposes, `natural` the line's full term, `days_cut` the
    days between them (0 when the full term fits)."""

    natural: Period
    period: Period
    days_cut: int

    @property
    def cut(self) -> bool:
        return self.days_cut > 0


def cut_line_at_limit(natural: Period, limit_end: date, *, seq: int) -> LineCut:
    """Propose a line's period in a renewal: its natural term, ending at the chain's last day when
    it runs past it (洛阳 line 40: 2027-07-27 .. 2028-07-26 against 2028-05-21 → ends 2028-05-21,
    66 days cut). A line that would start after the limit has no day left: `line_past_chain_limit`."""
    if natural.start > limit_end:
        raise RuleViolation(
            "line_past_chain_limit",
            seq=seq,
            end=natural.end,
            limit_end=limit_end,
            days_over=(natural.end - limit_end).days,
        )
    if natural.end <= limit_end:
        return LineCut(natural=natural, period=natural, days_cut=0)
    return LineCut(natural=natural, period=Period(natural.start, limit_end), days_cut=(natural.end - limit_end).days)


def check_line_within_limit(period: Period, limit_end: date, reason: str | None, *, seq: int) -> None:
    """Refuse a line period that ends after the chain's last day, unless the officer records why.

    Raises RuleViolation("line_past_chain_limit", seq, end, limit_end, days_over). Ending on the last
    day is accepted; a reason of only spaces is no reason.
    """
    if period.end > limit_end and not (reason or "").strip():
        raise RuleViolation(
            "line_past_chain_limit",
            seq=seq,
            end=period.end,
            limit_end=limit_end,
            days_over=(period.end - limit_end).days,
        )
