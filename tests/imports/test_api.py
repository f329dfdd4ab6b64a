"""POST /api/v1/imports reads a file and creates nothing; confirming is its own, explicit call."""

import time
from decimal import Decimal

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker

from contractmgr import jobs as background
from contractmgr.extensions import db
from contractmgr.models import Contract, Job, User
from contractmgr.services.storage import storage_path
from contractmgr.web.api.openapi import document
from importers import validate_payload
from tests import documents
from tests.imports.conftest import counts


@pytest.fixture
def token(app, demo):
    def issue(username: str = "officer") -> dict:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        value = user.issue_token()
        db.session.commit()
        return {"Authorization": f"Bearer {value}"}

    return issue


def _post_file(client, headers, path, name=None, *, background=False):
    if background:
        headers = {**headers, "Prefer": "respond-async"}
    with open(path, "rb") as file:
        return client.post(
            "/api/v1/imports",
            data={"file": (file, name or path.name)},
            headers=headers,
            content_type="multipart/form-data",
        )


def _valid(payload, schema_name: str) -> None:
    openapi = document()
    errors = list(
        Draft202012Validator(
            {**openapi, "$ref": f"#/components/schemas/{schema_name}"}, format_checker=FormatChecker()
        ).iter_errors(payload)
    )
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_upload_returns_the_parsed_document_and_creates_no_contract(client, token, contract_pdf):
    headers = token()
    before = counts()
    response = _post_file(client, headers, contract_pdf)
    assert response.status_code == 201, response.json
    body = response.json
    _valid(body, "Import")
    validate_payload(body["document"])
    assert body["status"] == "review" and body["kind"] == "contract" and body["contract_id"] is None
    assert len(body["document"]["line_items"]) == 40 and body["document"]["total_amount"] == "8271400.00"
    assert [w["field"] for w in body["warnings"]] == ["line_items/34/start", "line_items/39/start"]
    assert body["problems"] == []
    after = counts()
    assert after["contracts"] == before["contracts"] and after["import_records"] == before["import_records"] + 1
    assert client.get(f"/api/v1/imports/{body['import_id']}", headers=headers).json == body


def test_confirm_creates_the_contract_with_the_corrected_document(client, token, contract_pdf):
    headers = token()
    created = _post_file(client, headers, contract_pdf).json
    url = f"/api/v1/imports/{created['import_id']}/confirm"

    refused = client.post(url, headers=headers, json={})
    assert refused.status_code == 422
    assert refused.json["error"] == "import_not_ready" and "还有 2 条提示" in refused.json["message"]
    assert len(refused.json["warnings"]) == 2 and counts()["contracts"] == 1

    corrected = created["document"]
    corrected["filing_number"] = "洛采公开-2026-54（更正）"
    response = client.post(
        url, headers=headers, json={"document": corrected, "acknowledge_warnings": True, "signed_on": "2026-05-20"}
    )
    assert response.status_code == 201, response.json
    _valid(response.json, "Import")
    contract = db.session.get(Contract, response.json["contract_id"])
    assert response.json["status"] == "confirmed" and contract.filing_number == "洛采公开-2026-54（更正）"
    assert contract.signed_on.isoformat() == "2026-05-20" and len(contract.lines) == 40
    assert sum(line.amount for line in contract.lines) == Decimal("8271400.00")
    assert client.post(url, headers=headers, json={"acknowledge_warnings": True}).status_code == 409


def test_a_corrected_document_with_problems_is_refused_field_by_field(client, token, contract_pdf):
    headers = token()
    created = _post_file(client, headers, contract_pdf).json
    corrected = created["document"]
    corrected["supplier"] = None
    corrected["line_items"][4]["amount"] = "12.345"  # not money
    response = client.post(
        f"/api/v1/imports/{created['import_id']}/confirm",
        headers=headers,
        json={"document": corrected, "acknowledge_warnings": True},
    )
    assert response.status_code == 422
    assert [p["field"] for p in response.json["problems"]] == ["line_items/4/amount"]
    corrected["line_items"][4]["amount"] = "12.34"
    response = client.post(
        f"/api/v1/imports/{created['import_id']}/confirm",
        headers=headers,
        json={"document": corrected, "acknowledge_warnings": True},
    )
    assert response.status_code == 422 and response.json["message"] == "请填写乙方（供应商）。"
    assert [p["field"] for p in response.json["problems"]] == ["supplier"]
    assert counts()["contracts"] == 1


@pytest.mark.parametrize("username", ["vendor", "finance", "admin"])
def test_other_roles_get_403(client, token, username, contract_pdf):
    headers = token(username)
    response = _post_file(client, headers, contract_pdf)
    assert response.status_code == 403 and response.json["message"]
    assert client.get("/api/v1/imports/1", headers=headers).status_code == 403
    assert counts()["import_records"] == 0


def test_bad_files_answer_with_their_message_and_status(client, token, tmp_path, contract_data):
    headers = token()
    before = counts()
    scanned = _post_file(client, headers, documents.pdf_scanned(tmp_path / "scan.pdf"))
    assert scanned.status_code == 422 and scanned.json["error"] == "scanned_pdf" and "OCR" in scanned.json["message"]
    _valid(scanned.json, "ImportError")
    picture = _post_file(client, headers, documents.picture_named_pdf(tmp_path / "picture.pdf"))
    assert picture.status_code == 415 and picture.json["error"] == "unsupported_format"
    no_table = _post_file(client, headers, documents.docx_unrelated(tmp_path / "x.docx"))
    assert no_table.status_code == 422 and no_table.json["error"] == "no_line_item_table"
    missing = client.post("/api/v1/imports", headers=headers, data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and missing.json["error"] == "file_missing"
    assert counts() == before


def test_a_file_over_the_limit_is_413_in_json(client, token, app, contract_pdf):
    headers = token()
    app.config["MAX_CONTENT_LENGTH"] = 60 * 1024
    response = _post_file(client, headers, contract_pdf)
    assert response.status_code == 413 and "文件过大" in response.json["message"]


def test_the_same_file_twice_is_409_with_the_earlier_import(client, token, contract_pdf):
    headers = token()
    first = _post_file(client, headers, contract_pdf).json
    second = _post_file(client, headers, contract_pdf)
    assert second.status_code == 409 and second.json["import_id"] == first["import_id"]
    assert second.json["error"] == "import_in_review"


def test_discard_creates_nothing_and_ends_the_review(client, token, tender_docx):
    headers = token()
    created = _post_file(client, headers, tender_docx).json
    assert created["kind"] == "tender" and len(created["document"]["line_items"]) == 30
    response = client.post(f"/api/v1/imports/{created['import_id']}/discard", headers=headers)
    assert response.status_code == 200 and response.json["status"] == "discarded"
    confirm = client.post(
        f"/api/v1/imports/{created['import_id']}/confirm", headers=headers, json={"acknowledge_warnings": True}
    )
    assert confirm.status_code == 409 and counts()["tenders"] == 1


# -- read by a job worker (Prefer: respond-async) ------------------------------------------------


def _poll(client, headers, url: str, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    job = client.get(url, headers=headers).json
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(url, headers=headers).json
    return job


def test_an_upload_preferring_async_is_kept_queued_and_read_by_a_job_worker(app, client, token, contract_pdf, request):
    headers = token()
    before = counts()
    response = _post_file(client, headers, contract_pdf, background=True)
    assert response.status_code == 202, response.json
    job = response.json
    _valid(job, "ImportJob")
    assert job["state"] == "queued" and job["import_id"] is None and job["filename"] == contract_pdf.name
    assert response.headers["Location"] == job["job_url"] == f"/api/v1/imports/jobs/{job['job_id']}"
    # Nothing read yet: no import, but the file is kept and the queue holds the job.
    assert counts() == before and len(background.queue_of(app)) == 1
    assert storage_path(db.session.get(Job, job["job_id"]).sha256).read_bytes() == contract_pdf.read_bytes()

    request.getfixturevalue("jobs_worker")
    done = _poll(client, headers, job["job_url"])
    assert done["state"] == "done" and done["error"] is None, done
    _valid(done, "ImportJob")
    assert done["done"] == done["total"] > 0 and done["import_url"] == f"/api/v1/imports/{done['import_id']}"
    record = client.get(done["import_url"], headers=headers).json
    assert record["status"] == "review" and len(record["document"]["line_items"]) == 40
    assert counts()["import_records"] == before["import_records"] + 1 and counts()["contracts"] == before["contracts"]

    # The same content again is refused at once, before anything is queued.
    again = _post_file(client, headers, contract_pdf, background=True)
    assert again.status_code == 409 and again.json["error"] == "import_in_review"
    assert again.json["import_id"] == done["import_id"] and len(background.queue_of(app)) == 0


def test_an_async_upload_that_is_no_document_is_refused_at_once_and_not_queued(app, client, token, tmp_path):
    headers = token()
    text = tmp_path / "contract.pdf"
    text.write_text("这不是 PDF 文件。", encoding="utf-8")
    response = _post_file(client, headers, text, background=True)
    assert response.status_code == 415 and response.json["error"] == "unsupported_format", response.json
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
    assert len(background.queue_of(app)) == 0


def test_a_failed_job_says_why_and_is_seen_by_its_uploader_only(client, token, files, jobs_worker):
    headers = token()
    damaged = documents.pdf_scanned(files / "api-job-blank-scan.pdf")
    job = _post_file(client, headers, damaged, background=True).json
    failed = _poll(client, headers, job["job_url"])
    _valid(failed, "ImportJob")
    assert (failed["state"], failed["error"], failed["import_id"]) == ("failed", "scanned_pdf", None), failed
    assert "扫描件" in failed["message"]
    assert client.get(job["job_url"], headers=token("admin")).status_code == 403
    assert client.get("/api/v1/imports/jobs/not-a-job", headers=headers).status_code == 404


def test_a_crop_asked_of_a_page_the_file_has_not_is_not_found(client, token, login, contract_pdf, contract_docx):
    """A corrected document may claim any page and box for a field (the schema bounds neither): the crop
    route answers 404 for one its file cannot show, not a server error."""
    headers = token()
    claims = {"where": "第 99 页", "confidence": "low", "page": 99, "bbox": [10, 10, 200, 40], "ocr_confidence": 0.3}
    confirmed = []
    for path in (contract_pdf, contract_docx):
        created = _post_file(client, headers, path).json
        corrected = created["document"]
        corrected.setdefault("sources", {})["filing_number"] = claims
        response = client.post(
            f"/api/v1/imports/{created['import_id']}/confirm",
            headers=headers,
            json={"document": corrected, "acknowledge_warnings": True},
        )
        assert response.status_code == 201, response.json
        confirmed.append(created["import_id"])
    officer = login("officer")
    for import_id in confirmed:
        assert officer.get(f"/imports/{import_id}/crop/filing_number").status_code == 404


@pytest.mark.parametrize("key", ["annexes", "page_images"])
def test_a_corrected_document_naming_another_imports_file_does_not_get_it_served(
    client, token, login, contract_pdf, tender_docx, key
):
    """The kept files of an import are the importer's to list: a caller who knows another file's hash and
    names it in the corrected document neither gets it served under this import nor recorded on it."""
    headers = token()
    other = _post_file(client, headers, tender_docx).json
    created = _post_file(client, headers, contract_pdf).json
    corrected = created["document"]
    corrected[key] = [{"filename": "附件.docx", "sha256": other["sha256"], "format": "docx"}]
    response = client.post(
        f"/api/v1/imports/{created['import_id']}/confirm",
        headers=headers,
        json={"document": corrected, "acknowledge_warnings": True},
    )
    assert response.status_code == 201, response.json
    assert key not in response.json["document"]  # the import's own list: it had none
    officer = login("officer")
    assert officer.get(f"/imports/{created['import_id']}/annexes/{other['sha256']}").status_code == 404
    # the file is there, under its own import
    assert officer.get(f"/imports/{other['import_id']}/file").status_code == 200
