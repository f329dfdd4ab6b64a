"""PDF contracts and tenders, read with pdfplumber.

What a real annex PDF does to its table:
- the header row is repeated at the top of every page: repeats are dropped;
- a long row breaks at the page boundary, so its second half arrives at the top of the next page
  as a row with an empty 序号 (and empty 运维项目): it is merged into the row before, cell by cell;
- text wraps inside cells, and conversion puts spaces inside Chinese words: wrapped lines are
  joined back and the spaces removed (`importers.text.normalise`).

Each page is parsed once (pdfminer's layout is the expensive part) and each table found once; the
cell text is built from the page's characters in one pass rather than with pdfplumber's
`Table.extract`, which filters all the page's characters again for every row. Body text is taken
only from characters outside the tables.

A page without a text layer (a scan, or a scanned page inside a PDF that has text elsewhere) is read
by OCR (`importers.ocr`, loaded only then): its text boxes stand for characters and the ruled grid found on its image
for pdfplumber's table, so the scanned page goes through the same cell, row and field code. Only the
pages that need it are read by OCR, all of them before the text pages, in parallel. JPEG and PNG page
images are read the same way (`parse_image`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import extract_text

from importers.document import Lot, ParsedDocument, SourceFile
from importers.errors import CorruptFile, DocumentError, EncryptedPdf, ScannedPdf, TooManyScanPages
from importers.fields import restore_label_colon
from importers.limits import MAX_SCAN_PAGES
from importers.lines import RawRow, assemble, header_columns, is_header_repeat, lots_of_tables
from importers.lots import lot_heading, read_lot_table
from importers.scanned import Grid, GridRow, ScannedPage, pages_without_text
from importers.sources import CellSource, scan_sources
from importers.text import squash

#: A new cell line starting with one of these is a new paragraph, even after a full line.
_LABEL_START = re.compile(
    r"(服务级别|服务时间|服务方式|响应时效|响应时间|到场时间|故障恢复时间|巡检周期|"
    r"运维内容|运维目标|[①-⑳]|\(\d+\)|（\d+）|\d+[.、])"
)
_SENTENCE_END = "。；;！!？?：:"
#: A character as pdfplumber gives it (text, x0, x1, top, bottom, size …)
Char = dict[str, Any]


def parse(path: Path, source: SourceFile, progress: Callable[[int, int], None] | None = None) -> ParsedDocument:
    """The document in a PDF. Raises EncryptedPdf, CorruptFile, TooManyScanPages, ScanTooSmall,
    ScannedPdf (no text on any page, even by OCR) or NoLineItemTable. `progress(done, total)` is
    called for every page read, the scanned ones first."""
    _check_complete(path)
    total, scanned_numbers = pages_without_text(path)
    if len(scanned_numbers) > MAX_SCAN_PAGES:
        raise TooManyScanPages(f"{len(scanned_numbers)} pages to OCR", found=len(scanned_numbers), limit=MAX_SCAN_PAGES)
    scanned = _read_by_ocr(path, scanned_numbers, _shifted(progress, 0, total)) if scanned_numbers else {}
    done = len(scanned)
    with _open(path) as pdf:
        reader = _AnnexReader()
        try:
            pages = pdf.pages
            source.pages = len(pages)
            for number, page in enumerate(pages, start=1):
                if number in scanned:
                    reader.read_scanned_page(scanned[number])
                else:
                    reader.read_page(page, number)
                    done += 1
                    if progress:
                        progress(done, len(pages))
                page.close()  # drop the page's cached layout: a 150-page annex adds up
        except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as error:
            raise _classify(error) from error
        except Exception as error:  # pdfminer raises many kinds (PSEOF, KeyError, TypeError …) on damage
            raise CorruptFile(f"cannot read page: {error!r}") from error
    return reader.document(source)


def parse_image(path: Path, source: SourceFile, progress: Callable[[int, int], None] | None = None) -> ParsedDocument:
    """The document on one JPEG or PNG page image, read by OCR. Raises ScanTooSmall, ScannedPdf (no
    text found) or NoLineItemTable."""
    reader = _AnnexReader()
    source.pages = 1
    for page in _read_by_ocr(path, None, progress).values():
        reader.read_scanned_page(page)
    return reader.document(source)


def _read_by_ocr(
    path: Path, numbers: list[int] | None, progress: Callable[[int, int], None] | None
) -> dict[int, ScannedPage]:
    # imported here: the OCR's libraries (numpy, the ONNX models) take a second to load, and a Word,
    # Excel or text PDF file never needs them
    from importers import ocr

    return ocr.read_pages(path, numbers, progress)


def _shifted(progress: Callable[[int, int], None] | None, before: int, total: int) -> Callable[[int, int], None] | None:
    """`progress` for the OCR pages counted among all `total` pages, after `before` pages done."""
    if progress is None:
        return None
    return lambda done, _of: progress(before + done, total)


def _check_complete(path: Path) -> None:
    """Raise CorruptFile when the file does not end with %%EOF: a cut-off upload. pdfminer would
    otherwise rebuild what it can and quietly return the first pages only."""
    with open(path, "rb") as file:
        file.seek(max(0, path.stat().st_size - 2048))
        if b"%%EOF" not in file.read():
            raise CorruptFile("no %%EOF at the end: the file is truncated")


def _open(path: Path) -> PDF:
    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise _classify(error) from error
    except Exception as error:
        raise CorruptFile(f"cannot open PDF: {error!r}") from error
    return pdf


def _classify(error: Exception) -> DocumentError:
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedPdf(f"{type(cause).__name__}: {cause}")
    return CorruptFile(f"{type(cause).__name__}: {cause}")


@dataclass
class _AnnexReader:
    """Reads page after page, keeping what spans pages: the annex columns and the row being built."""

    columns: dict[str, int] | None = None
    rows: list[RawRow] = field(default_factory=list)
    body_lines: list[str] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)
    #: (first row, the lot its heading names) of each line table that starts with its header
    headed: list[tuple[int, Lot | None]] = field(default_factory=list)
    pages_with_text: int = 0

    #: a scanned page's table cells: row (「第3页第5行」) → field → where the cell is and its score
    scanned_cells: dict[str, dict[str, CellSource]] = field(default_factory=dict)
    scanned_pages: list[ScannedPage] = field(default_factory=list)

    def read_page(self, page: Page, number: int) -> None:
        chars = page.chars
        if not chars:
            return
        tables = [_TableText(table) for table in page.find_tables()]
        outside = self._read_chars(chars, tables, number)
        if outside:
            self.body_lines.append(extract_text(outside, x_tolerance=1.5, y_tolerance=3))

    def read_scanned_page(self, page: ScannedPage) -> None:
        """A page read by OCR: its text boxes as characters, its ruled grids as tables."""
        self.scanned_pages.append(page)
        chars = [box.char() for box in page.boxes]
        if not chars:
            return
        tables = [_TableText(grid) for grid in page.tables]
        outside = self._read_chars(chars, tables, page.number, scanned=True)
        if outside:
            self.body_lines.append("\n".join(restore_label_colon(_line_text(line)) for line in _lines(outside)))

    def _read_chars(
        self, chars: list[Char], tables: list[_TableText], number: int, scanned: bool = False
    ) -> list[Char]:
        """Read the tables' cells; return the characters outside every table (the body text)."""
        self.pages_with_text += 1
        outside = _distribute(chars, tables)
        above = _lines(outside)
        bottom = 0.0
        for table_text in sorted(tables, key=lambda table: table.bbox[1]):
            first = len(self.rows)
            if self._read_table(table_text.rows(), number, table_text.cell_sources(number) if scanned else None):
                self.headed.append((first, _heading_between(above, bottom, table_text.bbox[1])))
            bottom = table_text.bbox[3]
        return outside

    def _read_table(
        self, grid: list[list[str | None]], page_number: int, cells: list[list[CellSource | None]] | None = None
    ) -> bool:
        """Add the rows of a line table (or of its continuation); True when the table starts with the
        line table's header (a new table, maybe a lot's)."""
        start = 0
        columns = header_columns(grid[0]) if grid else None
        if columns and (self.columns is None or is_header_repeat(grid[0], self.columns)):
            self.columns = self.columns or columns
            start = 1
        elif self.columns is None or len(grid[0]) <= max(self.columns.values()):
            # not the annex: its text is body text (a table of signatures, a 一览表)
            self.lots += read_lot_table(grid)
            self.body_lines.extend(" ".join(cell or "" for cell in cells) for cells in grid)
            return False
        for index, row_cells in enumerate(grid[start:]):
            # the row on its page, so that a doubt about it points to it, not to the page's first line
            row = RawRow.from_cells(row_cells, self.columns, f"第{page_number}页第{start + index + 1}行")
            if self.rows and _continues_previous(row, at_top=index == 0):
                _merge_into(self.rows[-1], row)
            else:
                self.rows.append(row)
            if cells is not None:
                found = cells[start + index]
                self.scanned_cells[row.where] = {
                    name: place
                    for name, column in self.columns.items()
                    if column < len(found) and (place := found[column]) is not None
                }
        return start == 1

    def document(self, source: SourceFile) -> ParsedDocument:
        if not self.pages_with_text:
            raise ScannedPdf("no characters on any page, even by OCR")
        lots_of_tables(self.rows, self.headed)
        document = assemble(source, "\n".join(self.body_lines), self.rows, lots=self.lots)
        if self.scanned_pages:
            scan_sources(document, self.scanned_pages, self.scanned_cells)
        return document


def _continues_previous(row: RawRow, at_top: bool) -> bool:
    """A row without 序号 is the rest of the row before it when it is the first row of the table on
    its page (a page break split the row: Word and LibreOffice carry every cell's overflow over,
    运维项目 included, when the column is narrow), or when it has no 运维项目 either (slid down by
    the layout): it has no identity of its own."""
    if squash(row.cells.get("seq")):
        return False
    return at_top or not squash(row.cells.get("name"))


def _merge_into(previous: RawRow, rest: RawRow) -> None:
    for name, text in rest.cells.items():
        if text is None or not squash(text):
            continue
        before = previous.cells.get(name) or ""
        previous.cells[name] = before + _joiner(before, text) + text
    previous.notes.append(f"merged:{rest.where}")


def _joiner(before: str, after: str) -> str:
    # the break fell between two lines of a cell: mid-paragraph unless a sentence or label ends/starts
    if not before or before.rstrip()[-1:] in _SENTENCE_END or _LABEL_START.match(after.lstrip()):
        return "\n" if before else ""
    return ""


class _TableText:
    """The cells of one table (pdfplumber's, or a grid found on a scanned page), filled with the page's
    characters in one pass."""

    def __init__(self, table: Table | Grid) -> None:
        self.bbox = table.bbox
        rows = table.rows if isinstance(table, Grid) else [GridRow(row.bbox, list(row.cells)) for row in table.rows]
        self._rows = sorted(rows, key=lambda row: row.bbox[1])
        self._row_tops = [row.bbox[1] for row in self._rows]
        self._chars: list[list[list[Char]]] = [[[] for _ in row.cells] for row in self._rows]

    def contains(self, char: Char) -> bool:
        x0, top, x1, bottom = self.bbox
        h_mid: float = (char["x0"] + char["x1"]) / 2
        v_mid: float = (char["top"] + char["bottom"]) / 2
        return x0 <= h_mid < x1 and top <= v_mid < bottom

    def add(self, char: Char) -> None:
        v_mid = (char["top"] + char["bottom"]) / 2
        h_mid = (char["x0"] + char["x1"]) / 2
        index = bisect.bisect_right(self._row_tops, v_mid) - 1
        if index < 0:
            return
        row = self._rows[index]
        if v_mid >= row.bbox[3]:
            return
        for column, cell in enumerate(row.cells):
            if cell is not None and cell[0] <= h_mid < cell[2]:
                self._chars[index][column].append(char)
                return

    def rows(self) -> list[list[str | None]]:
        """Cell texts per row; None for a grid position covered by a cell spanning rows."""
        return [
            [None if cell is None else _cell_text(self._chars[r][c], cell) for c, cell in enumerate(row.cells)]
            for r, row in enumerate(self._rows)
        ]

    def cell_sources(self, page: int) -> list[list[CellSource | None]]:
        """Per row and cell of a scanned table: the page, the box around the cell's text and its lowest
        OCR score (None for an empty cell)."""
        return [[_cell_source(chars, page) for chars in row] for row in self._chars]


def _cell_source(chars: list[Char], page: int) -> CellSource | None:
    if not chars:
        return None
    box = (
        min(char["x0"] for char in chars),
        min(char["top"] for char in chars),
        max(char["x1"] for char in chars),
        max(char["bottom"] for char in chars),
    )
    return CellSource(page, box, min(char["score"] for char in chars))


def _heading_between(lines: list[list[Char]], top: float, bottom: float) -> Lot | None:
    """The lot the last body line between `top` and `bottom` names (the heading just above a table)."""
    between = [line for line in lines if top <= line[0]["top"] and line[0]["bottom"] <= bottom + 1]
    return lot_heading(_line_text(between[-1])) if between else None


def _distribute(chars: list[Char], tables: list[_TableText]) -> list[Char]:
    """Give each character to the table cell it sits in; return those outside every table."""
    outside: list[Char] = []
    for char in chars:
        for table in tables:
            if table.contains(char):
                table.add(char)
                break
        else:
            outside.append(char)
    return outside


def _cell_text(chars: list[Char], cell: tuple[float, float, float, float]) -> str:
    """The text of one cell: its characters grouped into lines, a wrapped line joined to the next
    without a break (Chinese wraps anywhere), a short line ending its paragraph with "\\n"."""
    if not chars:
        return ""
    lines = _lines(chars)
    left_padding = min(line[0]["x0"] for line in lines) - cell[0]
    text = ""
    for i, line in enumerate(lines):
        line_text = _line_text(line)
        if i:
            text += _line_joiner(lines[i - 1], cell[2] - max(left_padding, 0), line_text, text)
        text += line_text
    return text


def _lines(chars: list[Char]) -> list[list[Char]]:
    ordered = sorted(chars, key=lambda char: (round(char["top"]), char["x0"]))
    lines: list[list[Char]] = []
    for char in ordered:
        if lines and abs(char["top"] - lines[-1][0]["top"]) <= char["size"] * 0.4:
            lines[-1].append(char)
        else:
            lines.append([char])
    for line in lines:
        line.sort(key=lambda char: char["x0"])
    return lines


def _line_text(line: list[Char]) -> str:
    out = []
    for i, char in enumerate(line):
        if (
            i
            and char["x0"] - line[i - 1]["x1"] > char["size"] * 0.3
            and char["text"] != " "
            and line[i - 1]["text"] != " "
        ):
            out.append(" ")
        out.append(char["text"])
    return "".join(out).strip()


def _line_joiner(previous: list[Char], right_limit: float, next_text: str, text_so_far: str) -> str:
    """ "" when the previous line ran to the cell's right edge (a wrap), "\\n" when it stopped short."""
    size = max(char["size"] for char in previous)
    wrapped = right_limit - previous[-1]["x1"] < size * 1.6
    if not wrapped or _LABEL_START.match(next_text):
        return "\n"
    if (
        text_so_far[-1:].isascii()
        and text_so_far[-1:].isalnum()
        and next_text[:1].isascii()
        and next_text[:1].isalnum()
    ):
        return " "  # a wrap between two Latin words
    return ""
