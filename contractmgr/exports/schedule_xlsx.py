"""The payment schedule as an Excel workbook (openpyxl): one contract's schedule, or finance's overview
across contracts.

Figures are real numbers (written from Decimal, never through float) with a money format, dates are
real dates, text is always literal text (never a formula, see `xlsx_cells`), headers are Chinese, the header row is frozen, column widths fit their content, and each
sheet ends with a 合计 row of SUM formulas, so the file recalculates when someone edits it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain, islice
from typing import IO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from contractmgr.exports.xlsx_cells import put_text
from contractmgr.services.overview import ListedRow, MonthTotal
from contractmgr.services.schedule import ContractSchedule
from contractmgr.texts.finance import clock_event_label, status_kind_label, status_text
from contractmgr.texts.labels import penalty_kind_label

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00;-#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
RATIO_FORMAT = "0%"
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
_FORMATS = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "month": "yyyy-mm", "ratio": RATIO_FORMAT}


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable
    kind: str = "text"  # text, money, date, month, ratio, int
    #: money columns whose total is meaningful get a SUM in the 合计 row
    total: bool = False


#: rows the column widths are fitted to (the first ones; a stream is not read twice)
WIDTH_SAMPLE = 500


def _sheet(workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable) -> None:
    """One sheet, written row by row in openpyxl's write-only mode: each row goes to a temporary file
    as it is appended, so the workbook never holds its cells in memory (the overview of thousands of
    contracts has tens of thousands of rows, read from the database a chunk at a time). Widths (fitted
    to the first rows) and the frozen header come first, as the mode asks."""
    sheet = workbook.create_sheet(title)
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    _fit_widths(sheet, columns, sample)
    sheet.freeze_panes = "A2"
    sheet.append([_styled(sheet, c.header, header=True) for c in columns])
    written = 0
    for row in chain(sample, rows):
        # Decimal goes in as it is: openpyxl writes its exact digits into the file, no float on the way.
        # Text from users (titles, vouchers, clauses) is never a formula, whatever it starts with.
        sheet.append([_styled(sheet, c.value(row), kind=c.kind) for c in columns])
        written += 1
    if written:
        last = written + 1
        totals = [_styled(sheet, _("合计"), bold=True)]
        for index, column in enumerate(columns[1:], start=2):
            letter = get_column_letter(index)
            formula = f"=SUM({letter}2:{letter}{last})" if column.total else None
            totals.append(_styled(sheet, formula, kind=column.kind, bold=True, formula=True))
        sheet.append(totals)


def _styled(sheet, value, *, kind: str = "text", header: bool = False, bold: bool = False, formula: bool = False):
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and not formula:
        put_text(cell, value)
    if header:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        return cell
    if bold:
        cell.font = Font(bold=True)
    if kind in _FORMATS:
        cell.number_format = _FORMATS[kind]
    return cell


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _shown(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == "money":
        return f"{value:,.2f}"
    if column.kind == "date":
        return "2026-05-22"
    if column.kind == "month":
        return "2026-05"
    return str(value)


def _fit_widths(sheet, columns: Sequence[Column], rows: Sequence) -> None:
    for index, column in enumerate(columns, start=1):
        widest = max(
            [_display_width(column.header)]
            + [_display_width(_shown(column, column.value(row))) for row in rows]
            + ([len("=SUM(A2:A9999)") // 2 + 6] if column.total else [])
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 60)


def _save(workbook: Workbook) -> IO[bytes]:
    """The finished workbook in a temporary file (gone when closed), read back from its start: the
    response streams it in blocks instead of holding the file in memory."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 — handed to the response, which closes it
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _yes_no(flag: bool) -> str:
    return _("是") if flag else _("否")


# --- one contract ----------------------------------------------------------------------------


def schedule_workbook(schedule: ContractSchedule) -> IO[bytes]:
    """The contract's schedule (付款计划), its payments (付款记录) and its deductions (扣款明细)."""
    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        _("付款计划"),
        [
            Column(_("节点"), lambda m: _("第%(seq)s笔", seq=m.milestone.seq)),
            Column(_("比例"), lambda m: m.milestone.ratio, "ratio"),
            Column(_("计划金额（元）"), lambda m: m.milestone.amount, "money", total=True),
            Column(_("本节点扣款（元）"), lambda m: m.netted.deducted, "money", total=True),
            Column(_("上期结转扣款（元）"), lambda m: m.netted.carried_in, "money"),
            Column(_("实际抵扣（元）"), lambda m: m.netted.applied, "money", total=True),
            Column(_("结转下期（元）"), lambda m: m.netted.carried_out, "money"),
            Column(_("应付净额（元）"), lambda m: m.netted.net, "money", total=True),
            Column(_("计时起点"), lambda m: clock_event_label(m.clock.event)),
            Column(_("起算日"), lambda m: m.clock.on, "date"),
            Column(_("付款期限（工作日）"), lambda m: m.milestone.due_working_days, "int"),
            Column(_("到期日"), lambda m: m.due.on if m.due else None, "date"),
            Column(_("到期日暂定"), lambda m: _yes_no(m.provisional)),
            Column(_("状态"), status_text),
            Column(_("已付金额（元）"), lambda m: m.paid, "money", total=True),
            Column(_("未付金额（元）"), lambda m: m.outstanding, "money", total=True),
            Column(_("逾期付款利息（元）"), lambda m: m.interest_total, "money", total=True),
        ],
        schedule.milestones,
    )
    payments = [(m, p) for m in schedule.milestones for p in m.payments]
    _sheet(
        workbook,
        _("付款记录"),
        [
            Column(_("节点"), lambda r: _("第%(seq)s笔", seq=r[0].milestone.seq)),
            Column(_("付款日期"), lambda r: r[1].payment.paid_on, "date"),
            Column(_("金额（元）"), lambda r: r[1].payment.amount, "money", total=True),
            Column(_("凭证号"), lambda r: r[1].payment.voucher_number),
            Column(_("计息天数"), lambda r: r[1].interest.inputs["days"] if r[1].interest else 0, "int"),
            Column(
                _("逾期付款利息（元）"),
                lambda r: r[1].interest.amount if r[1].interest else Decimal("0.00"),
                "money",
                total=True,
            ),
            Column(_("计息基数（天）"), lambda r: schedule.day_basis, "int"),
        ],
        payments,
    )
    deductions = [(m, d) for m in schedule.milestones for d in m.deductions]
    _sheet(
        workbook,
        _("扣款明细"),
        [
            Column(_("节点"), lambda r: _("第%(seq)s笔", seq=r[0].milestone.seq)),
            Column(_("类型"), lambda r: penalty_kind_label(r[1].penalty.kind)),
            Column(_("条款"), lambda r: r[1].penalty.clause),
            Column(_("金额（元）"), lambda r: r[1].penalty.amount, "money", total=True),
            Column(
                _("确认日期"), lambda r: r[1].penalty.decided_at.date() if r[1].penalty.decided_at else None, "date"
            ),
        ],
        deductions,
    )
    return _save(workbook)


# --- the overview ----------------------------------------------------------------------------


def overview_workbook(
    rows: Iterable[ListedRow], months: Sequence[MonthTotal], *, identifier: str | None = None
) -> IO[bytes]:
    """Finance's overview (付款总览: every listed milestone, as services.overview.export_rows reads them)
    and its month totals (按月汇总). `identifier` (an export job's id) goes into the document's properties,
    so each export is a file of its own even when its figures are the same as another's."""
    workbook = Workbook(write_only=True)
    workbook.properties.identifier = identifier
    _sheet(
        workbook,
        _("付款总览"),
        [
            Column(_("合同"), lambda r: r.contract.title),
            Column(_("合同编号"), lambda r: r.contract.record_number),
            Column(_("备案编号"), lambda r: r.contract.filing_number or ""),
            Column(_("续签年度"), lambda r: r.contract.year_in_chain, "int"),
            Column(_("采购人"), lambda r: r.contract.purchaser.name),
            Column(_("供应商"), lambda r: r.contract.vendor.name),
            Column(_("节点"), lambda r: _("第%(seq)s笔", seq=r.view.milestone.seq)),
            Column(_("到期日"), lambda r: r.view.due.on if r.view.due else None, "date"),
            Column(_("到期日暂定"), lambda r: _yes_no(r.view.provisional)),
            Column(_("状态"), lambda r: status_kind_label(r.status_kind)),
            Column(_("说明"), lambda r: status_text(r.view)),
            Column(_("计划金额（元）"), lambda r: r.view.milestone.amount, "money", total=True),
            Column(_("实际抵扣（元）"), lambda r: r.view.netted.applied, "money", total=True),
            Column(_("应付净额（元）"), lambda r: r.view.netted.net, "money", total=True),
            Column(_("已付金额（元）"), lambda r: r.view.paid, "money", total=True),
            Column(_("未付金额（元）"), lambda r: r.view.outstanding, "money", total=True),
        ],
        rows,
    )
    _sheet(
        workbook,
        _("按月汇总"),
        [
            Column(_("月份"), lambda t: date.fromisoformat(t.month + "-01"), "month"),
            Column(_("当月到期应付（元）"), lambda t: t.payable, "money", total=True),
            Column(_("当月已付（元）"), lambda t: t.paid, "money", total=True),
        ],
        months,
    )
    return _save(workbook)
