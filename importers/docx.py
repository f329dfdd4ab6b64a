"""Word (.docx) tenders and contracts, read with python-docx and its XML.

Two Word habits make the annex table hard to read from text: 序号 cells numbered by Word itself
(the cell is empty; the number lives in numbering.xml and in how many paragraphs of the same list
come before), and 服务单位 cells merged down several rows (w:vMerge: only the first cell has text).
`ListNumbers` recomputes the automatic numbers; `_table_rows` walks the grid so that a merged cell
is reported as None and filled down by `importers.lines`.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from importers.document import Lot, ParsedDocument, SourceFile
from importers.errors import CorruptFile
from importers.lines import RawRow, assemble, header_columns, is_header_repeat
from importers.lots import lot_heading, read_lot_table

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_VAL = qn("w:val")
#: An element of the document's XML (lxml, through python-docx's oxml classes)
Element = Any
#: {abstractNumId: {ilvl: {start, format, text}}}
Levels = dict[str, dict[int, dict[str, Any]]]


def parse(path: Path, source: SourceFile, progress: Callable[[int, int], None] | None = None) -> ParsedDocument:
    """The document in a .docx file. Raises CorruptFile when the package cannot be opened and
    NoLineItemTable when no table has the annex's columns."""
    document_part = _open(path)
    body = document_part.element.body
    numbers = ListNumbers(document_part)
    body_lines: list[str] = []
    rows: list[RawRow] = []
    blocks = list(body.iterchildren(W_P, W_TBL))
    tables = 0
    lots: list[Lot] = []
    heading: Lot | None = None  # the lot the paragraph just before a table names (a table per lot)
    headed: list[tuple[int, Lot | None]] = []  # (first row, heading) of each line table
    for done, block in enumerate(blocks, start=1):
        if block.tag == W_P:
            body_lines.append(numbers.paragraph_text(block))
            if body_lines[-1].strip():
                heading = lot_heading(body_lines[-1])
        else:
            tables += 1
            first = len(rows)
            if _collect_line_rows(block, numbers, rows, tables):
                headed.append((first, heading))
                heading = None
            else:
                # other tables (标段一览表 …) are body text: header fields may sit in them
                heading = None
                grid = list(_table_rows(block, numbers))
                lots += read_lot_table(grid)
                body_lines.extend(" ".join(c or "" for c in cells) for cells in grid)
        if progress:
            progress(done, len(blocks))
    _lots_of_tables(rows, headed)
    return assemble(source, "\n".join(body_lines), rows, lots=lots)


def _lots_of_tables(rows: list[RawRow], headed: list[tuple[int, Lot | None]]) -> None:
    """A table per lot, each after its heading (「第一包：政务外网运维」): its rows belong to that lot.
    Only when two tables or more are headed by different lots: one heading before the one table is
    as likely the last lot of a list in prose."""
    if len({heading.label for _, heading in headed if heading is not None}) < 2:
        return
    ends = [first for first, _ in headed[1:]] + [len(rows)]
    for (first, heading), end in zip(headed, ends, strict=True):
        for row in rows[first:end]:
            row.lot = heading


def _open(path: Path) -> WordDocument:
    try:
        return docx.Document(str(path))
    except (
        zipfile.BadZipFile,
        zlib.error,
        PackageNotFoundError,
        KeyError,
        etree.XMLSyntaxError,
        EOFError,
        ValueError,
    ) as error:
        raise CorruptFile(f"cannot open Word package: {error}") from error


def _collect_line_rows(table: Element, numbers: ListNumbers, rows: list[RawRow], table_number: int) -> bool:
    """Add the rows of `table` to `rows` if it is a line-item table; True if it was one."""
    grid = list(_table_rows(table, numbers))
    for header_index, cells in enumerate(grid[:3]):  # noqa: B007 — the index is read after the loop
        columns = header_columns(cells)
        if columns:
            break
    else:
        return False
    for row_number, cells in enumerate(grid[header_index + 1 :], start=header_index + 2):
        if not is_header_repeat(cells, columns):
            rows.append(RawRow.from_cells(cells, columns, f"第{table_number}个表格第{row_number}行"))
    return True


def _table_rows(table: Element, numbers: ListNumbers) -> Iterator[list[str | None]]:
    """The text of each grid column per row; None where a cell continues a vertical merge.
    A cell spanning several grid columns (gridSpan) gives its text to the first of them."""
    for tr in table.iterchildren(W_TR):
        cells: list[str | None] = []
        for tc in tr.iterchildren(W_TC):
            properties = tc.tcPr
            span = properties.grid_span if properties is not None else 1
            continues_merge = properties is not None and _continues_vertical_merge(properties)
            cells.append(None if continues_merge else _cell_text(tc, numbers))
            cells.extend([""] * (span - 1))
        yield cells


def _continues_vertical_merge(properties: Element) -> bool:
    merge = properties.find(qn("w:vMerge"))
    # <w:vMerge/> without a value means "continue"; "restart" opens a merged block
    return merge is not None and merge.get(W_VAL, "continue") == "continue"


def _cell_text(tc: Element, numbers: ListNumbers) -> str:
    return "\n".join(numbers.paragraph_text(p) for p in tc.iter(W_P))


class ListNumbers:
    """The label Word shows in front of each automatically numbered paragraph ("01", "第六条", "1.").

    Word does not store these labels: it counts. Each paragraph with numbering properties (its own
    w:numPr or its style's) belongs to a list (w:num → w:abstractNum); the paragraphs of one
    abstract list share counters in document order, a w:num with a w:startOverride restarts them,
    and a level's counter restarts whenever a higher level advances. The label is the level's
    w:lvlText with %1, %2 … replaced by the counters in the level's w:numFmt (decimalZero: 01, 02…).
    """

    def __init__(self, document_part: WordDocument) -> None:
        self._levels, self._nums = _read_numbering(document_part)
        self._style_numbering = _style_numbering(document_part)
        self._labels: dict[object, str] = {}
        self._count(document_part.element.body)

    def paragraph_text(self, p: Element) -> str:
        """The paragraph's text, with its automatic number in front when it has one."""
        text = _paragraph_text(p)
        label = self._labels.get(p)
        if label is None:
            return text
        return f"{label}{text}" if not text or label.endswith((" ", "、", ".", "．")) else f"{label} {text}"

    def _count(self, body: Element) -> None:
        counters: dict[str, dict[int, int]] = {}
        started: set[str] = set()
        for p in body.iter(W_P):
            num_id, level = self._numbering_of(p)
            if num_id is None or num_id not in self._nums:
                continue
            abstract_id, overrides = self._nums[num_id]
            definition = self._levels.get(abstract_id, {}).get(level)
            if definition is None or definition["format"] in ("bullet", "none"):
                continue
            levels = counters.setdefault(abstract_id, {})
            if num_id not in started and overrides:
                # the first paragraph of a list instance with startOverride restarts the counting
                levels.clear()
                levels.update({lvl: start - 1 for lvl, start in overrides.items()})
            started.add(num_id)
            levels[level] = levels.get(level, definition["start"] - 1) + 1
            for deeper in [lvl for lvl in levels if lvl > level]:
                del levels[deeper]
            self._labels[p] = self._label(abstract_id, level, levels)

    def _numbering_of(self, p: Element) -> tuple[str | None, int]:
        properties = p.pPr
        num_pr = properties.numPr if properties is not None else None
        if num_pr is None and properties is not None and properties.pStyle is not None:
            return self._style_numbering.get(properties.pStyle.val, (None, 0))
        if num_pr is None or num_pr.numId is None:
            return None, 0
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        num_id = str(num_pr.numId.val)
        return (None, 0) if num_id == "0" else (num_id, level)

    def _label(self, abstract_id: str, level: int, counters: dict[int, int]) -> str:
        definitions = self._levels[abstract_id]
        text = str(definitions[level]["text"])
        for lvl in range(level + 1):
            value = counters[lvl] if lvl in counters else int(definitions.get(lvl, {}).get("start", 1))
            fmt = str(definitions.get(lvl, {}).get("format", "decimal"))
            text = text.replace(f"%{lvl + 1}", format_number(value, fmt))
        return text


def _read_numbering(document_part: WordDocument) -> tuple[Levels, dict[str, tuple[str, dict[int, int]]]]:
    """({abstractNumId: {ilvl: {start, format, text}}}, {numId: (abstractNumId, {ilvl: start})})."""
    try:
        numbering = document_part.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}, {}
    levels: Levels = {}
    for abstract in numbering.iterchildren(qn("w:abstractNum")):
        abstract_id = abstract.get(qn("w:abstractNumId"))
        levels[abstract_id] = {int(lvl.get(qn("w:ilvl"))): _level(lvl) for lvl in abstract.iterchildren(qn("w:lvl"))}
    nums: dict[str, tuple[str, dict[int, int]]] = {}
    for num in numbering.iterchildren(qn("w:num")):
        abstract_ref = num.find(qn("w:abstractNumId"))
        overrides: dict[int, int] = {}
        for override in num.iterchildren(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            if start is not None:
                overrides[int(override.get(qn("w:ilvl")))] = int(start.get(W_VAL))
        nums[num.get(qn("w:numId"))] = (abstract_ref.get(W_VAL), overrides)
    return levels, nums


def _level(lvl: Element) -> dict[str, Any]:
    def value(tag: str, default: object) -> Any:
        element = lvl.find(qn(tag))
        return element.get(W_VAL, default) if element is not None else default

    return {"start": int(value("w:start", 1)), "format": value("w:numFmt", "decimal"), "text": value("w:lvlText", "%1")}


def _style_numbering(document_part: WordDocument) -> dict[str, tuple[str, int]]:
    """{styleId: (numId, ilvl)} for paragraph styles that number their paragraphs (heading styles
    such as 第一条 are often numbered this way), following basedOn."""
    styles = {style.style_id: style for style in document_part.styles}
    found: dict[str, tuple[str, int]] = {}
    for style_id, style in styles.items():
        current, seen = style, set()
        while current is not None and current.style_id not in seen:
            seen.add(current.style_id)
            properties = current.element.pPr
            num_pr = properties.numPr if properties is not None else None
            if num_pr is not None and num_pr.numId is not None:
                level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                found[style_id] = (str(num_pr.numId.val), level)
                break
            current = getattr(current, "base_style", None)
    return found


_CHINESE_DIGITS = "零一二三四五六七八九"


def format_number(value: int, fmt: str) -> str:
    """A list counter in Word's number format: decimal 7, decimalZero 07, chineseCounting 七 …"""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting"):
        return _chinese(value)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _chinese(value: int) -> str:
    if value < 10:
        return _CHINESE_DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out, value = out + numeral, value - number
    return out


def _paragraph_text(p: Element) -> str:
    parts: list[str] = []
    for element in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)
