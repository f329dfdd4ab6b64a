"""The staff roster template (驻场人员名单模板) a vendor fills in and uploads (services.staff_roster reads it).

Made at request time for one contract: the header row in Chinese (the reader checks it), an example row
that the reader skips, data validation on the date and ID columns (four characters: the reader refuses a
whole ID number), the ID column kept as text (so Excel does not eat leading zeros), and a second sheet listing the contract's lines
with their numbers, which the 驻场项目序号 column takes. Every text cell goes through `put_text`: line names
come from imported documents and could start like a formula.
"""

from __future__ import annotations

from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from contractmgr.exports.schedule_xlsx import DATE_FORMAT, _display_width, _save
from contractmgr.exports.xlsx_cells import put_text
from contractmgr.models import Contract
from contractmgr.services.staff_roster import EXAMPLE_MARK, MAX_ROSTER_ROWS, ROSTER_HEADERS

_HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
_EXAMPLE_FONT = Font(italic=True, color="808080")
#: The rows the validation covers: the header, the example and as many people as a roster may hold.
_LAST_ROW = MAX_ROSTER_ROWS + 2


def roster_template(contract: Contract) -> IO[bytes]:
    """The template for `contract` as an .xlsx in a temporary file, read from its start."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "驻场人员"
    for column, header in enumerate(ROSTER_HEADERS, start=1):
        cell = sheet.cell(row=1, column=column)
        put_text(cell, header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = max(_display_width(header) + 4, 14)
    sheet.freeze_panes = "A2"
    first = contract.lines[0].seq if contract.lines else ""
    example = (f"{EXAMPLE_MARK}：张三", "驻场工程师", f"{first}", contract.start_on, None, "123X")
    for column, value in enumerate(example, start=1):
        cell = sheet.cell(row=2, column=column)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.font = _EXAMPLE_FONT
    # Column formats (not cell by cell: the sheet stays two rows long, and what is typed below takes them):
    # dates as dates; line numbers and ID numbers as text, so 「1、12」, 0123 and the X of an ID survive.
    for letter, number_format in (("C", "@"), ("D", DATE_FORMAT), ("E", DATE_FORMAT), ("F", "@")):
        sheet.column_dimensions[letter].number_format = number_format
    sheet["D2"].number_format = DATE_FORMAT
    _validate(sheet)
    _lines_sheet(workbook, contract)
    return _save(workbook)


def _validate(sheet) -> None:
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="日期有误",
        error="请填写日期，例如 2026-06-01。",
    )
    dates.add(f"D2:E{_LAST_ROW}")
    last4 = DataValidation(
        type="textLength",
        operator="equal",
        formula1="4",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="身份证号有误",
        error="只填身份证号后四位（4 个字符，如 123X）；含完整身份证号的名单不予导入。",
    )
    last4.add(f"F2:F{_LAST_ROW}")
    name = DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1="60", allow_blank=True, showErrorMessage=True
    )
    name.add(f"A2:B{_LAST_ROW}")
    for validation in (dates, last4, name):
        sheet.add_data_validation(validation)


def _lines_sheet(workbook: Workbook, contract: Contract) -> None:
    sheet = workbook.create_sheet("运维项目")
    for column, header in enumerate(("序号", "运维项目", "要求驻场人数"), start=1):
        cell = sheet.cell(row=1, column=column)
        put_text(cell, header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for row, line in enumerate(contract.lines, start=2):
        sheet.cell(row=row, column=1, value=line.seq)
        put_text(sheet.cell(row=row, column=2), line.name)
        sheet.cell(row=row, column=3, value=line.onsite_staff or 0)
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 14
    sheet.freeze_panes = "A2"
