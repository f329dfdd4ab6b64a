"""The import service on its own: what stops a confirmation, doubts placed at their fields, files by content."""

import copy
import shutil

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import ImportRecord, StoredFile
from contractmgr.services import imports
from tests.imports.conftest import upload


def _parsed(path, filename="contract.pdf") -> dict:
    return imports.read_file(path, filename).to_payload()


def test_an_excel_list_reads_whatever_its_name_or_lack_of_one(app, tmp_path, annex_xlsx):
    # the upload is spooled to a temporary file without an extension
    nameless = tmp_path / "upload-without-extension"
    shutil.copy(annex_xlsx, nameless)
    payload = imports.read_file(nameless, "清单.xlsx").to_payload()
    assert payload["source"]["format"] == "xlsx" and len(payload["line_items"]) == 40


def test_an_excel_list_lacks_the_contracts_parties_total_and_period(app, annex_xlsx):
    payload = _parsed(annex_xlsx, "清单.xlsx")
    problems = imports.payload_problems(payload)
    assert [(p.code, p.target) for p in problems] == [
        ("import_field_required", "purchaser"),
        ("import_field_required", "supplier"),
        ("import_field_required", "service_period/start"),
        ("import_field_required", "service_period/end"),
    ]
    as_tender = {**payload, "kind": "tender"}
    assert imports.payload_problems(as_tender) == []  # a tender needs neither parties nor a total


def test_problems_name_the_line_and_field(app, contract_docx):
    payload = _parsed(contract_docx, "contract.docx")
    broken = copy.deepcopy(payload)
    broken["line_items"][3]["seq"] = 3
    broken["line_items"][9]["unit"] = " "
    broken["line_items"][34]["start_on_confirmation"] = True  # line 35 has its own start already
    broken["payment_milestones"][1]["ratio"] = "0.20"
    broken["service_period"]["end"] = "2026-01-01"
    found = {(p.code, p.target) for p in imports.payload_problems(broken)}
    assert found == {
        ("import_duplicate_seq", "line_items/3/seq"),
        ("import_line_field_required", "line_items/9/unit"),
        ("import_line_two_starts", "line_items/34/start"),
        ("import_milestone_ratios_sum", "payment_milestones"),
        ("import_period_ends_before_start", "service_period/end"),
    }


def test_the_cross_checks_run_again_on_the_corrected_figures(app, contract_docx):
    payload = _parsed(contract_docx, "contract.docx")
    assert [(w.code, w.target) for w in imports.review_warnings(payload)] == [
        ("line_after_contract_end", "line_items/34/start"),
        ("line_after_contract_end", "line_items/39/start"),
    ]
    corrected = copy.deepcopy(payload)
    corrected["total_amount"] = "8271500.00"
    corrected["line_items"][2]["amount"] = None
    corrected["service_period"]["end"] = "2027-07-31"  # now every line's year ends within the contract's
    found = [(w.code, w.target) for w in imports.review_warnings(corrected)]
    assert found == [
        ("upper_amount_mismatch", "total_amount_upper"),
        ("total_mismatch", "total_amount"),
        ("milestone_mismatch", "payment_milestones/0/amount"),
        ("milestone_mismatch", "payment_milestones/1/amount"),
        ("missing_amount", "line_items/2/amount"),
    ]


def test_an_unreadable_total_row_marks_the_total_until_a_total_is_typed(app, contract_docx):
    payload = _parsed(contract_docx, "contract.docx")
    payload["total_amount"] = None
    payload["warnings"].append(
        {"code": "unreadable_total", "message": "无法识别合计行金额“163.3.40”", "where": "第1页第6行"}
    )
    assert ("unreadable_total", "total_amount") in [(w.code, w.target) for w in imports.review_warnings(payload)]
    typed = {**payload, "total_amount": "8271400.00"}
    assert "unreadable_total" not in [w.code for w in imports.review_warnings(typed)]


def test_a_word_file_named_pdf_is_read_as_word_and_stored_under_its_true_extension(officer, contract_docx):
    response = upload(officer, contract_docx, "洛阳合同.pdf")
    assert response.status_code == 302
    record = db.session.scalar(sa.select(ImportRecord))
    stored = db.session.get(StoredFile, record.stored_file_id)
    assert record.filename == "洛阳合同.pdf" and record.payload["source"]["format"] == "docx"
    assert stored.format == "docx" and stored.original_name == "洛阳合同.docx"
    download = officer.get(f"/imports/{record.id}/file")
    assert download.data == contract_docx.read_bytes()
    assert (
        "洛阳合同.docx" in download.headers["Content-Disposition"].encode("latin-1").decode("utf-8", "replace")
        or "%E6%B4%9B%E9%98%B3%E5%90%88%E5%90%8C.docx" in download.headers["Content-Disposition"]
    )


def test_a_doubt_about_a_pdf_row_points_to_that_row_not_to_the_first_line_of_its_page(app, tmp_path):
    from contractmgr.services.imports import read_file
    from tests import corpus

    doc = next(doc for doc in corpus.documents() if doc.layout == "header_system_name_amount_yuan")
    doc.table[3][1] = ""  # the 服务单位 of 序号3 left empty: filled down from 序号2
    document = read_file(corpus.write_pdf(doc, tmp_path / "filled_down.pdf"), "filled_down.pdf")
    warning = next(w for w in document.warnings if w.code == "unit_filled_down")
    assert warning.where.startswith("序号3（第1页第4行）")
    assert document.sources["line_items/2/unit"].confidence == "medium"


def test_an_award_notice_is_kept_as_read_and_needs_no_lines_unless_the_officer_makes_it_a_contract(app, tmp_path):
    from tests import corpus

    doc = next(doc for doc in corpus.documents() if doc.layout == "award_notice_without_table")
    payload = _parsed(corpus.write_docx(doc, tmp_path / "notice.docx"), "notice.docx")
    assert payload["kind"] == "award"
    assert imports.payload_problems(payload) == []  # confirmed as a notice, it records its date on a contract
    as_contract = {**payload, "kind": "contract"}
    assert ("import_no_lines", "line_items") in {(p.code, p.target) for p in imports.payload_problems(as_contract)}
