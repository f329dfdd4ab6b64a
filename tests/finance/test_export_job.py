"""Finance's overview workbook as a durable job: the click queues it, a job worker writes it into the file
store, the exports page shows it waiting and then ready, and only the finance user who asked downloads it
— each export its own file, an older one still there with its time."""

import io
import time
from datetime import date

import sqlalchemy as sa
from openpyxl import load_workbook

from contractmgr.extensions import db
from contractmgr.models import Job, StoredFile
from contractmgr.services.storage import stored_path
from contractmgr.services.users import create_user
from tests.finance.conftest import ready
from tests.helpers import csrf_token


def _export(client, query: str = ""):
    """Press 导出 Excel on the overview (with the overview's filters in its address)."""
    token = csrf_token(client.get("/finance/" + query))
    return client.post("/finance/exports" + query, data={"csrf_token": token})


def _waiting(page: str) -> bool:
    return 'data-state="queued"' in page or 'data-state="running"' in page


def _until_ready(client, seconds: float = 90) -> str:
    """The exports page once no export waits or is being written."""
    deadline = time.monotonic() + seconds
    page = client.get("/finance/exports").get_data(as_text=True)
    while _waiting(page) and time.monotonic() < deadline:
        time.sleep(0.1)
        page = client.get("/finance/exports").get_data(as_text=True)
    return page


def _latest_export() -> Job:
    db.session.rollback()
    return db.session.scalar(sa.select(Job).where(Job.kind == "export").order_by(Job.created_at.desc()))


def test_the_overview_export_is_written_by_a_worker_kept_and_downloaded(client, login, seed_contract, jobs_worker):
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    login("finance")
    assert 'action="/finance/exports"' in client.get("/finance/").get_data(as_text=True)
    response = _export(client)
    assert response.status_code == 302 and response.headers["Location"] == "/finance/exports"
    page = _until_ready(client)
    job = _latest_export()
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    link = f"/finance/exports/{job.id}.xlsx"
    assert link in page and "可下载" in page and 'http-equiv="refresh"' not in page
    download = client.get(link)
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(download.data))
    assert workbook.sheetnames == ["付款总览", "按月汇总"] and workbook.properties.identifier == job.id
    sheet = workbook["付款总览"]
    headers = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, 2).value == seed_contract.record_number
    assert sheet.cell(2, headers.index("状态") + 1).value == "逾期"
    assert sheet.cell(2, headers.index("应付净额（元）") + 1).value == 5789980
    # Kept in the file store, the bytes downloaded are the bytes stored.
    stored = db.session.get(StoredFile, job.stored_file_id)
    assert stored_path(stored).read_bytes() == download.data and stored.format == "xlsx"

    # A second export, filtered: its own file; the first is still listed and downloads unchanged.
    _export(client, "?status=paid")
    page = _until_ready(client)
    second = _latest_export()
    assert second.id != job.id and second.stored_file_id != job.stored_file_id
    assert second.params["filters"]["status"] == "paid"
    assert load_workbook(io.BytesIO(client.get(f"/finance/exports/{second.id}.xlsx").data))["付款总览"].max_row == 1
    assert page.count('data-state="done"') == 2 and page.index(second.id) < page.index(job.id)
    assert client.get(link).data == download.data


def test_an_export_waits_for_a_worker_and_the_page_says_so(client, login, seed_contract):
    login("finance")
    _export(client)
    page = client.get("/finance/exports").get_data(as_text=True)
    assert "排队等待生成" in page and 'http-equiv="refresh"' in page
    job = _latest_export()
    assert job.state == "queued" and client.get(f"/finance/exports/{job.id}.xlsx").status_code == 404


def test_an_export_is_its_requesters_own(client, login, seed_contract, jobs_worker):
    create_user("finance2", "finance", "finance2-password-long")
    db.session.commit()
    login("finance")
    _export(client)
    _until_ready(client)
    job = _latest_export()
    link = f"/finance/exports/{job.id}.xlsx"
    assert client.get(link).status_code == 200

    # Another finance user neither sees it listed nor downloads it: they make their own.
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/finance/"))})
    login("finance2", "finance2-password-long")
    assert job.id not in client.get("/finance/exports").get_data(as_text=True)
    assert client.get(link).status_code == 404
    # A vendor, or an officer, has no finance pages at all.
    for username in ("vendor", "officer"):
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
        login(username)
        assert client.get(link).status_code == 403
        assert client.get("/finance/exports").status_code == 403


def test_an_export_cannot_be_queued_without_the_forms_token(client, login, seed_contract):
    login("finance")
    assert client.post("/finance/exports").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_an_export_asked_for_in_english_has_english_headers(client, login, seed_contract, jobs_worker):
    login("finance")
    client.post("/language/en", data={"csrf_token": csrf_token(client.get("/finance/"))})
    _export(client)
    _until_ready(client)
    job = _latest_export()
    workbook = load_workbook(io.BytesIO(client.get(f"/finance/exports/{job.id}.xlsx").data))
    assert job.params["locale"] == "en" and "付款总览" not in workbook.sheetnames


def test_an_exports_id_is_no_import_jobs(client, login, seed_contract, jobs_worker):
    login("finance")
    _export(client)
    _until_ready(client)
    job = _latest_export()
    assert client.get(f"/imports/jobs/{job.id}").status_code in (403, 404)
    assert client.get(f"/api/v1/imports/jobs/{job.id}").status_code in (401, 403, 404)
