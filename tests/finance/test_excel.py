"""The payment schedule and the overview as Excel workbooks, opened again and checked cell by cell:
real numbers with a money format, Chinese headers, a frozen header row, widths that fit, a totals
row of SUM formulas, dates as dates."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from contractmgr.extensions import db
from contractmgr.services.finance import record_payment
from contractmgr.services.penalties import confirm_penalty, propose_penalty
from tests.finance.conftest import TODAY, ready, user


def _workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    return load_workbook(io.BytesIO(response.data))


def _headers(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def test_a_contracts_schedule_round_trips_through_excel(client, login, seed_contract):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    penalty = propose_penalty(seed_contract, "late_delivery", amount=Decimal("82714.00"), clause="合同第十三条")
    confirm_penalty(penalty, by=user("officer"), milestone=first)
    record_payment(
        first,
        paid_on=date(2026, 7, 1),
        amount=Decimal("5707266.00"),
        voucher_number="记-0701",
        by=user("finance"),
        today=TODAY,
    )
    db.session.commit()
    login("finance")
    workbook = _workbook(client, f"/finance/contracts/{seed_contract.id}/schedule.xlsx")
    assert workbook.sheetnames == ["付款计划", "付款记录", "扣款明细"]
    sheet = workbook["付款计划"]
    headers = _headers(sheet)
    assert headers[:3] == ["节点", "比例", "计划金额（元）"] and "到期日" in headers and "应付净额（元）" in headers
    assert sheet.freeze_panes == "A2"
    amount, net, due = (headers.index(h) + 1 for h in ("计划金额（元）", "应付净额（元）", "到期日"))
    # Real numbers, not text, in a money format.
    assert sheet.cell(2, amount).value == 5789980 and sheet.cell(3, amount).value == 2481420
    assert sheet.cell(2, net).value == 5707266  # 5,789,980.00 − 82,714.00
    assert sheet.cell(2, amount).number_format == "#,##0.00;-#,##0.00"
    assert sheet.cell(2, 2).value == 0.7 and sheet.cell(2, 2).number_format == "0%"
    # Dates as dates.
    assert sheet.cell(2, due).value == datetime(2026, 7, 6) and sheet.cell(2, due).is_date
    # The totals row is a formula over the rows above it.
    assert sheet.cell(4, 1).value == "合计"
    letter = sheet.cell(1, amount).column_letter
    assert sheet.cell(4, amount).value == f"=SUM({letter}2:{letter}3)"
    # Widths fit: the CJK header is counted double.
    assert sheet.column_dimensions[letter].width >= len("计划金额（元）") * 2
    payments = workbook["付款记录"]
    assert payments.cell(2, 2).value == datetime(2026, 7, 1) and payments.cell(2, 3).value == 5707266
    assert payments.cell(2, 4).value == "记-0701" and payments.cell(3, 3).value == "=SUM(C2:C2)"
    deductions = workbook["扣款明细"]
    assert [c.value for c in deductions[2]][1:4] == ["逾期交付违约金", "合同第十三条", 82714]


def test_money_goes_into_the_file_as_exact_decimal_digits(client, login, seed_contract):
    penalty = propose_penalty(seed_contract, "evaluation", amount=Decimal("16542.80"), clause="招标文件 五、运维考评")
    confirm_penalty(penalty, by=user("officer"), milestone=seed_contract.milestones[1])
    db.session.commit()
    login("finance")
    response = client.get(f"/finance/contracts/{seed_contract.id}/schedule.xlsx")
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.data)).read("xl/worksheets/sheet1.xml").decode()
    # 2,481,420.00 − 16,542.80 = 2,464,877.20, to the fen, as a number cell.
    assert "<v>2464877.2</v>" in sheet_xml and "<v>5789980</v>" in sheet_xml


def test_the_overview_round_trips_with_month_totals(client, login, seed_contract):
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    login("finance")
    workbook = _workbook(client, "/finance/overview.xlsx")
    assert workbook.sheetnames == ["付款总览", "按月汇总"]
    sheet = workbook["付款总览"]
    headers = _headers(sheet)
    assert headers[:7] == ["合同", "合同编号", "备案编号", "续签年度", "采购人", "供应商", "节点"]
    number = sheet.cell(2, 2).value
    assert number == seed_contract.record_number and number.startswith("HT-")
    assert sheet.cell(2, 3).value == seed_contract.filing_number
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(2, headers.index("状态") + 1).value == "逾期"
    assert sheet.cell(2, headers.index("到期日") + 1).value == datetime(2026, 7, 6)
    net = headers.index("应付净额（元）") + 1
    assert sheet.cell(2, net).value == 5789980
    letter = sheet.cell(1, net).column_letter
    assert sheet.cell(4, net).value == f"=SUM({letter}2:{letter}3)"
    months = workbook["按月汇总"]
    assert months.cell(2, 1).value == datetime(2026, 7, 1) and months.cell(2, 1).number_format == "yyyy-mm"
    assert months.cell(2, 2).value == 5789980 and months.cell(3, 2).value == "=SUM(B2:B2)"


def test_the_overview_export_follows_the_filters(client, login, seed_contract):
    login("finance")
    workbook = _workbook(client, "/finance/overview.xlsx?status=paid")
    assert workbook["付款总览"].max_row == 1  # the header only


def test_text_that_looks_like_a_formula_is_written_as_literal_text(client, login, seed_contract):
    title = '=HYPERLINK("http://x","y")'
    seed_contract.title = title
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first,
        paid_on=date(2026, 7, 1),
        amount=Decimal("1.00"),
        voucher_number="@SUM(1+1)",
        by=user("finance"),
        today=TODAY,
    )
    db.session.commit()
    login("finance")
    sheet = _workbook(client, "/finance/overview.xlsx")["付款总览"]
    cell = sheet.cell(2, _headers(sheet).index("合同") + 1)
    assert cell.data_type == "s" and cell.value == title and cell.quotePrefix
    payments = _workbook(client, f"/finance/contracts/{seed_contract.id}/schedule.xlsx")["付款记录"]
    voucher = payments.cell(2, _headers(payments).index("凭证号") + 1)
    assert voucher.data_type == "s" and voucher.value == "@SUM(1+1)" and voucher.quotePrefix
    # Our own totals stay formulas, and ordinary text gets no prefix.
    assert payments.cell(3, 3).data_type == "f" and not payments.cell(2, 1).quotePrefix
    xml = zipfile.ZipFile(io.BytesIO(client.get("/finance/overview.xlsx").data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>HYPERLINK" not in xml


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "正常文字"])
def test_put_text_never_stores_a_formula(text):
    from openpyxl import Workbook

    from contractmgr.exports.xlsx_cells import put_text

    workbook = Workbook()
    cell = workbook.active["A1"]
    put_text(cell, text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    again = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert again.data_type == "s" and again.value == text
    assert again.quotePrefix is (text != "正常文字")
