"""Cross-checks between what a document states in several places. Each finding is a warning with a
stable code; nothing here changes the parsed values (the officer decides on the review page).

- upper_amount_mismatch: the total in figures differs from the total in upper-case words (第六条)
- total_mismatch: the line items do not add up to the total (message gives the difference); in a
  numbered hierarchy (一 / 1 / 1.1) only the top lines count, as each carries its children's amounts
- parent_sum_mismatch: a parent line's amount differs from the sum of its children's
- lot_budget_mismatch: the lots' budgets do not add up to the tender's total (a contract covers one lot)
- lot_over_budget: the lines of a lot add up to more than its budget or ceiling (最高限价), by the difference
- milestone_mismatch: the milestone's share of the total, split as the contract's milestones will be
  (domain.schedule.milestone_amounts), differs from the amount it states (第七条)
- missing_amount: a contract line without an amount
- line_after_contract_end: a line's own year runs past the contract's end (annex lines 35, 40)
"""

from __future__ import annotations

from decimal import Decimal

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import to_fen
from contractmgr.domain.periods import term_from
from contractmgr.domain.schedule import milestone_amounts
from importers.document import ImportWarning, ParsedDocument
from importers.text import read_upper_amount


def cross_check(document: ParsedDocument) -> list[ImportWarning]:
    """The warnings the document's own figures give; empty when they agree."""
    return [
        *upper_amount_mismatch(document),
        *total_mismatch(document),
        *parent_sum_mismatch(document),
        *lot_budget_mismatch(document),
        *lot_over_budget(document),
        *milestone_mismatch(document),
        *missing_amount(document),
        *line_after_contract_end(document),
    ]


def _yuan(amount: Decimal) -> str:
    return f"{to_fen(amount):,}"  # rounded half up first: Decimal's own .2f would round half-even


def upper_amount_mismatch(document: ParsedDocument) -> list[ImportWarning]:
    words = document.total_amount_upper
    if words is None or document.total_amount is None:
        return []
    stated = read_upper_amount(words)
    if stated is None:
        return [
            ImportWarning("upper_amount_mismatch", f"大写金额“{words}”无法识别，请核对。", "第六条", {"upper": words})
        ]
    if stated == document.total_amount:
        return []
    return [
        ImportWarning(
            "upper_amount_mismatch",
            f"大写金额“{words}”为{_yuan(stated)}元，与小写金额{_yuan(document.total_amount)}元不一致。",
            "第六条",
            {"upper_amount": stated, "figures_amount": document.total_amount},
        )
    ]


def total_mismatch(document: ParsedDocument) -> list[ImportWarning]:
    # the lines at the top of a numbered hierarchy (一、二 …) carry their children's amounts
    amounts = [line.amount for line in document.line_items if line.amount is not None and line.parent is None]
    if document.total_amount is None or not amounts:
        return []
    line_sum = sum(amounts, Decimal(0))
    difference = line_sum - document.total_amount
    if difference == 0:
        return []
    return [
        ImportWarning(
            "total_mismatch",
            f"清单各项合计{_yuan(line_sum)}元，与合同总金额{_yuan(document.total_amount)}元相差{_yuan(difference)}元。",
            "附件《运维项目清单明细》",
            {"line_sum": line_sum, "total": document.total_amount, "difference": difference},
        )
    ]


def parents_of(labels: list[str | None], parents: list[str | None]) -> list[int | None]:
    """The index of each line's parent: the nearest line above it printed with its parent's label
    (a table numbered 一 / 1 / 二 / 1 has two lines labelled 1; each child belongs to the one above it)."""
    found: list[int | None] = []
    last_with: dict[str, int] = {}
    for index, (label, parent) in enumerate(zip(labels, parents, strict=True)):
        found.append(last_with.get(parent) if parent is not None else None)
        if label is not None:
            last_with[label] = index
    return found


def parent_sum_mismatch(document: ParsedDocument) -> list[ImportWarning]:
    lines = document.line_items
    parents = parents_of([line.label for line in lines], [line.parent for line in lines])
    warnings = []
    for index, line in enumerate(lines):
        children = [lines[i] for i, parent in enumerate(parents) if parent == index]
        amounts = [child.amount for child in children if child.amount is not None]
        if not children or line.amount is None or len(amounts) < len(children):
            continue
        children_sum = sum(amounts, Decimal(0))
        if children_sum != line.amount:
            warnings.append(
                ImportWarning(
                    "parent_sum_mismatch",
                    f"“{line.label} {line.name}”金额{_yuan(line.amount)}元，其下各项合计{_yuan(children_sum)}元，"
                    f"相差{_yuan(line.amount - children_sum)}元。",
                    line.where or f"序号{line.seq}",
                    {"seq": line.seq, "difference": line.amount - children_sum},
                    target=f"line_items/{index}/amount",
                )
            )
    return warnings


def lot_budget_mismatch(document: ParsedDocument) -> list[ImportWarning]:
    budgets = [lot.budget for lot in document.lots]
    if document.kind == "contract" or document.total_amount is None or not budgets or None in budgets:
        return []
    budget_sum = sum((budget for budget in budgets if budget is not None), Decimal(0))
    if budget_sum == document.total_amount:
        return []
    return [
        ImportWarning(
            "lot_budget_mismatch",
            f"各包预算合计{_yuan(budget_sum)}元，与总预算{_yuan(document.total_amount)}元相差"
            f"{_yuan(budget_sum - document.total_amount)}元。",
            None,
            {"lot_sum": budget_sum, "total": document.total_amount, "difference": budget_sum - document.total_amount},
            target="total_amount",
        )
    ]


def lot_over_budget(document: ParsedDocument) -> list[ImportWarning]:
    """Each lot whose lines (the top ones of a numbered hierarchy) add up to more than its budget."""
    warnings = []
    for index, lot in enumerate(document.lots):
        amounts = [
            line.amount
            for line in document.line_items
            if line.lot == lot.label and line.parent is None and line.amount is not None
        ]
        if lot.budget is None or not amounts:
            continue
        line_sum = sum(amounts, Decimal(0))
        if line_sum > lot.budget:
            warnings.append(
                ImportWarning(
                    "lot_over_budget",
                    f"第{lot.label}包“{lot.name}”各项合计{_yuan(line_sum)}元，超出该包预算（最高限价）"
                    f"{_yuan(lot.budget)}元{_yuan(line_sum - lot.budget)}元。",
                    f"第{lot.label}包",
                    {"lot": lot.label, "line_sum": line_sum, "budget": lot.budget, "difference": line_sum - lot.budget},
                    target=f"lots/{index}/budget",
                )
            )
    return warnings


def _expected_amounts(total: Decimal, ratios: list[Decimal]) -> list[Decimal]:
    """Each ratio's share of `total` as the contract's milestones will have it: split to the fen by
    largest remainder (100.05 × 70/30 → 70.04 + 30.01), ratios short of a whole leaving the rest to a
    part nobody stated. Ratios past a whole cannot be split; each is then its own share, rounded."""
    rest = 1 - sum(ratios, Decimal(0))
    try:
        return milestone_amounts(total, [*ratios, rest])[: len(ratios)]
    except RuleViolation:  # past a whole: the review refuses the ratios themselves
        return [to_fen(total * ratio) for ratio in ratios]


def milestone_mismatch(document: ParsedDocument) -> list[ImportWarning]:
    if document.total_amount is None:
        return []
    stated = sorted(
        ((m, m.ratio) for m in document.payment_milestones if m.ratio is not None), key=lambda pair: pair[0].seq
    )
    expected_amounts = _expected_amounts(document.total_amount, [ratio for _, ratio in stated])
    warnings = []
    for (milestone, ratio), expected in zip(stated, expected_amounts, strict=True):
        if milestone.amount is None:
            continue
        if expected != milestone.amount:
            warnings.append(
                ImportWarning(
                    "milestone_mismatch",
                    f"第{milestone.seq}次付款为合同总额的{(ratio * 100).normalize():f}%，应为{_yuan(expected)}元，"
                    f"合同写的是{_yuan(milestone.amount)}元（相差{_yuan(milestone.amount - expected)}元）。",
                    f"第七条 第{milestone.seq}次付款",
                    {"expected": expected, "stated": milestone.amount, "seq": milestone.seq},
                )
            )
    return warnings


def missing_amount(document: ParsedDocument) -> list[ImportWarning]:
    if document.kind != "contract":
        return []  # a tender's lines carry no prices
    return [
        ImportWarning("missing_amount", f"序号{line.seq}“{line.name}”没有金额，请补充。", line.where, {"seq": line.seq})
        for line in document.line_items
        if line.amount is None
    ]


def line_after_contract_end(document: ParsedDocument) -> list[ImportWarning]:
    period = document.service_period
    if period is None or period.end is None:
        return []
    warnings = []
    for line in document.line_items:
        if line.start is None or not line.term_months:
            continue
        line_end = term_from(line.start, line.term_months).end
        if line_end > period.end:
            warnings.append(
                ImportWarning(
                    "line_after_contract_end",
                    f"序号{line.seq}自{line.start:%Y年%-m月%-d日}起服务，至{line_end:%Y年%-m月%-d日}止，"
                    f"晚于合同服务期结束日{period.end:%Y年%-m月%-d日}（多{(line_end - period.end).days}天）。",
                    line.where or f"序号{line.seq}",
                    {"seq": line.seq, "line_end": line_end, "contract_end": period.end},
                )
            )
    return warnings
