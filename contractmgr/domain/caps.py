"""Supplementary contracts (补充合同): added fees capped at 10% of the original award amount.

Contract 第六条 and 《政府采购法》第四十九条 (with 实施条例 第六十七条(五)): all supplementary contracts of a
chain together may add at most 10% of the original award amount (原中标金额) — the first contract's
figure, not the latest one. A change past the cap is refused, not merely warned about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import FEN

SUPPLEMENT_CAP_RATIO = Decimal("0.10")


@dataclass(frozen=True)
class CapStatus:
    """The cap on added fees, how much of it supplements have used, and what is left under it."""

    cap: Decimal
    used: Decimal
    remaining: Decimal


def supplement_cap(
    original_award: Decimal,
    agreed_increases: Iterable[Decimal],
    cap_ratio: Decimal = SUPPLEMENT_CAP_RATIO,
) -> CapStatus:
    """The cap and what the agreed supplements have used of it.

    The cap is `original_award × cap_ratio` rounded DOWN to the fen: the law says the added fees
    must not exceed 10%, so a fen that would take them past the exact 10% is not available.

    Decreases do not free cap: `agreed_increases` may hold negative amounts (a supplement that
    removes work), but only the positive ones count as used. Each addition is a change the law
    caps; netting a later reduction against it would let a chain add fees past 10% in steps.
    """
    cap = (original_award * cap_ratio).quantize(FEN, rounding=ROUND_DOWN)
    used = sum((amount for amount in agreed_increases if amount > 0), Decimal("0.00"))
    return CapStatus(cap=cap, used=used, remaining=max(cap - used, Decimal("0.00")))


def check_supplement(
    original_award: Decimal,
    agreed_increases: Iterable[Decimal],
    proposed_increase: Decimal,
    cap_ratio: Decimal = SUPPLEMENT_CAP_RATIO,
) -> CapStatus:
    """The cap status once `proposed_increase` is agreed; refuse it when it goes past the cap.

    Raises RuleViolation("supplement_cap_exceeded", cap, used, remaining, over_by, cap_ratio), where
    `used` and `remaining` are before the proposal and `over_by` is how far past the cap it would go.
    Exactly the cap is accepted; one fen more is refused. A decrease (zero or negative) is always
    accepted and leaves the status as it was.
    """
    before = supplement_cap(original_award, agreed_increases, cap_ratio)
    if proposed_increase <= 0:
        return before
    if proposed_increase > before.remaining:
        raise RuleViolation(
            "supplement_cap_exceeded",
            cap=before.cap,
            used=before.used,
            remaining=before.remaining,
            over_by=before.used + proposed_increase - before.cap,
            cap_ratio=cap_ratio,
        )
    used = before.used + proposed_increase
    return CapStatus(cap=before.cap, used=used, remaining=before.cap - used)


def net_change(changes: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal:
    """What a supplement's line changes add up to: Σ (after − before), an added line counting from 0."""
    return sum((after - (before or Decimal(0)) for before, after in changes), Decimal("0.00"))


def check_supplement_lines(stated_increase: Decimal, changes: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal:
    """The net change of the lines, refused when it differs from the increase the supplement states.

    Raises RuleViolation("supplement_lines_disagree", stated, lines, difference): a supplementary
    contract whose line amounts do not add up to its own increase cannot be counted against the cap.
    """
    lines = net_change(changes)
    if lines != stated_increase:
        raise RuleViolation(
            "supplement_lines_disagree", stated=stated_increase, lines=lines, difference=lines - stated_increase
        )
    return lines
