"""Excel (.xlsx) line-item lists, read with openpyxl.

Officers keep the annex 《运维项目清单明细》 as a spreadsheet (序号, 服务单位, 运维项目, 运维内容及目标,
服务要求, 服务期限, 运维资金（元）). A workbook is read as a contract's line items; header fields stay
None unless the sheet states them (a title row above the table, a 合计 row).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from importers import limits
from importers.document import ParsedDocument, SourceFile
from importers.errors import CorruptFile
from importers.lines import RawRow, assemble, header_columns, is_header_repeat
from importers.lots import read_lot_table
from importers.text import one_line


def parse(path: Path, source: SourceFile, progress: Callable[[int, int], None] | None = None) -> ParsedDocument:
    """The line items of the first sheet that has the annex's columns. Raises CorruptFile or
    NoLineItemTable.

    The workbook is read in openpyxl's read-only mode: rows are streamed from the sheet's XML, never
    a cell per position of its declared range, and merged ranges come from our own streamed scan
    (`limits.merged_ranges`); `limits.check_package` has bounded cells, ranges and sizes before.
    """
    workbook = _open(path)
    try:
        sheets = workbook.worksheets
        for done, sheet in enumerate(sheets, start=1):
            found = _read_sheet(sheet, limits.merged_ranges(path, sheet._worksheet_path), source)
            if progress:
                progress(done, len(sheets))
            if found is not None:
                return found
        # no line table: what the first sheet states (a lots table, header fields) is the document
        grid = _grid(sheets[0], limits.merged_ranges(path, sheets[0]._worksheet_path)) if sheets else []
    except _DAMAGED as error:
        raise CorruptFile(f"cannot read workbook: {error!r}") from error
    finally:
        workbook.close()
    lots = next((table for index in range(min(len(grid), 20)) if (table := read_lot_table(grid[index:]))), [])
    text = "\n".join(" ".join(cell for cell in cells if cell) for cells in grid)
    return assemble(source, text, [], default_kind="contract", lots=lots)


_DAMAGED = (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, OSError, ValueError, EOFError)


def _open(path: Path) -> Any:  # an openpyxl Workbook (openpyxl ships no types)
    try:
        # From the bytes, not the path: openpyxl refuses a path whose name does not end in .xlsx, and
        # the format is the content's, whatever the name (an upload spooled to a temporary file has none).
        return openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except _DAMAGED as error:
        raise CorruptFile(f"cannot open workbook: {error!r}") from error


def _read_sheet(sheet: Any, merged: list[limits.Range], source: SourceFile) -> ParsedDocument | None:
    grid = _grid(sheet, merged)
    for header_index, cells in enumerate(grid[:20]):  # noqa: B007 — the index is read after the loop
        columns = header_columns(cells)
        if columns:
            break
    else:
        return None
    rows = [
        RawRow.from_cells(cells, columns, f"工作表“{sheet.title}”第{number}行")
        for number, cells in enumerate(grid[header_index + 1 :], start=header_index + 2)
        if not is_header_repeat(cells, columns)
    ]
    above = grid[:header_index]
    text = "\n".join(" ".join(cell for cell in cells if cell) for cells in above)
    document = assemble(source, text, rows, default_kind="contract")
    document.title = document.title or _title_above(above) or ""
    return document


def _grid(sheet: Any, merged: list[limits.Range]) -> list[list[str | None]]:
    """Cell texts by row, every row as wide as the widest; None for a cell covered by a merged range
    (not its top-left cell). Only the part of a merged range inside the grid is walked."""
    sheet.reset_dimensions()  # the rows the sheet has, not the range it declares
    texts = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    width = max((len(row) for row in texts), default=0)
    grid: list[list[str | None]] = [[*row, *[""] * (width - len(row))] for row in texts]
    for merged_range in merged:
        for row in range(merged_range.min_row, min(merged_range.max_row, len(grid)) + 1):
            for column in range(merged_range.min_col, min(merged_range.max_col, width) + 1):
                if (row, column) != (merged_range.min_row, merged_range.min_col):
                    grid[row - 1][column - 1] = None
    return grid


def _text(value: object) -> str:
    """A cell value as the text a reader sees: numbers without float noise (250000.0 → "250000.00")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{Decimal(repr(value)):f}"
    if isinstance(value, (datetime, date)):
        return f"{value:%Y年%-m月%-d日}"
    return str(value)


def _title_above(rows: list[list[str | None]]) -> str | None:
    """The sheet's title: the first row above the header with a single text."""
    for cells in rows:
        texts = [cell for cell in cells if cell and cell.strip()]
        if len(texts) == 1:
            return one_line(texts[0])
    return None
