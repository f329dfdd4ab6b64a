"""The staff roster from an Excel sheet: the template to download (Chinese headers, an example row, validation,
text never a formula), and the upload that saves every row in one go or none, saying what is wrong row by row."""

import hashlib
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from contractmgr.extensions import db
from contractmgr.models import StaffAssignment, StoredFile
from contractmgr.services.staff_roster import ROSTER_HEADERS
from contractmgr.services.staffing import add_assignment, end_assignment
from contractmgr.services.storage import storage_path
from tests.factories import make_contract
from tests.supplier.conftest import DEMO_VENDOR, post_form, text_of
from tests.supplier.files import pdf_bytes, roster_xlsx


@pytest.fixture
def contract(demo):
    """Three lines; the first one's name starts like a formula, as an imported line name could."""
    contract = make_contract(title="驻场导入测试项目", vendor=DEMO_VENDOR, lines=3, start=date(2026, 1, 1))
    contract.lines[0].name = '=HYPERLINK("http://example.com","点我")'
    db.session.commit()
    return contract


@pytest.fixture
def vendor(client_for, contract):
    return client_for("vendor")


def import_roster(client, contract, content: bytes, name="驻场人员.xlsx", page=None):
    return post_form(
        client,
        page or f"/vendor/contracts/{contract.id}/staff",
        f"/vendor/contracts/{contract.id}/staff/import",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def roster_rows(contract) -> list[tuple]:
    rows = db.session.scalars(
        db.select(StaffAssignment)
        .where(StaffAssignment.contract_id == contract.id)
        .order_by(StaffAssignment.person_name, StaffAssignment.id)
    )
    return [
        (
            r.person_name,
            r.staff_role,
            r.line_item.seq if r.line_item else None,
            r.on_site_from,
            r.on_site_to,
            r.id_last4,
        )
        for r in rows
    ]


def test_the_template_has_chinese_headers_an_example_and_the_contracts_lines(vendor, contract):
    response = vendor.get(f"/vendor/contracts/{contract.id}/staff/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["驻场人员"]
    assert tuple(cell.value for cell in sheet[1]) == ROSTER_HEADERS
    assert sheet["A2"].value.startswith("示例")
    assert sheet.max_row == 2  # what the vendor types goes straight below the example
    assert sheet.column_dimensions["F"].number_format == "@"  # ID numbers stay text: leading zeros and the X survive
    ranges = {str(v.sqref): v.type for v in sheet.data_validations.dataValidation}
    assert ranges["D2:E1002"] == "date" and ranges["F2:F1002"] == "textLength"
    lines = workbook["运维项目"]
    assert [(row[0].value, row[1].data_type) for row in lines.iter_rows(min_row=2)] == [(1, "s"), (2, "s"), (3, "s")]
    # a line name that starts like a formula is written as text (quote prefix), never as a formula
    assert lines["B2"].value == contract.lines[0].name and lines["B2"].quotePrefix


def test_the_filled_in_template_imports_every_row(vendor, contract):
    template = load_workbook(io.BytesIO(vendor.get(f"/vendor/contracts/{contract.id}/staff/template.xlsx").data))
    sheet = template["驻场人员"]
    sheet.append(["李四", "驻场工程师", "1、3", date(2026, 1, 5), None, "123x"])
    sheet.append(["王五", "项目经理", None, "2026-01-01", "2026年12月31日", "0123"])
    buffer = io.BytesIO()
    template.save(buffer)
    response = import_roster(vendor, contract, buffer.getvalue())
    assert response.status_code == 302, text_of(response)[:1500]
    assert "已从名单导入 2 人：新增 2 人，已登记 0 人；新增 3 条驻场记录" in text_of(
        vendor.get(response.headers["Location"])
    )
    db.session.expire_all()
    # the example row is not imported; the last four characters of an ID number are kept as typed (X upper case)
    assert roster_rows(contract) == [
        ("李四", "驻场工程师", 1, date(2026, 1, 5), None, "123X"),
        ("李四", "驻场工程师", 3, date(2026, 1, 5), None, "123X"),
        ("王五", "项目经理", None, date(2026, 1, 1), date(2026, 12, 31), "0123"),
    ]
    stored = db.session.scalar(db.select(StoredFile).where(StoredFile.original_name == "驻场人员.xlsx"))
    rows = db.session.scalars(db.select(StaffAssignment)).all()
    assert {row.roster_file_id for row in rows} == {stored.id}  # the sheet is kept, and each row points to it


def test_the_same_file_imported_again_is_refused_and_nobody_is_saved_twice(vendor, contract):
    content = roster_xlsx([("张三", "工程师", "1", "2026-02-01", None, None)])
    assert import_roster(vendor, contract, content).status_code == 302
    response = import_roster(vendor, contract, content, name="驻场人员（再传）.xlsx")
    assert response.status_code == 422
    assert "名单文件 驻场人员（再传）.xlsx 已导入过本合同，未重复导入" in text_of(response)
    db.session.expire_all()
    assert roster_rows(contract) == [("张三", "工程师", 1, date(2026, 2, 1), None, None)]


def test_an_edited_roster_uploaded_again_adds_only_the_new_people_and_updates_the_others(vendor, contract):
    first = roster_xlsx(
        [
            ("张三", "工程师", "1、2", "2026-02-01", None, "1234"),
            ("李四", "DBA", "3", "2026-02-01", None, None),
        ]
    )
    assert import_roster(vendor, contract, first).status_code == 302
    edited = roster_xlsx(
        [
            ("张三", "工程师", "1、2", "2026-02-01", "2026-06-30", "1234"),  # leaves: both his records end
            ("李四", "DBA", "3", "2026-02-01", None, None),  # as before
            ("王五", "工程师", "1", "2026-03-01", None, "0042"),  # new
            ("张三", "工程师", "1", "2026-08-01", None, "1234"),  # back later: a new stint, not a duplicate
            ("张三", "工程师", "3", "2026-02-01", None, "5678"),  # another 张三 (another ID): a new person
        ]
    )
    response = import_roster(vendor, contract, edited, name="驻场人员（修改）.xlsx")
    assert response.status_code == 302, text_of(response)[:1500]
    assert "已从名单导入 4 人：新增 2 人，已登记 2 人；新增 3 条驻场记录，按名单更新 2 条。" in text_of(
        vendor.get(response.headers["Location"])
    )
    db.session.expire_all()
    assert roster_rows(contract) == [
        ("张三", "工程师", 1, date(2026, 2, 1), date(2026, 6, 30), "1234"),
        ("张三", "工程师", 2, date(2026, 2, 1), date(2026, 6, 30), "1234"),
        ("张三", "工程师", 1, date(2026, 8, 1), None, "1234"),
        ("张三", "工程师", 3, date(2026, 2, 1), None, "5678"),
        ("李四", "DBA", 3, date(2026, 2, 1), None, None),
        ("王五", "工程师", 1, date(2026, 3, 1), None, "0042"),
    ]
    names = {f.original_name for f in db.session.scalars(db.select(StoredFile))}
    assert {"驻场人员.xlsx", "驻场人员（修改）.xlsx"} <= names  # each roster file is kept

    # the same person on the same line from another day that overlaps the record: refused, nothing changes
    clash = roster_xlsx(
        [
            ("王五", "工程师", "1", "2026-03-01", "2026-12-31", "0042"),  # would update: but the sheet is refused
            ("李四", "DBA", "3", "2026-03-15", None, None),
        ]
    )
    response = import_roster(vendor, contract, clash)
    assert response.status_code == 422
    page = text_of(response)
    assert "第 3 行：李四 已登记在第 3 项驻场（2026年2月1日 起），与本行的日期重叠" in page
    db.session.expire_all()
    assert len(roster_rows(contract)) == 6
    assert ("王五", "工程师", 1, date(2026, 3, 1), None, "0042") in roster_rows(contract)


def test_a_wrong_row_saves_no_row_and_each_problem_names_its_row(vendor, contract):
    content = roster_xlsx(
        [
            ("张三", "工程师", "1", datetime(2026, 2, 1), None, None),  # row 2: fine
            ("", "工程师", "2", "2026-02-01", None, None),  # row 3: no name
            ("赵六", "DBA", "2、9", "2026/13/01", None, None),  # row 4: no line 9, no month 13
            ("孙七", "工程师", "一", "2026-03-01", "2026-02-01", "12"),  # row 5: three problems
        ]
    )
    response = import_roster(vendor, contract, content)
    assert response.status_code == 422
    page = text_of(response)
    assert "名单有 6 处错误，未导入任何人员" in page
    assert "第 3 行：请填写人员姓名。" in page
    assert "第 4 行：本合同没有第 9 项运维项目。" in page
    assert "第 4 行：「驻场开始日期」无法识别「2026/13/01」" in page
    assert "第 5 行：驻场项目序号「一」不是数字" in page
    assert "第 5 行：孙七 的驻场结束日期 2026年2月1日 早于开始日期 2026年3月1日" in page
    assert "第 5 行：身份证号后四位应为 4 个字符" in page
    assert "第 2 行" not in page
    assert roster_rows(contract) == []


def test_a_whole_id_number_anywhere_refuses_the_roster_and_the_file_is_not_kept(vendor, contract):
    """The template says only the last four characters are kept, and the file is kept as uploaded: so a
    sheet with a whole ID number is refused, each row that holds one named, and nothing is written."""
    workbook = load_workbook(
        io.BytesIO(
            roster_xlsx(
                [
                    ("示例：张三", "驻场工程师", "1", date(2026, 1, 1), None, "410105199001011234"),  # row 2
                    ("李四", "工程师", "1", date(2026, 2, 1), None, "41010519900101123x"),  # row 3: 18, X
                    ("王五", "工程师 11010119900307109x", "1", date(2026, 2, 1), None, "0123"),  # row 4: valid, X
                    ("赵六", "工程师", "1", date(2026, 2, 1), None, "1234", "身份证 110101199003074477"),  # row 5
                    ("孙七", "工程师", "1", date(2026, 2, 1), None, 410105199001011234),  # row 6: as a number
                    ("周八", "工程师", "1", date(2026, 2, 1), None, "5678"),  # row 7: fine
                ]
            )
        )
    )
    workbook.create_sheet("备注").append(["钱九", "110101199003074477"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    response = import_roster(vendor, contract, content)
    assert response.status_code == 422
    page = text_of(response)
    assert "名单有 6 处错误，未导入任何人员" in page
    for row, column in ((2, "F"), (3, "F"), (4, "B"), (5, "G"), (6, "F")):
        assert f"第 {row} 行：{column} 列是完整的身份证号：名单只收身份证号后四位（如 123X）" in page
    assert "第 1 行：工作表「备注」B 列是完整的身份证号" in page
    assert "第 7 行" not in page
    assert roster_rows(contract) == []
    digest = hashlib.sha256(content).hexdigest()
    assert db.session.scalar(db.select(StoredFile).where(StoredFile.sha256 == digest)) is None
    assert not storage_path(digest).exists()


def test_long_numbers_that_are_no_id_number_do_not_refuse_the_roster(vendor, contract):
    """Outside the ID column only a valid ID number (check digit, birth date) is one: an all-digit credit
    code or a code in a line name (the template's second sheet lists them) is not."""
    contract.lines[1].name = "机房运维 440300202600000001"
    db.session.commit()
    template = load_workbook(io.BytesIO(vendor.get(f"/vendor/contracts/{contract.id}/staff/template.xlsx").data))
    template["驻场人员"].append(["李四", "工程师", "2", date(2026, 2, 1), None, "1234", "单位 914403001922038216"])
    buffer = io.BytesIO()
    template.save(buffer)
    response = import_roster(vendor, contract, buffer.getvalue())
    assert response.status_code == 302, text_of(response)[:1500]
    assert roster_rows(contract) == [("李四", "工程师", 2, date(2026, 2, 1), None, "1234")]


def test_a_stale_sheet_cannot_undo_an_end_date_recorded_on_the_page(vendor, contract):
    first = roster_xlsx([("张三", "工程师", "1", "2026-02-01", "2026-12-31", "1234")])
    assert import_roster(vendor, contract, first).status_code == 302
    end_assignment(db.session.scalar(db.select(StaffAssignment)), date(2026, 6, 30))  # he left early
    db.session.commit()
    again = roster_xlsx(
        [
            ("张三", "工程师", "1", "2026-02-01", "2026-12-31", "1234"),
            ("王五", "工程师", "1", "2026-03-01", None, "0042"),
        ]
    )
    response = import_roster(vendor, contract, again)
    assert response.status_code == 422
    page = text_of(response)
    assert "名单有 1 处错误，未导入任何人员" in page
    assert (
        "第 2 行：张三 在第 1 项的驻场结束日期已登记为 2026年6月30日，名单中是 2026年12月31日。"
        "结束日期不能靠重新上传名单更改：请在合同页面更改" in page
    )
    db.session.expire_all()
    assert roster_rows(contract) == [("张三", "工程师", 1, date(2026, 2, 1), date(2026, 6, 30), "1234")]


def test_an_empty_role_cell_keeps_the_role_entered_on_the_page(vendor, contract):
    assert (
        import_roster(vendor, contract, roster_xlsx([("张三", "工程师", "1", "2026-02-01", None, None)])).status_code
        == 302
    )
    response = import_roster(vendor, contract, roster_xlsx([("张三", None, "1", "2026-02-01", "2026-06-30", None)]))
    assert response.status_code == 302, text_of(response)[:1500]
    db.session.expire_all()
    assert roster_rows(contract) == [("张三", "工程师", 1, date(2026, 2, 1), date(2026, 6, 30), None)]


def test_adding_or_leaving_out_the_id_last_four_is_still_the_same_person(vendor, contract):
    assert (
        import_roster(vendor, contract, roster_xlsx([("张三", "工程师", "1", "2026-02-01", None, None)])).status_code
        == 302
    )
    # the ID last four added: the same person, filled in on his record
    response = import_roster(vendor, contract, roster_xlsx([("张三", "工程师", "1", "2026-02-01", None, "9876")]))
    assert response.status_code == 302, text_of(response)[:1500]
    assert "已从名单导入 1 人：新增 0 人，已登记 1 人；新增 0 条驻场记录，按名单更新 1 条。" in text_of(
        vendor.get(response.headers["Location"])
    )
    # and left out again (a later stint too): still him, and his new record keeps the last four
    response = import_roster(
        vendor,
        contract,
        roster_xlsx(
            [
                ("张三", "工程师", "1", "2026-02-01", "2026-06-30", None),
                ("张三", "工程师", "1", "2026-08-01", None, None),
            ]
        ),
    )
    assert response.status_code == 302, text_of(response)[:1500]
    assert "新增 0 人，已登记 1 人" in text_of(vendor.get(response.headers["Location"]))
    db.session.expire_all()
    assert roster_rows(contract) == [
        ("张三", "工程师", 1, date(2026, 2, 1), date(2026, 6, 30), "9876"),
        ("张三", "工程师", 1, date(2026, 8, 1), None, "9876"),
    ]
    # with no last four, a row overlapping his record is refused, not made a second person
    response = import_roster(vendor, contract, roster_xlsx([("张三", "工程师", "1", "2026-09-01", None, None)]))
    assert response.status_code == 422
    assert "第 2 行：张三 已登记在第 1 项驻场（2026年8月1日 起），与本行的日期重叠" in text_of(response)
    db.session.expire_all()
    assert len(roster_rows(contract)) == 2


def test_filling_in_a_last_four_cannot_make_overlapping_records_of_one_person(vendor, contract):
    """Two records of one name on a line, one without the ID last four (entered on the page): filling it
    in would make one person on site twice at once, so the roster is refused; so is a sheet that has him
    twice at once."""
    for start, last4 in ((date(2026, 2, 1), None), (date(2026, 3, 1), "9876")):
        add_assignment(
            contract,
            person_name="张三",
            staff_role="工程师",
            lines=[contract.lines[0]],
            on_site_from=start,
            on_site_to=None,
            id_number=last4,
        )
    db.session.commit()
    response = import_roster(vendor, contract, roster_xlsx([("张三", "工程师", "1", "2026-02-01", None, "9876")]))
    assert response.status_code == 422
    assert "第 2 行：张三 已登记在第 1 项驻场（2026年3月1日 起），与本行的日期重叠" in text_of(response)
    db.session.expire_all()
    assert [row[5] for row in roster_rows(contract)] == [None, "9876"]
    twice = roster_xlsx(
        [
            ("李四", "工程师", "2", "2026-02-01", None, "1234"),
            ("李四", "工程师", "2", "2026-05-01", None, None),
        ]
    )
    response = import_roster(vendor, contract, twice)
    assert response.status_code == 422
    assert "第 3 行：李四 在第 2 项的驻场日期与第 2 行重叠" in text_of(response)
    assert len(roster_rows(contract)) == 2


@pytest.mark.parametrize("typed", ["123", "12345", "12-4"])
def test_an_id_column_of_other_than_four_characters_is_refused(vendor, contract, typed):
    response = import_roster(vendor, contract, roster_xlsx([("周八", "工程师", "1", date(2026, 2, 1), None, typed)]))
    assert response.status_code == 422
    assert "第 2 行：身份证号后四位应为 4 个字符" in text_of(response)
    assert roster_rows(contract) == []


def _with_date_serials(content: bytes, serials: dict[str, float]) -> bytes:
    """The roster with these cells holding Excel day counts in a date format, as a sheet typed in Excel
    holds them (a negative one shows as ##### there)."""
    workbook = load_workbook(io.BytesIO(content))
    for ref, serial in serials.items():
        workbook.active[ref] = serial
        workbook.active[ref].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_negative_or_absurd_date_serial_is_refused_naming_its_row_and_column(vendor, contract):
    content = _with_date_serials(
        roster_xlsx(
            [
                ("张三", "工程师", "1", None, None, None),  # row 2: a negative day count
                ("李四", "工程师", "1", "2026-02-01", None, None),  # row 3: a day count past 2100 as its end
                ("王五", "工程师", "1", "1899-12-31", None, None),  # row 4: typed, before 1900
                ("赵六", "工程师", "1", None, None, None),  # row 5: past year 9999, an error in the cell
                ("孙七", "工程师", "1", None, None, None),  # row 6: a good day count
            ]
        ),
        {"D2": -5, "E3": 73416, "D5": 2958466, "D6": 46054},
    )
    response = import_roster(vendor, contract, content)
    assert response.status_code == 422
    page = text_of(response)
    assert "名单有 4 处错误，未导入任何人员" in page
    assert "第 2 行：「驻场开始日期」读出的日期是 1899年12月25日，不在 1900年1月1日 至 2100年12月31日 之间" in page
    assert "第 3 行：「驻场结束日期」读出的日期是 2101年1月1日" in page
    assert "第 4 行：「驻场开始日期」读出的日期是 1899年12月31日" in page
    assert "第 5 行：「驻场开始日期」无法识别「#VALUE!」" in page
    assert "第 6 行" not in page
    assert roster_rows(contract) == []
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffAssignment)) == 0


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("名单.xlsx", pdf_bytes("名单"), "此处不接受 pdf 文件"),
        ("名单.pdf", roster_xlsx([("张三", "", "", "2026-02-01", None, None)]), "与文件名不符"),
        ("名单.xlsx", roster_xlsx([("张三",)], headers=("名字", "职务")), "这不是驻场人员名单模板"),
        ("名单.xlsx", roster_xlsx([]), "名单中没有人员"),
    ],
    ids=["pdf_named_xlsx", "xlsx_named_pdf", "other_sheet", "only_headers"],
)
def test_a_file_that_is_no_roster_is_refused_with_the_reason(vendor, contract, name, content, sentence):
    response = import_roster(vendor, contract, content, name=name)
    assert response.status_code == 422
    assert sentence in text_of(response)
    assert roster_rows(contract) == []


def test_another_vendor_can_neither_download_the_template_nor_import(client_for, contract):
    other = client_for("vendor2")
    assert other.get(f"/vendor/contracts/{contract.id}/staff/template.xlsx").status_code == 404
    content = roster_xlsx([("冒充", "工程师", "1", date(2026, 2, 1), None, None)])
    assert import_roster(other, contract, content, page="/deadlines/").status_code == 404
    assert roster_rows(contract) == []


def test_the_officer_cannot_import_into_the_vendors_roster(client_for, contract):
    officer = client_for("officer")
    content = roster_xlsx([("冒充", "工程师", "1", date(2026, 2, 1), None, None)])
    assert import_roster(officer, contract, content, page="/").status_code == 403
    assert roster_rows(contract) == []
