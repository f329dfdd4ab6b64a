"""Vendor materials that nobody could open, or that would make a reader use unbounded memory, are
refused with a sentence saying why — a zip bomb is not "damaged" — and nothing is stored:
encrypted and truncated PDFs, Word and Excel packages over the importer's limits or cut off."""

from pathlib import Path

import pytest

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import MaterialFile, StoredFile
from contractmgr.services import storage
from tests import documents, hostile
from tests.supplier.conftest import api_headers, contract_materials, text_of, upload


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile-materials")


@pytest.fixture(scope="module")
def data():
    return documents.load_demo("luoyang_contract")


def _owner_password_only(path: Path, data: dict) -> Path:
    """A PDF that opens without a password (an owner password restricts printing only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.platypus import SimpleDocTemplate

    styles = documents._pdf_styles()
    story = [documents._para(text, styles[style]) for style, text in documents.contract_paragraphs(data)[:5]]
    encryption = StandardEncryption("", "owner-secret", canPrint=0, strength=128)
    SimpleDocTemplate(str(path), pagesize=A4, encrypt=encryption).build(story)
    return path


# (made by, name uploaded, code, words of the sentence)
REFUSED = [
    (lambda d, data: documents.pdf_encrypted(d / "locked.pdf", data), "验收报告.pdf", "file_encrypted", "设有打开密码"),
    (lambda d, data: documents.pdf_truncated(d / "cut.pdf", data), "验收报告.pdf", "file_damaged", "已损坏或不完整"),
    (lambda d, data: hostile.docx_truncated(d / "cut.docx"), "方案.docx", "file_damaged", "已损坏或不完整"),
    (lambda d, data: hostile.docx_high_ratio_member(d / "bomb.docx"), "方案.docx", "file_over_limit", "压缩炸弹"),
    (lambda d, data: hostile.docx_lying_member_size(d / "lying.docx"), "方案.docx", "file_over_limit", "压缩炸弹"),
    (lambda d, data: hostile.docx_many_members(d / "members.docx"), "方案.docx", "file_over_limit", "超过 1,000 个"),
    (
        lambda d, data: hostile.xlsx_merged_to_sheet_end(d / "merged.xlsx"),
        "项目清单.xlsx",
        "file_over_limit",
        "H3:XFD1048576",
    ),
]
IDS = ["encrypted-pdf", "truncated-pdf", "truncated-docx", "zip-bomb", "lying-sizes", "many-members", "merged-xlsx"]


@pytest.mark.parametrize("make, name, code, words", REFUSED, ids=IDS)
def test_storage_refuses_content_nobody_could_open_and_stores_nothing(app, folder, data, make, name, code, words):
    content = make(folder, data).read_bytes()
    with app.test_request_context(), pytest.raises(RuleViolation) as refused:
        storage.save_bytes(content, name)
    assert refused.value.code == code
    from contractmgr.texts.messages import explain

    with app.test_request_context():
        sentence = explain(code, **refused.value.params)
    assert words in sentence and name in sentence
    if code == "file_over_limit":
        assert "损坏" not in sentence
    assert db.session.scalar(db.select(db.func.count(StoredFile.id))) == 0
    assert not [p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()]


def test_a_pdf_that_opens_without_a_password_is_kept(app, folder, data):
    stored = storage.save_bytes(_owner_password_only(folder / "owner_only.pdf", data).read_bytes(), "验收报告.pdf")
    assert stored.format == "pdf"


def test_the_vendor_page_says_a_zip_bomb_is_not_damaged_and_keeps_no_version(client_for, ended_contract, folder):
    vendor = client_for("vendor")
    material = contract_materials(ended_contract)[0]
    bomb = hostile.docx_high_ratio_member(folder / "page_bomb.docx").read_bytes()
    response = upload(vendor, ended_contract, material.id, "运维工作方案.docx", bomb)
    assert response.status_code == 422
    text = text_of(response)
    assert "文件「运维工作方案.docx」：文件的压缩比超过 200 倍，可能是“压缩炸弹”，未读取。" in text
    assert "损坏" not in text
    assert db.session.scalar(db.select(db.func.count(MaterialFile.id))) == 0


def test_the_vendor_page_refuses_an_encrypted_pdf(client_for, ended_contract, folder, data):
    vendor = client_for("vendor")
    material = contract_materials(ended_contract)[0]
    locked = documents.pdf_encrypted(folder / "page_locked.pdf", data).read_bytes()
    response = upload(vendor, ended_contract, material.id, "验收报告.pdf", locked)
    assert response.status_code == 422
    assert "文件「验收报告.pdf」设有打开密码" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(MaterialFile.id))) == 0


def test_the_api_refuses_a_truncated_pdf_with_422_and_the_sentence(client, ended_contract, folder, data):
    import io

    cut = documents.pdf_truncated(folder / "api_cut.pdf", data).read_bytes()
    response = client.post(
        f"/api/v1/contracts/{ended_contract.id}/acceptance-materials",
        headers=api_headers("vendor"),
        content_type="multipart/form-data",
        data={"material": "日常巡检记录", "file": (io.BytesIO(cut), "巡检.pdf")},
    )
    assert response.status_code == 422
    assert response.json["error"] == "file_damaged" and "「巡检.pdf」已损坏或不完整" in response.json["message"]
    assert db.session.scalar(db.select(db.func.count(MaterialFile.id))) == 0


def test_a_long_pdf_is_kept_for_people_to_read(app, folder):
    """The page limit is the importer's (it parses every page); a stored material is only read by people."""
    long = hostile.pdf_many_pages(folder / "long.pdf", pages=1_001).read_bytes()
    assert storage.save_bytes(long, "巡检记录.pdf").format == "pdf"
