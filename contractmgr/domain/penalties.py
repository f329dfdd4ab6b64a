"""Penalties (违约金) under contract 第十三条: late delivery, failed acceptance, late payment.

Each assessment carries the clause it applies, its inputs, the amount to the fen and whether the
other party may terminate, so the record the service writes can show where the figure came from.
Penalties never fall as the days grow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import to_fen

CONTRACT_PENALTY_CLAUSE = "合同第十三条"

LATE_DELIVERY_RATE_PER_DAY = Decimal("0.01")
LATE_DELIVERY_RATE_CAP = Decimal("0.10")
#: "超过10日的，按合同总价的10%支付违约金，采购人有权解除合同": the right to terminate starts on day 11.
LATE_DELIVERY_TERMINATION_AFTER_DAYS = 10
ACCEPTANCE_FAILED_FIRST = Decimal("0.05")
ACCEPTANCE_FAILED_AGAIN = Decimal("0.10")
#: The central bank's convention for daily rates; kept on the contract and shown beside the interest.
DEFAULT_DAY_BASIS = 360

PenaltyKind = Literal["late_delivery", "acceptance_failed", "acceptance_failed_again", "late_payment_interest"]


@dataclass(frozen=True)
class PenaltyAssessment:
    """One computed penalty: what kind, under which clause, from which inputs, for how much."""

    kind: PenaltyKind
    clause: str
    amount: Decimal
    may_terminate: bool
    #: What the amount was computed from, by name (total, days, ratio, rates…), for the record.
    inputs: Mapping[str, object] = field(hash=False)


def late_delivery(total: Decimal, days: int) -> PenaltyAssessment:
    """The vendor's late-delivery penalty: total × min(days × 1%, 10%), to the fen.

    The purchaser may terminate from day 11 (more than 10 days late). Zero days late is no penalty.
    """
    _require_days(days)
    ratio = min(days * LATE_DELIVERY_RATE_PER_DAY, LATE_DELIVERY_RATE_CAP)
    return PenaltyAssessment(
        kind="late_delivery",
        clause=CONTRACT_PENALTY_CLAUSE,
        amount=to_fen(total * ratio),
        may_terminate=days > LATE_DELIVERY_TERMINATION_AFTER_DAYS,
        inputs={"total": total, "days": days, "ratio": ratio},
    )


def acceptance_failed(total: Decimal, attempt: int) -> PenaltyAssessment:
    """The penalty for the `attempt`-th failed acceptance (1 = the first): 5% of the total, kind
    `acceptance_failed`; a failure of the rework (attempt 2, and any later one, each a failure
    "again") 10%, kind `acceptance_failed_again`. Termination is not a consequence the clause names;
    an officer still confirms or waives the proposal."""
    if attempt < 1:
        raise ValueError(f"acceptance attempts count from 1, got {attempt}")
    first = attempt == 1
    ratio = ACCEPTANCE_FAILED_FIRST if first else ACCEPTANCE_FAILED_AGAIN
    return PenaltyAssessment(
        kind="acceptance_failed" if first else "acceptance_failed_again",
        clause=CONTRACT_PENALTY_CLAUSE,
        amount=to_fen(total * ratio),
        may_terminate=False,
        inputs={"total": total, "attempt": attempt, "ratio": ratio},
    )


@dataclass(frozen=True)
class RateSegment:
    """A run of days on which one annual rate (in percent) was in force."""

    start: date
    end: date
    annual_rate: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def late_payment_interest_over(
    overdue_amount: Decimal,
    start: date,
    end: date,
    rates: Sequence[tuple[date, Decimal]],
    day_basis: int = DEFAULT_DAY_BASIS,
) -> PenaltyAssessment:
    """Interest on a late payment from `start` to `end` (both days owe interest), each day at the
    rate in force that day.

    `rates` is the administrator's table: (effective date, annual rate in percent), in any order;
    a rate is in force from its effective date until the next one. The days are summed exactly and
    rounded to the fen once. Raises RuleViolation("lpr_rate_missing", day=…) when the table has no
    rate in force on `start` (the table must reach back far enough). An `end` before `start` is no
    interest.
    """
    _require_basis(day_basis)
    segments = rate_segments(start, end, rates) if start <= end else []
    interest = sum((overdue_amount * s.annual_rate / 100 * s.days / day_basis for s in segments), Decimal(0))
    return PenaltyAssessment(
        kind="late_payment_interest",
        clause=CONTRACT_PENALTY_CLAUSE,
        amount=to_fen(interest),
        may_terminate=False,
        inputs={
            "overdue_amount": overdue_amount,
            "start": start,
            "end": end,
            "days": sum(s.days for s in segments),
            "day_basis": day_basis,
            "segments": tuple(segments),
        },
    )


def rate_segments(start: date, end: date, rates: Sequence[tuple[date, Decimal]]) -> list[RateSegment]:
    """The days from `start` to `end` cut where the rate in force changes."""
    table = sorted(rates)
    for _, rate in table:
        _require_rate(rate)
    effective_dates = [effective for effective, _ in table]
    if len(set(effective_dates)) != len(effective_dates):
        raise ValueError("the rate table has two rates on the same effective date")
    in_force = [(effective, rate) for effective, rate in table if effective <= start]
    if not in_force:
        raise RuleViolation("lpr_rate_missing", day=start)
    changes = [in_force[-1]] + [(d, r) for d, r in table if start < d <= end]
    segments = []
    for (effective, rate), following in zip(changes, changes[1:] + [None], strict=True):
        segment_end = end if following is None else following[0] - timedelta(days=1)
        segments.append(RateSegment(max(effective, start), segment_end, rate))
    return segments


def _require_days(days: int) -> None:
    if days < 0:
        raise ValueError(f"days late cannot be negative, got {days}")


def _require_rate(annual_rate: Decimal) -> None:
    if annual_rate < 0:
        raise ValueError(f"an interest rate cannot be negative, got {annual_rate}")


def _require_basis(day_basis: int) -> None:
    if day_basis <= 0:
        raise ValueError(f"the day-count basis must be positive, got {day_basis}")
