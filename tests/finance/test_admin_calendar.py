"""The administrator's holiday calendar (typed or uploaded as .xlsx or .csv, checked) and LPR table."""

import io
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import CalendarYear, HolidayOverride, LprRate
from contractmgr.services.calendar import working_calendar
from tests.helpers import csrf_token

CSV_2027 = "日期,类型,说明\n2027-01-01,休,元旦\n2027-10-01,休,国庆节\n2027-10-04,休,国庆节\n2027-09-26,班,国庆调休\n"


def _upload(client, filename: str, content: bytes, year: str = "2027"):
    token = csrf_token(client.get("/admin/calendar"))
    return client.post(
        "/admin/calendar",
        content_type="multipart/form-data",
        data={"upload-csrf_token": token, "upload-year": year, "upload-file": (io.BytesIO(content), filename)},
    )


def _days(kind: str) -> list[date]:
    """The days of this kind that count (those a re-entered year left out are kept, superseded)."""
    return list(
        db.session.scalars(
            sa.select(HolidayOverride.day)
            .where(HolidayOverride.kind == kind, HolidayOverride.superseded_at.is_(None))
            .order_by(HolidayOverride.day)
        )
    )


def test_a_csv_upload_enters_the_year_and_makes_it_known(client, login, demo):
    login("admin")
    if clock.today().year <= 2027:  # the page lists the unknown years from this one on
        before = client.get("/admin/calendar").get_data(as_text=True).split('id="year-2027"')[1].split("</tr>")[0]
        assert "尚未录入" in before
    response = _upload(client, "2027.csv", CSV_2027.encode("utf-8"))
    assert response.status_code == 302
    assert _days("holiday") == [date(2027, 1, 1), date(2027, 10, 1), date(2027, 10, 4)]
    assert _days("workday") == [date(2027, 9, 26)]
    calendar = working_calendar([2027])
    assert calendar.knows(2027) and not calendar.is_working_day(date(2027, 10, 4))
    assert calendar.is_working_day(date(2027, 9, 26))  # a Sunday made a working day
    after = client.get("/admin/calendar").get_data(as_text=True).split('id="year-2027"')[1].split("</tr>")[0]
    assert "管理员录入" in after and "2027-10-04" in after and "2027-09-26" in after


def test_a_csv_saved_by_chinese_excel_in_gb18030_is_read(client, login, demo):
    login("admin")
    assert _upload(client, "2027.csv", CSV_2027.encode("gb18030")).status_code == 302
    assert db.session.get(CalendarYear, 2027) is not None


def test_an_xlsx_upload_with_real_date_cells_is_read(client, login, demo):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["日期", "类型"])
    sheet.append([date(2027, 1, 1), "休"])
    sheet.append([date(2027, 2, 20), "班"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login("admin")
    assert _upload(client, "2027.xlsx", buffer.getvalue()).status_code == 302
    assert _days("holiday") == [date(2027, 1, 1)] and _days("workday") == [date(2027, 2, 20)]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("2027.txt", b"2027-01-01,\xe4\xbc\x91\n", "请上传 .xlsx 或 .csv 文件"),
        ("2027.xlsx", b"2027-01-01,holiday\n", "内容不是 Excel 工作簿"),
        ("2027.csv", "日期,类型\n2027-01-01,休\n2027-13-01,休\n".encode(), "第 2 行：无法识别日期「2027-13-01」"),
        ("2027.csv", "2027-01-01,放羊\n".encode(), "第 1 行：类型「放羊」无法识别，应为「休」或「班」"),
        ("2027.csv", "2028-01-01,休\n".encode(), "2028年1月1日 不在 2027 年内"),
        (
            "2027.csv",
            "2027-01-01,休\n2027-01-04,班\n".encode(),
            "2027年1月4日 是工作日（周一至周五），不必列为调休上班日",
        ),
        ("2027.csv", b"", "文件中没有任何日期行"),
        ("2027.csv", b"2027-01-01,\x00\x00\n", "内容不是文本"),
        ("2027.csv", b"2027-01-01,holiday\n" * 20000, "文件过大：节假日文件不超过 256 KB"),
    ],
)
def test_a_bad_calendar_file_is_refused_with_a_clear_message_and_nothing_saved(
    client, login, demo, filename, content, message
):
    login("admin")
    response = _upload(client, filename, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HolidayOverride)) == 0
    assert db.session.get(CalendarYear, 2027) is None


def test_entering_a_year_again_supersedes_its_days_and_keeps_them(client, login, demo):
    login("admin")
    _upload(client, "2027.csv", CSV_2027.encode())
    entered = db.session.scalar(sa.select(sa.func.count()).select_from(HolidayOverride))
    _upload(client, "2027.csv", "2027-05-03,休\n".encode())
    assert _days("holiday") == [date(2027, 5, 3)] and _days("workday") == []
    # nothing is deleted: the days left out are kept, superseded, and no longer count
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HolidayOverride)) == entered + 1
    calendar = working_calendar()
    assert calendar.is_working_day(date(2027, 1, 1))  # a Friday, no longer listed as 元旦
    assert not calendar.is_working_day(date(2027, 9, 26))  # a Sunday, no longer a make-up working day


def test_a_typed_day_that_cannot_be_read_is_refused(client, login, demo):
    login("admin")
    token = csrf_token(client.get("/admin/calendar"))
    response = client.post(
        "/admin/calendar",
        data={"typed-csrf_token": token, "typed-year": "2027", "typed-holidays": "2027-01-01\n明年元旦"},
    )
    assert response.status_code == 422
    assert "无法识别日期「明年元旦」" in response.get_data(as_text=True)


def test_the_administrator_adds_lpr_values_and_a_second_one_on_the_same_day_is_refused(client, login, demo):
    login("admin")
    token = csrf_token(client.get("/admin/lpr"))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(LprRate))  # the demo's own rates
    assert (
        client.post(
            "/admin/lpr", data={"csrf_token": token, "effective_on": "2026-02-20", "one_year_percent": "3.00"}
        ).status_code
        == 302
    )
    response = client.post(
        "/admin/lpr", data={"csrf_token": token, "effective_on": "2026-02-20", "one_year_percent": "3.10"}
    )
    assert response.status_code == 422
    assert "2026年2月20日 已有一年期 LPR 3.00%" in response.get_data(as_text=True)
    response = client.post(
        "/admin/lpr", data={"csrf_token": token, "effective_on": "2026-03-20", "one_year_percent": "0.03"}
    )
    assert response.status_code == 302  # 0.03% is odd but positive: kept as typed
    response = client.post(
        "/admin/lpr", data={"csrf_token": token, "effective_on": "2026-04-20", "one_year_percent": "30"}
    )
    assert response.status_code == 422 and "不超过 20%" in response.get_data(as_text=True)
    rates = db.session.scalars(
        sa.select(LprRate).where(LprRate.effective_on >= date(2026, 1, 1)).order_by(LprRate.effective_on)
    ).all()
    assert [(r.effective_on, r.one_year_percent) for r in rates] == [
        (date(2026, 2, 20), Decimal("3.000")),
        (date(2026, 3, 20), Decimal("0.030")),
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LprRate)) == before + 2
    assert "3.00%" in client.get("/admin/lpr").get_data(as_text=True)


@pytest.mark.parametrize("username", ["finance", "officer", "vendor"])
def test_only_an_administrator_keeps_the_calendar_and_the_lpr_table(client, login, demo, username):
    login(username)
    assert client.get("/admin/calendar").status_code == 403
    assert client.get("/admin/lpr").status_code == 403


def test_a_calendar_workbook_over_the_importers_limits_is_refused_with_the_limit(client, login, demo, tmp_path):
    from tests import hostile

    login("admin")
    bomb = hostile.xlsx_merged_to_sheet_end(tmp_path / "2027.xlsx").read_bytes()
    response = _upload(client, "2027.xlsx", bomb)
    assert response.status_code == 422
    assert "文件「2027.xlsx」：工作表中的合并单元格（H3:XFD1048576）合计超过 1,000,000 个单元格" in response.get_data(
        as_text=True
    )
    assert db.session.get(CalendarYear, 2027) is None
