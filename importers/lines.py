"""From table rows to line items, whatever the file format.

Each format reader finds the line-item table (by its column names, never by position), turns each
row into a `RawRow` of cell texts keyed by field, and hands the rows here. This module reads the
cells (seq, amount, term, staff, SLA), fills merged 服务单位 cells down and notes its doubts as
warnings on the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from importers.document import ParsedDocument, ParsedLine, Sla
from importers.fields import confirmation_seqs
from importers.text import (
    find_upper_amount,
    mentions_onsite,
    normalise,
    one_line,
    parse_amount,
    parse_onsite_staff,
    parse_sla,
    parse_term,
    squash,
)

#: Column names per field, most specific first; a header cell matches the first field one of
#: whose names it contains. Tender and contract annexes word them differently.
COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "unit": ("服务单位", "使用单位", "单位名称", "需求单位", "单位"),
    "content": ("运维内容", "服务内容", "内容及目标"),
    "requirements": ("服务要求", "服务标准", "技术要求", "服务级别"),
    "term": ("服务期限", "服务期", "运维期限"),
    "amount": ("运维资金", "金额", "资金", "预算", "价款", "费用"),
    "name": ("运维项目", "系统名称", "项目名称", "信息系统"),
    "notes": ("备注",),
}
#: A line-item table has at least these columns.
REQUIRED_COLUMNS = {"seq", "unit", "name"}
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|合\s*计)")


def header_columns(cells: list[str | None]) -> dict[str, int] | None:
    """{field: column index} when `cells` are the header row of a line-item table, else None."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = squash(cell)
        if not name or len(name) > 16:  # a header cell is a short label, not a paragraph
            continue
        for field_name, labels in COLUMNS.items():
            if field_name not in columns and any(label in name for label in labels):
                columns[field_name] = index
                break
    return columns if columns.keys() >= REQUIRED_COLUMNS else None


def is_header_repeat(cells: list[str | None], columns: dict[str, int]) -> bool:
    """True for a header row repeated on a later page (or a repeated header in a Word table)."""
    return header_columns(cells) is not None and squash(_cell(cells, columns, "seq")) in COLUMNS["seq"]


def _cell(cells: list[str | None], columns: dict[str, int], field_name: str) -> str | None:
    index = columns.get(field_name)
    return cells[index] if index is not None and index < len(cells) else None


@dataclass
class RawRow:
    """The cells of one table row by field. None marks a cell covered by a merged cell above
    (Word's vMerge, a PDF cell spanning rows): its value is the one above."""

    cells: dict[str, str | None]
    where: str
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_cells(cls, cells: list[str | None], columns: dict[str, int], where: str) -> RawRow:
        return cls({name: _cell(cells, columns, name) for name in columns}, where)

    def text(self, field_name: str) -> str:
        return self.cells.get(field_name) or ""

    def is_blank(self) -> bool:
        return not any(squash(value) for value in self.cells.values())

    def is_total(self) -> bool:
        return any(_TOTAL_ROW.match(squash(self.cells.get(name))) for name in ("seq", "unit", "name"))


def build_lines(rows: list[RawRow], document: ParsedDocument) -> list[ParsedLine]:
    """The line items of `rows` (header rows already dropped). A 合计 row is not a line: its
    amount becomes the document's total when the body states none."""
    lines: list[ParsedLine] = []
    unit = ""
    for row in rows:
        if row.is_blank():
            continue
        if row.is_total():
            _use_total_row(row, document)
            continue
        unit = _unit(row, unit, document)
        line = _line(row, unit, previous_seq=lines[-1].seq if lines else 0, document=document)
        lines.append(line)
    return lines


def _unit(row: RawRow, above: str, document: ParsedDocument) -> str:
    value = row.cells.get("unit")
    if value is None:  # merged with the cell above: Word vMerge or a PDF cell spanning rows
        return above
    unit = one_line(value)
    if unit:
        return unit
    if above:
        document.warn("unit_filled_down", f"服务单位为空，已沿用上一行的“{above}”，请核对。", row.where)
    return above


def _seq(row: RawRow, previous_seq: int, document: ParsedDocument) -> int:
    match = re.search(r"\d+", row.text("seq"))
    if match:
        return int(match[0])
    document.warn("seq_inferred", f"该行没有序号，已按上一行推定为{previous_seq + 1}，请核对。", row.where)
    return previous_seq + 1


def _line(row: RawRow, unit: str, previous_seq: int, document: ParsedDocument) -> ParsedLine:
    seq = _seq(row, previous_seq, document)
    where = f"序号{seq}（{row.where}）"
    content = normalise(row.cells.get("content")) or None
    requirements = normalise(row.cells.get("requirements")) or None
    term = parse_term(row.cells.get("term"))
    return ParsedLine(
        seq=seq,
        unit=unit,
        name=one_line(row.cells.get("name")) or "",
        content=content,
        requirements=requirements,
        amount=_amount(row, where, document),
        term_months=term.months,
        start=term.start,
        start_on_confirmation=term.start_on_confirmation,
        onsite_staff=_onsite_staff(requirements, content),
        sla=parse_sla(requirements) or Sla(),
        where=where,
    )


def _amount(row: RawRow, where: str, document: ParsedDocument) -> Decimal | None:
    text = row.text("amount")
    amount = parse_amount(text)
    if amount is None and squash(text) not in ("", "-", "—", "/"):
        document.warn("unreadable_amount", f"无法识别金额“{squash(text)}”，请手工填写。", where, text=text)
    return amount


def _onsite_staff(requirements: str | None, content: str | None) -> int | None:
    """Staff asked in 服务要求, else in 运维内容; 0 when neither mentions 驻场 (the line asks none);
    None when 驻场 is mentioned without a number (「安排专人驻场」): a person must read it."""
    for text in (requirements, content):
        count = parse_onsite_staff(text)
        if count is not None:
            return count
    return None if mentions_onsite(requirements) or mentions_onsite(content) else 0


def _use_total_row(row: RawRow, document: ParsedDocument) -> None:
    amount = parse_amount(row.text("amount"))
    if document.total_amount is None and amount is not None:
        document.total_amount = amount
    if document.total_amount_upper is None:
        texts = " ".join(value or "" for value in row.cells.values())
        document.total_amount_upper = find_upper_amount(texts)


def apply_body_terms(document: ParsedDocument, body_text: str) -> None:
    """What the body says about the lines' terms: lines named in 「序号16…确认运维开始之日起一年」
    (tender 四、服务期) start on confirmation and run a year; a line without a 服务期限 cell of its
    own runs for the document's stated term (「服务期：一年」)."""
    seqs = confirmation_seqs(body_text)
    months = document.service_period.months if document.service_period else None
    for line in document.line_items:
        if line.seq in seqs:
            line.start_on_confirmation = True
            line.term_months = line.term_months or 12
        if line.term_months is None:
            line.term_months = months
