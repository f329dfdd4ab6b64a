"""The officer's import through the pages: upload, review with each doubt beside its field, correct,
confirm — and nothing saved before the confirmation."""

import time
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord, StoredFile, Tender
from contractmgr.services.storage import storage_path
from tests import documents
from tests.factories import make_user
from tests.helpers import csrf_token, statements_run
from tests.imports.conftest import counts, form_fields, line_field, records_only, upload


def _review(officer, path, name=None):
    response = upload(officer, path, name)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"], officer.get(response.headers["Location"])


def test_the_officer_imports_the_contract_pdf_corrects_a_line_and_confirms_forty_lines(officer, files, contract_data):
    path = documents.pdf_contract_line_amount_changed(files / "contract_line_7_off_by_1000.pdf", contract_data)
    before = counts()
    review_url, page = _review(officer, path, "洛阳续签合同.pdf")
    after_upload = counts()
    assert after_upload["contracts"] == before["contracts"] and after_upload["line_items"] == before["line_items"]
    assert after_upload["import_records"] == before["import_records"] + 1
    assert after_upload["stored_files"] == before["stored_files"] + 1

    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count('<tr id="line-') == 40
    assert "相差1,000.00元" in html  # total_mismatch, with the difference
    fields = form_fields(page)
    amount_7 = line_field(fields, 7, "amount")
    typed = Decimal(contract_data["line_items"][6]["amount"])
    assert fields[amount_7] == f"{typed + 1000:.2f}"
    assert fields["total_amount"] == "8271400.00" and fields["supplier"] == "洛阳数智科技发展有限公司"

    fields[amount_7] = f"{typed:,.2f}"  # as the officer types it: 265,000.00
    fields["confirm"] = "确认导入"
    refused = officer.post(review_url, data=fields)
    # Lines 35 and 40 run past the contract's end: still a doubt, which the officer must say was checked.
    assert refused.status_code == 422
    assert "相差1,000.00元" not in refused.get_data(as_text=True)
    assert "还有 2 条提示" in refused.get_data(as_text=True)
    assert counts()["contracts"] == before["contracts"]

    fields = form_fields(refused)
    fields.update(confirm="确认导入", acknowledge_warnings="y")
    confirmed = officer.post(review_url, data=fields)
    assert confirmed.status_code == 302

    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    assert confirmed.headers["Location"].endswith(f"/contracts/{contract.id}")
    assert record.status == "confirmed" and record.confirmed_at is not None
    assert len(contract.lines) == 40
    assert sum(line.amount for line in contract.lines) == Decimal("8271400.00") == contract.total_amount
    assert contract.lines[6].amount == typed
    assert [m.amount for m in contract.milestones] == [Decimal("5789980.00"), Decimal("2481420.00")]
    assert contract.lines[39].start_on.isoformat() == "2026-07-27"
    stored = db.session.get(StoredFile, record.stored_file_id)
    assert storage_path(record.sha256).read_bytes() == path.read_bytes() and stored.sha256 == record.sha256
    assert [w["code"] for w in record.payload["warnings"]] == ["line_after_contract_end"] * 2
    page = officer.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert f"/imports/{record.id}" in page  # the contract page links to its import and the original file


def test_each_doubt_is_shown_beside_the_field_it_concerns(officer, contract_pdf_wrong_milestone):
    _, page = _review(officer, contract_pdf_wrong_milestone)
    html = page.get_data(as_text=True)
    milestone = html.index('id="milestones-0-amount"')
    assert "相差-980.00元" in html[milestone : milestone + 800]  # milestone_mismatch, beside 第1次付款's amount
    line_40 = html.index('id="line-39"')
    assert "多66天" in html[line_40 : html.index("</tr>", line_40)]  # line_after_contract_end, on line 40's row
    assert 'href="#lines-39-start"' in html


def test_the_same_file_again_says_when_it_was_imported(officer, contract_pdf):
    review_url, page = _review(officer, contract_pdf)
    again = upload(officer, contract_pdf, "copy.pdf")  # still in review: back to that review
    assert again.status_code == 302 and again.headers["Location"] == review_url
    fields = form_fields(page)
    fields.update(confirm="确认导入", acknowledge_warnings="y")
    assert officer.post(review_url, data=fields).status_code == 302
    contract_id = db.session.scalar(sa.select(Contract.id).order_by(Contract.id.desc()))

    before = counts()
    third = upload(officer, contract_pdf, "yet-another-copy.pdf")
    html = third.get_data(as_text=True)
    assert third.status_code == 409
    assert "已于" in html and "导入过" in html and "不能重复导入" in html
    assert f'/contracts/{contract_id}"' in html and review_url + '"' in html
    assert counts() == before


@pytest.mark.parametrize(
    "make, name, status, words",
    [
        (lambda d, data: documents.pdf_scanned(d / "scanned.pdf"), "scan.pdf", 422, "OCR"),
        (lambda d, data: documents.pdf_encrypted(d / "encrypted.pdf", data), "contract.pdf", 422, "已加密"),
        (lambda d, data: documents.pdf_truncated(d / "truncated.pdf", data), "contract.pdf", 422, "损坏或不完整"),
        (lambda d, data: documents.docx_corrupt(d / "corrupt.docx", data), "contract.docx", 422, "损坏或不完整"),
        (lambda d, data: documents.picture_named_pdf(d / "picture.pdf"), "contract.pdf", 415, "不支持该文件格式"),
        (lambda d, data: documents.text_named_pdf(d / "notes.pdf"), "contract.pdf", 415, "不支持该文件格式"),
        (lambda d, data: documents.zip_named_docx(d / "archive.docx"), "contract.docx", 415, "不支持该文件格式"),
        (
            lambda d, data: documents.docx_unrelated(d / "minutes.docx"),
            "contract.docx",
            422,
            "没有找到运维项目清单表格",
        ),
    ],
    ids=[
        "scanned",
        "encrypted",
        "truncated",
        "corrupt-docx",
        "picture-named-pdf",
        "text-named-pdf",
        "zip-named-docx",
        "no-procurement-content",
    ],
)
def test_a_file_that_cannot_be_read_says_why_and_what_to_do_and_saves_nothing(
    officer, app, tmp_path, contract_data, make, name, status, words
):
    path = make(tmp_path, contract_data)
    before = counts()
    response = upload(officer, path, name)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)
    assert counts() == before
    assert not any(p.is_file() for p in (tmp_path / "instance" / "files").rglob("*"))


def test_a_file_over_the_upload_limit_is_refused_with_the_limit(officer, app, contract_pdf):
    app.config["MAX_CONTENT_LENGTH"] = 60 * 1024  # the 40-line PDF is 75 KiB
    before = counts()
    response = upload(officer, contract_pdf)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "文件过大" in html and "上限 0.1 MB" in html and 'id="upload-form"' in html
    assert counts() == before


@pytest.mark.parametrize("username", ["finance", "vendor", "admin"])
def test_only_procurement_officers_import(client, demo, login, username, contract_pdf):
    login(username)
    assert client.get("/imports/").status_code == 403
    with open(contract_pdf, "rb") as file:
        response = client.post("/imports/", data={"file": (file, "c.pdf")}, content_type="multipart/form-data")
    assert response.status_code in (400, 403)  # no CSRF token to be had, and the role guard
    assert counts()["import_records"] == 0


def test_reading_in_the_background_reports_pages_then_leads_to_the_review(officer, contract_pdf, jobs_worker):
    response = upload(officer, contract_pdf, background=True)
    assert response.status_code == 202
    job = response.json
    assert job["state"] in ("queued", "running") and job["poll"].startswith("/imports/jobs/")
    seen = []
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        seen.append((job.get("done"), job.get("total")))
        time.sleep(0.05)
        job = officer.get(job["poll"]).json
    assert job["state"] == "done", job
    assert any(total == 18 for _, total in seen) or seen == [(0, None)]  # pages as read (a fast machine may skip)
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    assert job["redirect"] == f"/imports/{record.id}" and record.status == "review"
    assert record.created_by_id is not None and len(record.payload["line_items"]) == 40


def test_a_bad_file_read_in_the_background_fails_with_its_message(officer, tmp_path, jobs_worker):
    before = counts()
    job = upload(officer, documents.pdf_scanned(tmp_path / "scan.pdf"), background=True).json
    deadline = time.monotonic() + 30
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
        job = officer.get(job["poll"]).json
    assert job["state"] == "failed" and job["error"] == "scanned_pdf" and "OCR" in job["message"]
    assert counts() == before


def test_a_job_is_only_its_uploaders_to_follow(app, officer, contract_pdf):
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    assert officer.get(poll).status_code == 200
    assert officer.get("/imports/jobs/not-a-job").status_code == 404
    make_user("officer2", "procurement")
    db.session.commit()
    other = app.test_client()
    other.post(
        "/login",
        data={"username": "officer2", "password": "officer2-demo", "csrf_token": csrf_token(other.get("/login"))},
    )
    assert other.get("/").status_code == 200
    assert other.get(poll).status_code == 404
    token = csrf_token(other.get("/imports/"))
    assert other.post(poll + "/cancel", headers={"X-CSRFToken": token}).status_code == 404
    assert officer.get(poll).json["state"] == "queued"  # no worker in this test: it waits


def test_the_tender_docx_becomes_a_tender_of_thirty_items_of_fourteen_units(officer, tender_docx):
    review_url, page = _review(officer, tender_docx)
    fields = form_fields(page)
    assert fields["kind"] == "tender" and fields["min_onsite_staff"] == "15"
    assert (
        fields["evaluation_full_min_score"],
        fields["evaluation_deduction"],
        fields["evaluation_termination_below"],
    ) == ("90", "2", "60")
    fields.update(confirm="确认导入", acknowledge_warnings="y")
    response = officer.post(review_url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    tender = db.session.scalar(sa.select(Tender).order_by(Tender.id.desc()))
    assert response.headers["Location"].endswith(f"/tenders/{tender.id}")
    assert len(tender.items) == 30 and len(tender.units) == 14
    assert [item.seq for item in tender.items if item.start_on_confirmation] == [16, 24, 30]
    assert tender.min_onsite_staff == 15 and tender.evaluation_deduction_ratio == Decimal("0.002")
    assert tender.import_record_id is not None


def test_an_excel_list_needs_its_header_filled_in_before_it_becomes_a_contract(officer, annex_xlsx):
    review_url, page = _review(officer, annex_xlsx, "清单.xlsx")
    html = page.get_data(as_text=True)
    assert "Excel 清单只有运维项目" in html and "请填写甲方（采购人）" in html
    fields = form_fields(page)
    fields["confirm"] = "确认导入"
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422 and "请填写乙方（供应商）" in refused.get_data(as_text=True)
    assert counts()["contracts"] == 1  # the demo's only

    fields = form_fields(refused)
    fields.update(
        purchaser="洛阳市行政审批和政务信息管理局",
        supplier="洛阳数智科技发展有限公司",
        service_start="2026-05-22",
        service_end="2027-05-21",
        confirm="确认导入",
        acknowledge_warnings="y",
    )
    assert fields["total_amount"] == "8271400.00"  # from the sheet's 合计 row
    response = officer.post(review_url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert len(contract.lines) == 40 and contract.vendor.name == "洛阳数智科技发展有限公司"
    assert sum(line.amount for line in contract.lines) == contract.total_amount == Decimal("8271400.00")


def test_saving_corrections_keeps_them_without_creating_anything(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update({"signed_on": "2026-05-20", line_field(fields, 3, "name"): "已更正的项目名称", "add_line": "1"})
    before = counts()
    response = officer.post(review_url, data=fields)
    assert response.status_code == 302 and response.headers["Location"].endswith("#lines-40-seq")
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    db.session.refresh(record)
    assert record.status == "review" and record.payload["line_items"][2]["name"] == "已更正的项目名称"
    assert len(record.payload["line_items"]) == 41 and record.payload["line_items"][40]["seq"] == 41
    after = counts()
    assert after["contracts"] == before["contracts"] and after["line_items"] == before["line_items"]
    # the blank line must be filled or removed before confirming
    fields = form_fields(officer.get(review_url))
    fields.update(confirm="1", acknowledge_warnings="y")
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422 and "序号 41：请填写运维项目" in refused.get_data(as_text=True)
    fields = form_fields(refused)
    fields.update({"lines-40-remove": "y", "confirm": "1", "acknowledge_warnings": "y"})
    assert officer.post(review_url, data=fields).status_code == 302
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert len(contract.lines) == 40 and contract.lines[2].name == "已更正的项目名称"


def test_a_field_typed_wrong_is_refused_and_nothing_changes(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update({line_field(fields, 5, "amount"): "二十万", "confirm": "1", "acknowledge_warnings": "y"})
    before = counts()
    response = officer.post(review_url, data=fields)
    assert response.status_code == 422 and "「二十万」不是金额" in response.get_data(as_text=True)
    assert records_only(counts()) == records_only(before)


def test_two_starts_for_one_line_are_refused_at_that_line(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update({line_field(fields, 40, "start_on_confirmation"): "y", "confirm": "1", "acknowledge_warnings": "y"})
    response = officer.post(review_url, data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'href="#lines-39-start"' in html and "只能选一种" in html
    assert counts()["contracts"] == 1


def test_a_discarded_import_creates_nothing_and_the_file_may_be_imported_again(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    token = form_fields(page)["csrf_token"]
    response = officer.post(review_url + "/discard", data={"csrf_token": token})
    assert response.status_code == 302
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    assert record.status == "discarded" and counts()["contracts"] == 1
    assert "已放弃" in officer.get(review_url).get_data(as_text=True)
    second_url, second = _review(officer, contract_docx)
    assert second_url != review_url
    assert "同一文件曾于" in second.get_data(as_text=True)  # says it was imported (and discarded) before
    assert officer.get(review_url + "/file").data == contract_docx.read_bytes()


def _confirm_lines(officer, tmp_path, contract_data, count: int) -> list[str]:
    """A contract of `count` lines imported from an Excel annex, reviewed and confirmed in one form; the SQL
    statements the confirmation ran."""
    many = documents.with_many_lines(contract_data, count)
    review_url, page = _review(officer, documents.xlsx_annex(tmp_path / f"annex_{count}_lines.xlsx", many))
    assert page.get_data(as_text=True).count('<tr id="line-') == count
    fields = form_fields(page)
    fields.update(
        purchaser="洛阳市行政审批和政务信息管理局",
        supplier="洛阳数智科技发展有限公司",
        service_start="2026-05-22",
        service_end="2027-05-21",
        confirm="1",
        acknowledge_warnings="y",
    )
    with statements_run() as statements:
        response = officer.post(review_url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert len(contract.lines) == count
    assert sum(line.amount for line in contract.lines) == contract.total_amount == Decimal(many["total_amount"])
    return statements


def test_a_list_of_four_hundred_lines_is_reviewed_and_confirmed_in_one_form(officer, tmp_path, contract_data):
    """The confirmation costs as many statements for 400 lines as for 40 (what keeps a long annex quick to
    confirm; the timings are in benchmarks/bench_import.py): no read per line, and on PostgreSQL the rows
    of a table go in batched INSERTs. SQLite inserts a row at a time where the new ids are read back
    (SQLAlchemy cannot batch INSERT … RETURNING there), so there only the reads are held flat."""
    forty = _confirm_lines(officer, tmp_path, contract_data, 40)
    four_hundred = _confirm_lines(officer, tmp_path, contract_data, 400)

    def reads(statements):
        return [s for s in statements if not s.lstrip().upper().startswith("INSERT")]

    assert len(reads(four_hundred)) <= len(reads(forty)), "\n".join(reads(four_hundred))
    if db.engine.dialect.name == "postgresql":
        assert len(four_hundred) <= len(forty), f"{len(forty)} statements for 40 lines, {len(four_hundred)} for 400"


def test_an_officer_reading_in_english_is_told_in_english(officer, tmp_path):
    from tests.helpers import csrf_token

    officer.post("/language/en", data={"csrf_token": csrf_token(officer.get("/imports/")), "next": "/imports/"})
    response = upload(officer, documents.pdf_scanned(tmp_path / "scan.pdf"))
    assert response.status_code == 422
    assert "No text was found on this scan (a PDF without a text layer, or an image), even by OCR" in response.get_data(
        as_text=True
    )


def test_the_review_page_says_where_each_field_was_read_and_marks_the_doubtful_ones(officer, tmp_path):
    from tests import corpus

    doc = next(doc for doc in corpus.documents() if doc.layout == "unit_price_times_quantity_disagrees")
    response = upload(officer, corpus.write_pdf(doc, tmp_path / "greening.pdf"), "绿化养护协议书.pdf")
    assert response.status_code == 302
    html = officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "读自：供应商（乙方）：郑州智联网络科技有限公司；把握：高" in html
    assert 'class="source doubtful">读自：序号2（第1页第3行）；把握：低（存疑）' in html
    assert "相差500.00元" in html  # 数量 × 单价 against the amount, at its row
