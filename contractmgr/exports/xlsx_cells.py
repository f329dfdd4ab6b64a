"""Cells that a spreadsheet program must read as text, whatever they start with.

Text we did not write ourselves (a contract title, a voucher number, a clause) can start with `=`, `+`, `-`,
`@`, a tab or a carriage return. openpyxl stores a string starting with `=` as a formula, and Excel and
LibreOffice read the others as the start of one once someone edits the cell (CSV/formula injection,
OWASP). So every text cell goes through `put_text`: it is stored as a string, with Excel's quote prefix
(the hidden leading apostrophe) when it starts with one of those characters, never as a formula.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell

#: the first characters that make a spreadsheet program read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put_text(cell: Cell, value: str) -> None:
    """Write `value` into `cell` as a literal string; formula-like text gets the quote prefix."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def keep_text_literal(cells) -> None:
    """Make every string among `cells` (just appended by `Worksheet.append`) a literal, not a formula."""
    for cell in cells:
        if isinstance(cell.value, str):
            put_text(cell, cell.value)
