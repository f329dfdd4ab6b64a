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

from importers.document import Kind, Lot, ParsedDocument, ParsedLine, Sla, SourceFile
from importers.errors import NoLineItemTable
from importers.fields import (
    apply_common_fields,
    apply_contract_fields,
    apply_tender_fields,
    confirmation_seqs,
    kind_evidence,
)
from importers.lots import apply_lots, lot_columns, lot_heading, lot_label
from importers.sources import read_sources
from importers.text import (
    find_upper_amount,
    mentions_onsite,
    normalise,
    one_line,
    parse_amount,
    parse_onsite_staff,
    parse_sla,
    parse_term,
    read_upper_amount,
    squash,
)

#: The words a header cell uses for each field, with how strongly each says it (10: nothing else;
#: lower: a generic word that a more specific one beats). A header cell goes to the field whose word
#: scores highest in it; each field takes one column, the best scored first.
VOCABULARY: dict[str, tuple[tuple[str, int], ...]] = {
    "seq": (("序号", 10), ("项号", 10), ("编号", 8), ("包号", 6), ("No", 4)),
    # the lot a line belongs to; a table whose only number is 包号 numbers its lines by it (header_columns)
    "lot": (("包号", 7), ("标包", 7), ("标段", 7), ("包别", 7), ("分标", 7), ("所属包", 7)),
    "name": (
        ("运维项目", 10),
        ("项目名称", 9),
        ("服务名称", 9),
        ("标的名称", 9),
        ("系统名称", 9),
        ("服务项目", 8),
        ("信息系统", 7),
        ("名称", 5),
    ),
    "content": (("运维内容", 10), ("内容及目标", 10), ("服务内容", 8)),
    "unit": (
        ("服务单位", 10),
        ("使用单位", 10),
        ("需求单位", 10),
        ("采购单位", 10),
        ("用户单位", 10),
        ("单位名称", 9),
        ("单位", 4),
    ),
    "measure": (("计量单位", 10), ("单位", 3)),
    "quantity": (("数量", 10), ("工程量", 10)),
    "unit_price": (("单价", 11),),
    "amount": (
        ("运维资金", 10),
        ("金额", 9),
        ("合价", 10),
        ("总价", 9),
        ("报价", 8),
        ("小计", 8),
        ("最高限价", 8),
        ("预算", 6),
        ("资金", 6),
        ("价款", 6),
        ("费用", 5),
    ),
    "requirements": (("服务要求", 10), ("服务标准", 10), ("技术要求", 9), ("服务级别", 9)),
    "term": (("服务期限", 10), ("运维期限", 10), ("服务期", 9)),
    "notes": (("备注", 10),),
}
#: A line-item table has a 序号 and a name column, and a unit or an amount or a content column.
REQUIRED_COLUMNS = {"seq", "name"}
_ONE_OF_COLUMNS = {"unit", "amount", "content"}
_TOTAL_ROW = re.compile(r"^(合计|总计|合\s*计|总\s*计|价格合计|报价合计|投标总价)")
_SUBTOTAL_ROW = re.compile(r"^(小计|小\s*计)")
#: Units of measure: a column of these is 计量单位, never 服务单位
MEASURES = {
    "项",
    "台",
    "套",
    "个",
    "件",
    "㎡",
    "m²",
    "平方米",
    "米",
    "株",
    "年",
    "月",
    "次",
    "人",
    "批",
    "人月",
    "人天",
    "点",
    "路",
    "块",
    "组",
    "宗",
    "座",
}


class Columns(dict[str, int]):
    """{field: column index} of a line-item table, and whether its amounts are in 万元."""

    amount_in_wan: bool = False


def _header_scores(name: str) -> list[tuple[int, str]]:
    scores = []
    for field_name, words in VOCABULARY.items():
        best = max((score for word, score in words if word in name), default=0)
        if best:
            scores.append((best, field_name))
    if any(field_name == "unit_price" for _, field_name in scores):
        # 预算单价 / 综合单价: a price per unit is never the line amount
        scores = [(score, field_name) for score, field_name in scores if field_name != "amount"]
    return scores


def header_columns(cells: list[str | None]) -> Columns | None:
    """The columns when `cells` are the header row of a line-item table, else None. Each header
    cell is scored against the vocabulary; the best scores are taken first, one column per field."""
    candidates: list[tuple[int, int, str]] = []
    for index, cell in enumerate(cells):
        name = squash(cell)
        if not name or len(name) > 16:  # a header cell is a short label, not a paragraph
            continue
        candidates += [(score, -index, field_name) for score, field_name in _header_scores(name)]
    columns = Columns()
    taken: set[int] = set()
    for _score, negative_index, field_name in sorted(candidates, reverse=True):
        if field_name not in columns and -negative_index not in taken:
            columns[field_name] = -negative_index
            taken.add(-negative_index)
    if lot_columns(cells) is not None and not ({"unit", "content"} & columns.keys()):
        return None  # 包号 | 包名称 | 最高限价: the lots, not the lines
    if "seq" not in columns and "lot" in columns:
        columns["seq"] = columns.pop("lot")  # 包号 | 项目名称 | 金额: the 包号 numbers the lines
    if "name" not in columns and "content" in columns:
        columns["name"] = columns.pop("content")  # 服务内容 alone names the lines
    if not (columns.keys() >= REQUIRED_COLUMNS and columns.keys() & _ONE_OF_COLUMNS):
        return None
    amount_header = squash(cells[columns["amount"]]) if "amount" in columns else ""
    columns.amount_in_wan = "万元" in amount_header
    return columns


def is_header_repeat(cells: list[str | None], columns: dict[str, int]) -> bool:
    """True for a header row repeated on a later page (or a repeated header in a Word table)."""
    seq_words = {word for word, _ in VOCABULARY["seq"]}
    return header_columns(cells) is not None and squash(_cell(cells, columns, "seq")) in seq_words


def _cell(cells: list[str | None], columns: dict[str, int], field_name: str) -> str | None:
    index = columns.get(field_name)
    return cells[index] if index is not None and index < len(cells) else None


@dataclass
class RawRow:
    """The cells of one table row by field. None marks a cell covered by a merged cell above
    (Word's vMerge, a PDF cell spanning rows): its value is the one above. `amount_in_wan`: the
    amount column's header says 万元."""

    cells: dict[str, str | None]
    where: str
    notes: list[str] = field(default_factory=list)
    amount_in_wan: bool = False
    #: the lot of the table the row is in, when a heading before the table names one (a table per lot)
    lot: Lot | None = None

    @classmethod
    def from_cells(cls, cells: list[str | None], columns: dict[str, int], where: str) -> RawRow:
        return cls(
            {name: _cell(cells, columns, name) for name in columns},
            where,
            amount_in_wan=isinstance(columns, Columns) and columns.amount_in_wan,
        )

    def text(self, field_name: str) -> str:
        return self.cells.get(field_name) or ""

    def is_blank(self) -> bool:
        return not any(squash(value) for value in self.cells.values())

    def _labels(self) -> list[str]:
        return [squash(self.cells.get(name)) for name in ("seq", "unit", "name", "content")]

    def is_total(self) -> bool:
        return any(_TOTAL_ROW.match(label) for label in self._labels())

    def is_subtotal(self) -> bool:
        return any(_SUBTOTAL_ROW.match(label) for label in self._labels())

    def amount(self) -> Decimal | None:
        """The amount cell's figure in 元 (a 万元 column's 29.80 is 298000.00)."""
        return cell_amount(self.text("amount"), self.amount_in_wan)


#: a figure with two points (「1100.00.00」: OCR read a 0 of 110000.00 as a point) is no amount
_TWO_POINTS = re.compile(r"\d[.．]\d+[.．]\d")


def cell_amount(text: str | None, in_wan: bool = False) -> Decimal | None:
    """The figure of an amount cell in 元: 「29.80」 of a 万元 column and 「29.80万元」 are 298000.00.
    None for a figure with two points: read as far as the first two decimals it would be an amount
    nobody wrote (1100.00 for 1100.00.00), which the lines-vs-total check may not see (a sub-line
    of a hierarchical table is not in the total): the officer types it instead (unreadable_amount)."""
    if text and _TWO_POINTS.search(text.replace(" ", "")):
        return None
    amount = parse_amount(text)
    if amount is None or not in_wan or "万" in (text or ""):
        return amount
    figure = parse_amount((text or "").replace("元", ""))
    return None if figure is None else (figure * 10000).quantize(Decimal("0.01"))


_CN_LABEL = re.compile(r"^[（(]?([一二三四五六七八九十]+)[）)]?[、.．]?$")
_NUMBER_LABEL = re.compile(r"^(\d+(?:[.．]\d+)*)[、.．]?$")


#: a speck before a 序号 (「.2」: OCR reads a speck left of the 2 as a point) is not part of it
_SPECK_BEFORE = re.compile(r"^[.．·•,，、]+(?=\d)")


def _label_text(row: RawRow) -> str:
    """The 序号 as printed, without a point before its first digit (which would make 2 a sub-label)."""
    return _SPECK_BEFORE.sub("", squash(row.text("seq")))


def _label_depth(label: str, chinese_above: bool) -> int | None:
    """How deep a 序号 sits: 一 → 0; 1 → 0 (1 under a 一 → 1); 1.1 → one more than 1. None: not a label."""
    if _CN_LABEL.match(label):
        return 0
    match = _NUMBER_LABEL.match(label)
    if not match:
        return None
    return match[1].replace("．", ".").count(".") + (1 if chinese_above else 0)


def _measure_column(rows: list[RawRow]) -> None:
    """A 单位 column holding 项/台/套/㎡ is the unit of measure, not the 服务单位."""
    values = [one_line(row.cells.get("unit")) for row in rows if not row.is_total() and not row.is_subtotal()]
    values = [value for value in values if value]
    if values and sum(value in MEASURES for value in values) * 2 > len(values):
        for row in rows:
            row.cells["measure"] = row.cells.pop("unit", None)


def build_lines(rows: list[RawRow], document: ParsedDocument) -> list[ParsedLine]:
    """The line items of `rows` (header rows already dropped). A 合计 row is not a line: its
    amount becomes the document's total when the body states none, and is checked against it when
    it does. A 小计 row is never a line. In a table numbered 一/1/1.1 each line keeps its printed
    label and its parent's. Each line keeps its lot: its 包号 cell, else the lot row above it
    (「第一包：政务外网运维」), else the heading of its table; a lot named only there joins the
    document's lots."""
    _measure_column(rows)
    data = [row for row in rows if not row.is_blank()]
    lot: Lot | None = None
    labels = [_label_text(row) for row in data if not (row.is_total() or row.is_subtotal())]
    chinese = any(_CN_LABEL.match(label) for label in labels)
    hierarchical = chinese or any("." in label or "．" in label for label in labels)
    lines: list[ParsedLine] = []
    stack: list[tuple[int, int]] = []  # (depth, line index) of the open parents
    unit = ""
    for row in data:
        if row.is_total():
            _use_total_row(row, document)
            continue
        if row.is_subtotal():
            continue
        heading = _lot_row(row)
        if heading is not None:
            lot = _known_lot(heading, document)
            stack, unit = [], ""
            continue
        unit = _unit(row, unit, document)
        previous = lines[-1].seq if lines else 0
        line = _line(
            row, unit, previous_seq=previous, document=document, position=len(lines) + 1 if hierarchical else None
        )
        depth = _label_depth(line.label or "", chinese_above=chinese and any(d == 0 for d, _ in stack[:1]))
        if hierarchical and depth is not None:
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1] if stack else None
            line.parent = lines[parent].label if parent is not None else None
            stack.append((depth, len(lines)))
        line.lot = _line_lot(row, lot, document)
        lines.append(line)
    return lines  # parents are checked against their children with the other figures (checks.py)


def lots_of_tables(rows: list[RawRow], headed: list[tuple[int, Lot | None]]) -> None:
    """A table per lot, each after its heading (「第一包：政务外网运维」): `headed` gives the first row of
    each line table and the lot its heading names; the rows up to the next table belong to that lot, and
    a table with no heading (a continuation) to the lot above. Only when two tables or more are headed by
    different lots: one heading before the one table is as likely the last lot of a list in prose."""
    if len({heading.label for _, heading in headed if heading is not None}) < 2:
        return
    ends = [first for first, _ in headed[1:]] + [len(rows)]
    lot: Lot | None = None
    for (first, heading), end in zip(headed, ends, strict=True):
        lot = heading or lot
        for row in rows[first:end]:
            row.lot = lot


def _lot_row(row: RawRow) -> Lot | None:
    """The lot a row names instead of being a line: 「第一包」 in its 序号 cell (its name in the name
    cell), or 「第一包：政务外网运维」 in its name cell with no 序号; its amount cell is the lot's figure."""
    if "lot" in row.cells:
        return None  # a 包号 column: every row is a line of the lot in that cell
    seq, name = squash(row.text("seq")), one_line(row.cells.get("name")) or ""
    heading = lot_heading(seq, row.text("amount")) if seq else lot_heading(name, row.text("amount"))
    if heading is not None and seq and not heading.name:
        heading.name = name
    return heading


def _known_lot(lot: Lot, document: ParsedDocument) -> Lot:
    """The document's lot of that label; a lot named only in the line table joins the document's lots."""
    known = next((found for found in document.lots if found.label == lot.label), None)
    if known is not None:
        return known
    document.lots.append(lot)
    return lot


def _line_lot(row: RawRow, above: Lot | None, document: ParsedDocument) -> str | None:
    text = squash(row.text("lot"))
    if text:  # a lot named only in a 包号 column is named as printed, for the officer to complete
        return _known_lot(Lot(label=lot_label(text), name=one_line(row.text("lot")) or text), document).label
    lot = above or row.lot
    return _known_lot(lot, document).label if lot is not None else None


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):,}"


def _unit(row: RawRow, above: str, document: ParsedDocument) -> str:
    if "unit" not in row.cells:
        return ""
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


def _line(
    row: RawRow, unit: str, previous_seq: int, document: ParsedDocument, position: int | None = None
) -> ParsedLine:
    label = _label_text(row) or None
    seq = position if position is not None else _seq(row, previous_seq, document)
    where = f"序号{seq}（{row.where}）"
    content = normalise(row.cells.get("content")) or None
    requirements = normalise(row.cells.get("requirements")) or None
    term = parse_term(row.cells.get("term"))
    amount_text = row.text("amount")
    line = ParsedLine(
        amount_unit=("万元" if row.amount_in_wan or "万" in amount_text else "元") if squash(amount_text) else None,
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
        label=label or str(seq),
        quantity=_quantity(row.text("quantity")),
        unit_price=parse_amount(row.text("unit_price")),
        measure=one_line(row.cells.get("measure")) or None,
    )
    _check_price_times_quantity(line, document)
    return line


def _quantity(text: str) -> Decimal | None:
    match = re.search(r"\d+(?:\.\d+)?", (normalise(text) or "").replace(",", ""))
    return Decimal(match[0]) if match else None


def _check_price_times_quantity(line: ParsedLine, document: ParsedDocument) -> None:
    """数量 × 单价 against the amount: the amount column is the line amount, a disagreement is said;
    with no amount, the product is taken and said."""
    if line.quantity is None or line.unit_price is None:
        return
    product = (line.quantity * line.unit_price).quantize(Decimal("0.01"))
    if line.amount is None:
        line.amount = product
        document.warn(
            "amount_from_unit_price",
            f"该行没有金额，已按数量{line.quantity:f}×单价{_yuan(line.unit_price)}元计为{_yuan(product)}元，请核对。",
            line.where,
        )
    elif product != line.amount:
        document.warn(
            "quantity_price_mismatch",
            f"数量{line.quantity:f}×单价{_yuan(line.unit_price)}元为{_yuan(product)}元，与金额{_yuan(line.amount)}元"
            f"相差{_yuan(line.amount - product)}元。",
            line.where,
            difference=line.amount - product,
        )


def _amount(row: RawRow, where: str, document: ParsedDocument) -> Decimal | None:
    text = row.text("amount")
    amount = row.amount()
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
    """The 合计 row: its amount (the amount cell, else the figures after 小写, else the 大写 words)
    is the total when the body states none; when the body does and they differ, that is said."""
    texts = normalise(" ".join(value or "" for value in row.cells.values())) or ""
    upper = find_upper_amount(texts)
    amount = row.amount()
    if amount is None:
        lower = re.search(r"小写\s*[:：]?\s*([¥￥]?\s*[\d,]+(?:\.\d+)?\s*(?:万元|元)?)", texts)
        amount = parse_amount(lower[1]) if lower else None
    if amount is None and upper is not None:
        amount = read_upper_amount(upper)
    if document.total_amount_upper is None:
        document.total_amount_upper = upper
    if amount is None:
        if squash(row.text("amount")) not in ("", "-", "—", "/"):
            # 「163.3.40」: a total the row states but no one can read is said, never left out silently
            document.warn(
                "unreadable_total",
                f"无法识别合计行金额“{squash(row.text('amount'))}”，请核对合同总金额。",
                row.where,
                target="total_amount",
            )
        return
    if document.total_amount is None:
        document.total_amount = amount
    elif amount != document.total_amount:
        document.warn(
            "total_row_mismatch",
            f"表格合计行为{_yuan(amount)}元，与正文所写总金额{_yuan(document.total_amount)}元"
            f"相差{_yuan(amount - document.total_amount)}元。",
            row.where,
            target="total_amount",
        )


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


def assemble(
    source: SourceFile,
    text: str,
    rows: list[RawRow],
    default_kind: Kind | None = None,
    lots: list[Lot] | None = None,
) -> ParsedDocument:
    """The document from its body text and the rows of its line-item table, whatever the format.

    Without a line table (an award notice, a contract whose annex is a separate file) the document
    is still imported with what its text states, and a warning says the lines are to be added; only a
    file that states nothing a procurement document states is refused (NoLineItemTable)."""
    kind, evidence = kind_evidence(text)
    if not evidence and default_kind is not None:
        kind = default_kind
    document = ParsedDocument(kind=kind, title="", source=source, kind_evidence=evidence)
    if kind == "contract":
        apply_contract_fields(document, text)
    else:
        apply_tender_fields(document, text)
    apply_common_fields(document, text)
    apply_lots(document, lots or [], text)
    document.line_items = build_lines(rows, document)
    if document.kind == "contract" and len(document.lots) == 1:
        document.lot = document.lots[0].label  # a contract that names one lot covers it
    apply_body_terms(document, text)
    units = {line.amount_unit for line in document.line_items if line.amount_unit}
    if "万元" in units or (document.total_amount is not None and _total_in_wan(text)):
        document.amount_unit = "万元"
    elif units or document.total_amount is not None:
        document.amount_unit = "元"
    read_sources(document, text)
    if not document.line_items:
        if not (
            document.lots
            or document.title
            or document.total_amount is not None
            or document.purchaser
            or document.supplier
        ):
            raise NoLineItemTable("no line-item table and no procurement fields")
        document.warn(
            "no_line_items",
            "文件中没有运维项目清单表格，已导入其余内容。请在本页手工添加项目，或从另一个文件（Excel或Word附件）导入。",
            None,
            target="line_items",
        )
    return document


def _total_in_wan(text: str) -> bool:
    return bool(re.search(r"(?:金额|总价|预算|限价)[^。\n]{0,20}?\d[\d,.]*\s*万元", normalise(text) or ""))
