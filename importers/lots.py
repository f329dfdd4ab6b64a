"""Lots (包, 标包, 标段, 分标): a tender split into parts, each with its name, budget or ceiling and
term, stated in a table (包号 | 包名称 | 最高限价 | 服务期) or in prose (「第一包：校园网络运维，预算金额：
人民币叁拾伍万元整（¥350000.00）」).

A lot table is not a line-item table: its rows are never lines, its amounts never line amounts.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal

from importers.document import Lot, ParsedDocument, ServicePeriod
from importers.text import cn_int, normalise, one_line, parse_amount, parse_term, read_upper_amount, squash

_LOT_ID = re.compile(r"^(?:包号|包件号|标包号?|标段号?|分标号?|包|包别|标项)$")
_LOT_NAME = ("包名称", "标包名称", "标段名称", "分标名称", "包件名称", "采购内容", "项目名称", "名称")
_LOT_BUDGET = ("最高限价", "预算金额", "采购预算", "预算", "限价", "金额")
_LOT_TERM = ("服务期限", "服务期", "履约期限", "合同履行期限", "工期")
_CN_NUMBERS = "一二三四五六七八九十"


def lot_columns(cells: list[str | None]) -> dict[str, int] | None:
    """{"label", "name", "budget", "term": column} when `cells` head a lot table, else None."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = re.sub(r"[（(].*?[）)]", "", squash(cell))
        if not name:
            continue
        if "label" not in columns and _LOT_ID.match(name):
            columns["label"] = index
        elif "name" not in columns and any(word in name for word in _LOT_NAME):
            columns["name"] = index
        elif "budget" not in columns and any(word in name for word in _LOT_BUDGET):
            columns["budget"] = index
        elif "term" not in columns and any(word in name for word in _LOT_TERM):
            columns["term"] = index
    return columns if {"label", "name"} <= columns.keys() else None


def lot_label(text: str) -> str:
    """「包1」「第一包」「1」「A分标」「标段二」 → "1", "1", "1", "A", "2"."""
    text = squash(text)
    digits = re.search(r"\d+", text)
    if digits:
        return str(int(digits[0]))
    chinese = re.search(f"[{_CN_NUMBERS}]+", text)
    if chinese and (number := cn_int(chinese[0])) is not None:
        return str(number)
    letter = re.search(r"[A-Za-z]", text)
    return letter[0].upper() if letter else text


def read_lot_table(grid: list[list[str | None]]) -> list[Lot]:
    """The lots of a table whose first row is a lot header; [] when it is not a lot table."""
    if not grid:
        return []
    columns = lot_columns(grid[0])
    if columns is None:
        return []
    lots = []
    for cells in grid[1:]:

        def cell(name: str, cells: list[str | None] = cells) -> str:
            index = columns.get(name)
            return (cells[index] or "") if index is not None and index < len(cells) else ""

        if not squash(cell("label")) or re.match(r"^(合计|总计)", squash(cell("label"))):
            continue
        lots.append(_lot(lot_label(cell("label")), one_line(cell("name")) or "", cell("budget"), cell("term")))
    return lots


def _lot(label: str, name: str, budget_text: str, term_text: str) -> Lot:
    budget = parse_amount(budget_text)
    if budget is None:
        upper = re.search(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元圆][零壹贰叁肆伍陆柒捌玖角分整正]*", budget_text)
        budget = read_upper_amount(upper[0]) if upper else None
    start, end = month_range(term_text)
    return Lot(label=label, name=name, budget=budget, months=parse_term(term_text).months, start=start, end=end)


_PROSE_LOT = re.compile(
    r"(?:第([一二三四五六七八九十\d]+)(?:包|标包|标段|分标)|(?:包|标包|标段)\s*([一二三四五六七八九十\d]+)|([A-Z])\s*分标)"
    r"\s*[:：]\s*([^，,；;。\n]+)([^\n]*)"
)


def read_prose_lots(text: str) -> list[Lot]:
    """Lots stated one per sentence: 「第一包：校园网络运维，预算金额：人民币叁拾伍万元整（¥350000.00），服务期1年。」"""
    lots = []
    for match in _PROSE_LOT.finditer(normalise(text) or ""):
        label = lot_label(match[1] or match[2] or match[3])
        # 「第一包：政务外网运维（最高限价：300000.00元）」: the brackets hold the budget, not the name
        name, bracket, after = (re.split(r"([（(])", match[4], maxsplit=1) + ["", ""])[:3]
        rest = bracket + after + match[5]
        figures = re.search(r"[¥￥]\s*[\d,]+(?:\.\d+)?|[\d,]+(?:\.\d+)?\s*(?:万元|元)", rest)
        budget_text = figures[0] if figures else rest
        term = re.search(r"(?:服务期限?|履约期限)\s*[:：为]?\s*(\S+?)(?:[，,；;。]|$)", rest)
        lots.append(_lot(label, one_line(name) or "", budget_text, term[1] if term else ""))
    return lots


#: A lot named at the start of a table row or a heading: 「第一包：政务外网运维」「包1」「标段二」「A分标」
_LOT_HEADING = re.compile(
    r"^\s*(?:第([一二三四五六七八九十\d]+)(?:包|标包|标段|分标|包件)|(?:包|标包|标段|包件|分包)\s*([一二三四五六七八九十\d]+)"
    r"|([A-Z])\s*分标)(?![\d一二三四五六七八九十])\s*[:：、.．\s]?\s*(.*)$"
)


def lot_heading(text: str | None, budget_text: str = "") -> Lot | None:
    """The lot a heading or a table row names at its start, with the name after it and the budget it
    states (in `text` after 最高限价/预算, else in `budget_text`); None when it names no lot."""
    match = _LOT_HEADING.match(one_line(text) or "")
    if match is None:
        return None
    name = re.split(r"[（(，,；;]|(?:最高限价|预算金额|预算|限价)", match[4])[0].strip(" ：:")
    stated = re.search(r"(?:最高限价|预算金额|预算|限价)[^\d¥￥零壹贰叁肆伍陆柒捌玖]*(.+)", match[4])
    return _lot(lot_label(match[1] or match[2] or match[3]), name, stated[1] if stated else budget_text, "")


def month_range(text: str) -> tuple[date | None, date | None]:
    """「（2024年9月至2025年4月）」 → (2024-09-01, 2025-04-30); (None, None) when not stated."""
    match = re.search(
        r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:起)?\s*[至到\-—~～]\s*(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)", text
    )
    if not match:
        return None, None
    try:
        first = date(int(match[1]), int(match[2]), 1)
        year, month = int(match[3]), int(match[4])
        return first, date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None, None


def apply_lots(document: ParsedDocument, lots: list[Lot], text: str) -> None:
    """Keep the lots (from tables, else from prose); a document that states no total of its own
    has the lots' budgets as its total; its period is the lots' when they share one."""
    document.lots = lots or read_prose_lots(text)
    if not document.lots:
        return
    budgets = [lot.budget for lot in document.lots]
    if document.total_amount is None and all(budget is not None for budget in budgets):
        document.total_amount = sum((budget for budget in budgets if budget is not None), Decimal(0))
    # budgets that do not add up to a stated total: checks.lot_budget_mismatch
    stated = document.service_period
    for lot in document.lots:
        if lot.months is None and lot.start is None and stated is not None:
            lot.months = stated.months  # 「服务期：1年」 for the whole tender
    terms = {(lot.start, lot.end, lot.months) for lot in document.lots}
    if len(terms) == 1:
        start, end, months = terms.pop()
        period = document.service_period or ServicePeriod()
        period.start, period.end = period.start or start, period.end or end
        period.months = period.months or months
        document.service_period = period if (period.start or period.end or period.months) else None
