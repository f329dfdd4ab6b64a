"""`flask --app app import FILE`: JSON valid against the schema, exit codes, and --save."""

import json
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, ImportRecord, User
from importers import validate_payload
from tests import documents
from tests.imports.conftest import counts


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["import", *map(str, args)])


def test_json_prints_the_document_valid_against_the_schema_and_saves_nothing(app, demo, contract_pdf):
    before = counts()
    result = _run(app, contract_pdf, "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    validate_payload(payload)
    assert len(payload["line_items"]) == 40 and payload["total_amount"] == "8271400.00"
    assert sum(Decimal(line["amount"]) for line in payload["line_items"]) == Decimal("8271400.00")
    assert [m["amount"] for m in payload["payment_milestones"]] == ["5789980.00", "2481420.00"]
    # warnings are part of a successful read: in the JSON, and one a line on stderr
    assert [w["code"] for w in payload["warnings"]] == ["line_after_contract_end"] * 2
    assert result.stderr.count("warning: line_after_contract_end") == 2
    assert counts() == before


def test_a_file_that_cannot_be_read_exits_non_zero_with_one_line_on_stderr(app, tmp_path, contract_data):
    for path, code in [
        (documents.pdf_scanned(tmp_path / "scan.pdf"), "scanned_pdf"),
        (documents.picture_named_pdf(tmp_path / "picture.pdf"), "unsupported_format"),
        (documents.pdf_encrypted(tmp_path / "locked.pdf", contract_data), "encrypted_pdf"),
    ]:
        result = _run(app, path, "--json")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {code}: ")
    missing = _run(app, tmp_path / "nothing-here.pdf")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: no such file")


def test_save_creates_the_contract_as_the_officer_confirms_it(app, demo, contract_pdf):
    result = _run(app, contract_pdf, "--save", "--user", "officer")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("contract: ") and "saved contract" in result.stdout
    record = db.session.scalar(sa.select(ImportRecord))
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    assert record.status == "confirmed" and record.created_by_id == officer.id
    assert len(contract.lines) == 40 and sum(line.amount for line in contract.lines) == Decimal("8271400.00")
    created = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.entity == "contracts", AuditEntry.entity_id == contract.id)
    )
    assert created.user_id == officer.id  # the audit log names the officer, not "the system"

    again = _run(app, contract_pdf, "--save", "--user", "officer")
    assert again.exit_code == 1 and "不能重复导入" in again.stderr and again.stderr.count("\n") == 1
    note = _run(app, contract_pdf, "--json")
    assert note.exit_code == 0 and "imported before" in note.stderr and f"import {record.id}" in note.stderr


def test_save_needs_a_procurement_officer(app, demo, contract_pdf):
    assert "--save needs --user" in _run(app, contract_pdf, "--save").stderr
    assert "not a procurement officer" in _run(app, contract_pdf, "--save", "--user", "finance").stderr
    assert "no user named nobody" in _run(app, contract_pdf, "--save", "--user", "nobody").stderr
    assert counts()["import_records"] == 0


def test_save_refuses_an_excel_list_without_its_header_and_saves_nothing(app, demo, annex_xlsx):
    before = counts()
    result = _run(app, annex_xlsx, "--save", "--user", "officer")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot save: purchaser: 请填写甲方（采购人）。")
    assert result.stderr.count("\n") == 1
    assert counts() == before


def test_json_of_a_tender_and_of_an_excel_list_validate_too(app, tender_docx, annex_xlsx):
    for path, kind, lines in [(tender_docx, "tender", 30), (annex_xlsx, "contract", 40)]:
        result = _run(app, path, "--json")
        assert result.exit_code == 0, result.stderr
        payload = json.loads(result.stdout)
        validate_payload(payload)
        assert payload["kind"] == kind and len(payload["line_items"]) == lines


def test_json_works_on_a_database_without_tables_and_save_says_what_to_run_first(tmp_path, contract_pdf):
    from tests.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path / "instance")
    with app.app_context():
        result = _run(app, contract_pdf, "--json")
        assert result.exit_code == 0, result.stderr
        assert len(json.loads(result.stdout)["line_items"]) == 40
        assert "Traceback" not in result.stderr
        saved = _run(app, contract_pdf, "--save", "--user", "officer")
        assert saved.exit_code == 1
        assert saved.stderr.count("\n") == 1 and "flask --app app db upgrade" in saved.stderr
        db.session.remove()
        db.engine.dispose()


def test_save_of_a_contract_of_a_tender_in_lots_takes_its_lot(app, demo, tmp_path, contract_data):
    """A contract naming no lot, of a tender in lots on file, is saved with --lot (as the review's choice)."""
    from contractmgr.models import Tender
    from tests import corpus

    doc = next(doc for doc in corpus.documents() if doc.layout == "lot_rows_in_line_table")
    tender_file = corpus.write_docx(doc, tmp_path / "tender.docx")
    assert _run(app, tender_file, "--save", "--user", "officer").exit_code == 0
    tender = db.session.scalar(sa.select(Tender).where(Tender.procurement_number == doc.number))
    data = documents.with_fields(contract_data, procurement_number=doc.number)
    contract_file = documents.docx_contract(tmp_path / "contract.docx", data)

    refused = _run(app, contract_file, "--save", "--user", "officer")
    assert refused.exit_code == 1 and "请选择本合同所涉的包" in refused.stderr
    saved = _run(app, contract_file, "--save", "--user", "officer", "--lot", "2")
    assert saved.exit_code == 0, saved.stderr
    assert "lot: 2" in saved.stdout
    contract = db.session.scalar(sa.select(Contract).where(Contract.procurement_number == doc.number))
    assert (contract.lot_no, contract.lot_name, contract.tender_lot_id) == ("2", "数据中心运维", tender.lots[1].id)
