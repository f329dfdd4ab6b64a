"""Hostile and oversized files through every import path — the page (read in the request and in the
background), the API and the CLI: each refused with the sentence naming the limit it breaks, nothing
saved, no file stored, and no temporary file left behind. (What each file is and the memory bound:
tests/importers/test_hostile_files.py.)"""

import time

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import User
from importers import limits
from tests import hostile
from tests.imports.conftest import counts, left_behind, stored_files, upload

# (file name, how it is made, words of the Chinese sentence)
HOSTILE = [
    (
        "merged_to_sheet_end.xlsx",
        hostile.xlsx_merged_to_sheet_end,
        "合并单元格（H3:XFD1048576）合计超过 1,000,000 个单元格",
    ),
    ("zip_bomb.docx", hostile.docx_high_ratio_member, "压缩比超过 200 倍，可能是“压缩炸弹”"),
    ("lying_sizes.docx", hostile.docx_lying_member_size, "比它声明的更大，可能是“压缩炸弹”"),
]


@pytest.mark.parametrize("name, make, words", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_the_upload_page_refuses_a_hostile_file_with_the_limit_it_breaks(
    officer, app, tmp_path, spool_dir, name, make, words
):
    path = make(tmp_path / name)
    before = counts()
    response = upload(officer, path)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert words in html and "损坏" not in html
    assert counts() == before and not stored_files(app)
    assert left_behind(spool_dir) == []


def test_the_background_upload_fails_with_the_sentence_and_removes_its_file(
    officer, app, tmp_path, spool_dir, jobs_worker
):
    path = hostile.xlsx_merged_to_sheet_end(tmp_path / "merged.xlsx")
    before = counts()
    job = upload(officer, path, background=True).json
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
        job = officer.get(job["poll"]).json
    assert job["state"] == "failed" and job["error"] == "file_over_limit", job
    assert "H3:XFD1048576" in job["message"]
    assert counts() == before
    assert left_behind(spool_dir) == []


def test_an_officer_reading_in_english_is_told_the_limit_in_english(officer, tmp_path):
    from tests.helpers import csrf_token

    officer.post("/language/en", data={"csrf_token": csrf_token(officer.get("/imports/")), "next": "/imports/"})
    response = upload(officer, hostile.docx_high_ratio_member(tmp_path / "bomb.docx"))
    assert response.status_code == 422
    assert (
        "Part of the file is compressed more than 200 times; it may be a zip bomb and was not read. "
        "Open it in Word or Excel, save it again, then upload it."
    ) in response.get_data(as_text=True)


def test_the_api_refuses_a_hostile_file_with_the_sentence(client, app, demo, tmp_path, spool_dir):
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    headers = {"Authorization": f"Bearer {officer.issue_token()}"}
    db.session.commit()
    before = counts()
    with open(hostile.docx_lying_member_size(tmp_path / "lying.docx"), "rb") as file:
        response = client.post(
            "/api/v1/imports",
            data={"file": (file, "contract.docx")},
            headers=headers,
            content_type="multipart/form-data",
        )
    assert response.status_code == 422
    assert response.json["error"] == "file_over_limit" and "可能是“压缩炸弹”" in response.json["message"]
    assert counts() == before and not stored_files(app)
    assert left_behind(spool_dir) == []


def test_the_cli_refuses_a_list_over_the_line_limit_in_one_line(app, demo, tmp_path):
    path = hostile.xlsx_many_rows(tmp_path / "lines.xlsx", rows=limits.MAX_LINES + 1)
    before = counts()
    result = app.test_cli_runner().invoke(args=["import", str(path), "--save", "--user", "officer"])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr
        == "error: file_over_limit: 清单有 2,001 行，超过每份文件 2,000 行的上限。请拆分为几份文件分别导入。\n"
    )
    assert counts() == before


def test_a_broken_upload_leaves_no_temporary_file(app, spool_dir):
    from werkzeug.datastructures import FileStorage

    from contractmgr.services import imports

    class Broken:
        def read(self, size=-1):
            raise OSError("the client went away")

    with app.test_request_context(), pytest.raises(OSError):
        imports.spool(FileStorage(stream=Broken(), filename="contract.pdf"))
    assert left_behind(spool_dir) == []


def test_an_import_kept_before_the_line_limit_is_not_built_into_a_page_but_can_be_discarded(
    officer, app, tmp_path, contract_data
):
    from sqlalchemy.orm.attributes import flag_modified

    from contractmgr.models import ImportRecord
    from tests import documents
    from tests.helpers import csrf_token

    response = upload(officer, documents.xlsx_annex(tmp_path / "annex.xlsx", contract_data))
    assert response.status_code == 302
    record = db.session.scalar(sa.select(ImportRecord))
    # as an import read before the limit was (the 100,000 rows ran the review page out of memory)
    record.payload["line_items"] = record.payload["line_items"] * 60  # 2,400 lines
    flag_modified(record, "payload")
    db.session.commit()
    page = officer.get(f"/imports/{record.id}")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "清单有 2,400 行，超过每份文件 2,000 行的上限。请拆分为几份文件分别导入。" in html
    assert 'id="line-' not in html and len(html) < 50_000
    token = csrf_token(page)
    discarded = officer.post(f"/imports/{record.id}/discard", data={"csrf_token": token})
    assert discarded.status_code == 302
    db.session.expire_all()
    assert db.session.get(ImportRecord, record.id).status == "discarded"
