"""Uploaded files: the format is read from the content, a name that lies is refused, the same content
is stored once under its sha256 outside the web root, never overwritten, and the size is limited."""

import hashlib
import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import MaterialFile, StoredFile
from contractmgr.services import storage
from tests.helpers import csrf_token
from tests.supplier.conftest import contract_materials, text_of, upload
from tests.supplier.files import ACCEPTED, OLE2_BYTES, docx_bytes, image_bytes, pdf_bytes, xlsx_bytes, zip_bytes


@pytest.mark.parametrize("fmt", ACCEPTED)
def test_each_accepted_format_is_recognised_by_its_content(app, fmt):
    name, build = ACCEPTED[fmt]
    stored = storage.save_bytes(build(), name)
    assert stored.format == fmt
    assert stored.original_name == name


@pytest.mark.parametrize(
    "name, content, found",
    [
        ("验收报告.pdf", image_bytes("PNG"), "png"),  # a picture renamed .pdf
        ("验收报告.pdf", "这是一段文字，不是PDF".encode(), None),  # text renamed .pdf
        ("项目清单.xlsx", docx_bytes(), "docx"),  # Word saved with an Excel name
        ("方案.docx", zip_bytes(), "zip"),  # a zip that is not an Office package
        ("方案.docx", OLE2_BYTES, "doc"),  # an old binary Word file renamed .docx
        ("照片.jpg", image_bytes("PNG"), "png"),
        ("巡检记录", pdf_bytes(), "pdf"),  # no extension at all
        ("巡检记录.txt", pdf_bytes(), "pdf"),
    ],
)
def test_an_upload_whose_content_is_not_what_its_name_says_is_refused(app, name, content, found):
    with pytest.raises(RuleViolation) as refused:
        storage.save_bytes(content, name)
    expected = "file_format_mismatch" if found in storage.ACCEPTED_FORMATS else "file_format_unsupported"
    assert refused.value.code == expected
    assert db.session.scalar(db.select(db.func.count(StoredFile.id))) == 0


def test_the_same_content_is_stored_once_under_its_sha256_outside_the_web_root(app):
    content = pdf_bytes("同一份文件")
    first = storage.save_bytes(content, "第一次.pdf")
    again = storage.save_bytes(content, "第二次.pdf")
    assert again.id == first.id
    digest = hashlib.sha256(content).hexdigest()
    path = storage.storage_path(digest)
    assert first.sha256 == digest and first.size == len(content)
    assert path.read_bytes() == content
    assert Path(app.config["STORAGE_DIR"]) in path.parents
    assert Path(app.static_folder) not in path.parents
    assert [p.name for p in path.parent.iterdir()] == [digest]  # no temporary files left behind


def test_a_stored_file_is_never_overwritten(app):
    content = xlsx_bytes("原始")
    stored = storage.save_bytes(content, "清单.xlsx")
    path = storage.storage_path(stored.sha256)
    mtime = path.stat().st_mtime_ns
    storage.save_bytes(content, "清单-副本.xlsx")
    assert path.stat().st_mtime_ns == mtime
    assert path.read_bytes() == content


def test_empty_and_oversized_files_are_refused(app):
    with pytest.raises(RuleViolation) as empty:
        storage.save_bytes(b"", "空.pdf")
    assert empty.value.code == "file_empty"
    with pytest.raises(RuleViolation) as large:
        storage.save_bytes(pdf_bytes(), "大.pdf", limit=100)
    assert large.value.code == "file_too_large"


def test_the_upload_page_refuses_a_lying_name_says_why_and_keeps_no_version(client_for, ended_contract):
    vendor = client_for("vendor")
    material = contract_materials(ended_contract)[0]
    response = upload(vendor, ended_contract, material.id, "项目清单.pdf", image_bytes("PNG"))
    assert response.status_code == 422
    assert "内容是 PNG，与文件名不符（应以 .png 结尾）" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(MaterialFile.id))) == 0


def test_a_request_over_the_size_limit_is_refused_with_the_limit_named(app, client_for, ended_contract):
    vendor = client_for("vendor")
    material = contract_materials(ended_contract)[0]
    content = pdf_bytes("x" * 50)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    # the upload form may carry a file of the limit for each material: a request past all of them is refused
    too_big = content + b"\n" * storage.request_limit(len(contract_materials(ended_contract)))
    # The body is built here, in memory: the test client would spool a large one to a temporary
    # file it never closes.
    token = csrf_token(vendor.get(f"/vendor/contracts/{ended_contract.id}"))
    boundary, body = encode_multipart(
        {"csrf_token": token, f"file-{material.id}": FileStorage(io.BytesIO(too_big), "大文件.pdf")}
    )
    response = vendor.post(
        f"/vendor/contracts/{ended_contract.id}/materials/files",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert "不超过 1 MB" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(MaterialFile.id))) == 0
    assert upload(vendor, ended_contract, material.id, "小文件.pdf", content).status_code == 302


def test_the_api_refuses_a_lying_name_with_422_and_the_rule(client, ended_contract):
    from tests.supplier.conftest import api_headers

    response = client.post(
        f"/api/v1/contracts/{ended_contract.id}/acceptance-materials",
        headers=api_headers("vendor"),
        content_type="multipart/form-data",
        data={"material": "日常巡检记录", "file": (io.BytesIO(b"plain text"), "巡检.pdf")},
    )
    assert response.status_code == 422
    assert response.json["error"] == "file_format_unsupported"
    assert "巡检.pdf" in response.json["message"]
