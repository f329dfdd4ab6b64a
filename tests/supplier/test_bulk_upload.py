"""Several acceptance materials in one POST (a file chosen in each row, one button): every file checked as a
single upload is, all kept as new versions or none kept, a sentence per refused file naming it and its material,
and only the vendor's own contract."""

import io
import os

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from contractmgr.extensions import db
from contractmgr.models import MaterialFile, StoredFile
from tests.helpers import csrf_token
from tests.supplier.conftest import contract_materials, text_of
from tests.supplier.files import OLE2_BYTES, docx_bytes, image_bytes, pdf_bytes


def upload_several(client, contract, files: dict, page: str | None = None):
    """POST the multi-upload form with `files`: {material: (file name, content)}, the CSRF token read from
    `page`. The body is built here, in memory: the test client would spool a large one (over 500 KB) to a
    temporary file it never closes."""
    token = csrf_token(client.get(page or f"/vendor/contracts/{contract.id}"))
    fields = {f"file-{m.id}": FileStorage(io.BytesIO(content), name) for m, (name, content) in files.items()}
    boundary, body = encode_multipart({"csrf_token": token, **fields})
    return client.post(
        f"/vendor/contracts/{contract.id}/materials/files",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def versions_of(material) -> list[tuple[int, str]]:
    rows = db.session.scalars(
        db.select(MaterialFile).where(MaterialFile.material_id == material.id).order_by(MaterialFile.version)
    )
    return [(row.version, row.stored_file.original_name) for row in rows]


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


@pytest.fixture
def vendor(client_for, ended_contract):
    return client_for("vendor")


def test_six_materials_are_uploaded_with_one_post(vendor, ended_contract):
    materials = contract_materials(ended_contract)
    files = {m: (f"{m.name}.pdf", pdf_bytes(m.name)) for m in materials}
    response = upload_several(vendor, ended_contract, files)
    assert response.status_code == 302, text_of(response)[:800]
    page = text_of(vendor.get(response.headers["Location"]))
    assert "已上传 6 个文件" in page
    db.session.expire_all()
    assert {m.name: versions_of(m) for m in materials} == {m.name: [(1, f"{m.name}.pdf")] for m in materials}


def test_a_second_upload_adds_versions_and_keeps_the_first(vendor, ended_contract):
    plan, team = contract_materials(ended_contract)[1:3]
    first = upload_several(
        vendor, ended_contract, {plan: ("方案.pdf", pdf_bytes("方案一")), team: ("团队.pdf", pdf_bytes("团队一"))}
    )
    assert first.status_code == 302
    second = upload_several(vendor, ended_contract, {plan: ("方案二.docx", docx_bytes("方案二"))})
    assert second.status_code == 302
    db.session.expire_all()
    assert versions_of(plan) == [(1, "方案.pdf"), (2, "方案二.docx")]
    assert versions_of(team) == [(1, "团队.pdf")]
    old = db.session.scalar(
        db.select(MaterialFile).where(MaterialFile.material_id == plan.id, MaterialFile.version == 1)
    )
    assert vendor.get(f"/vendor/contracts/{ended_contract.id}/files/{old.id}").data == pdf_bytes("方案一")


def test_one_bad_file_keeps_every_file_out_and_each_bad_one_is_named(vendor, ended_contract):
    listing, plan, team, emergency = contract_materials(ended_contract)[:4]
    before = (count(MaterialFile), count(StoredFile))
    response = upload_several(
        vendor,
        ended_contract,
        {
            listing: ("项目清单.pdf", pdf_bytes("清单")),
            plan: ("方案.pdf", image_bytes("PNG")),  # a picture named .pdf
            team: ("团队.doc", OLE2_BYTES),  # an old binary Word file
            emergency: ("应急.pdf", pdf_bytes("应急")),
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "2 个文件未通过检查，本次没有保存任何文件" in page
    assert "「运维工作方案及计划」：文件「方案.pdf」的内容是 PNG，与文件名不符" in page
    assert "「运维团队管理方案」：文件「团队.doc」的内容不是 PDF、Word (.docx)" in page
    # the sentences stand under the rows of the refused files, not under the good ones
    body = response.get_data(as_text=True)
    plan_row = body[body.index(f'id="material-{plan.id}"') : body.index(f'id="material-{team.id}"')]
    listing_row = body[body.index(f'id="material-{listing.id}"') : body.index(f'id="material-{plan.id}"')]
    assert "方案.pdf" in plan_row and 'class="error"' in plan_row
    assert 'class="error"' not in listing_row
    db.session.expire_all()
    assert (count(MaterialFile), count(StoredFile)) == before


def test_a_file_that_is_not_of_an_accepted_type_is_refused_alone(vendor, ended_contract):
    listing = contract_materials(ended_contract)[0]
    response = upload_several(vendor, ended_contract, {listing: ("清单.txt", "序号,名称\n1,服务器".encode())})
    assert response.status_code == 422
    assert "「项目清单」：文件「清单.txt」的内容不是 PDF" in text_of(response)
    assert count(MaterialFile) == 0


def test_no_file_chosen_says_so(vendor, ended_contract):
    response = upload_several(vendor, ended_contract, {})
    assert response.status_code == 422
    assert "请至少为一项材料选择文件。" in text_of(response)


def test_another_vendor_cannot_upload_to_the_contract(client_for, ended_contract):
    other = client_for("vendor2")
    listing = contract_materials(ended_contract)[0]
    response = upload_several(other, ended_contract, {listing: ("冒充.pdf", pdf_bytes("冒充"))}, page="/deadlines/")
    assert response.status_code == 404
    assert count(MaterialFile) == 0


def test_a_material_of_another_contract_is_not_reached_through_ones_own(client_for, ended_contract, demo):
    """vendor2 posts to its own contract a file for a material id of the demo vendor's contract: not read."""
    from contractmgr.models import User
    from tests.factories import make_contract
    from tests.supplier.conftest import with_materials

    vendor2 = db.session.scalar(db.select(User).where(User.username == "vendor2"))
    own = with_materials(make_contract(title="另一供应商的合同", vendor=vendor2.vendor.name, lines=2))
    db.session.commit()
    foreign = contract_materials(ended_contract)[0]
    response = upload_several(client_for("vendor2"), own, {foreign: ("冒充.pdf", pdf_bytes("冒充"))})
    assert response.status_code == 422
    assert "请至少为一项材料选择文件。" in text_of(response)
    assert count(MaterialFile) == 0


def noise_png(side: int) -> bytes:
    """A PNG of random pixels: it does not compress, so its size is about side × side × 3 bytes."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_each_file_may_be_as_large_as_a_single_upload_though_together_they_are_larger(app, vendor, ended_contract):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # MAX_UPLOAD_MB=1, so the files are small to make
    photos = {m: (f"{m.name}.png", noise_png(500)) for m in contract_materials(ended_contract)[:3]}
    assert all(700_000 < len(content) < 1024 * 1024 for _, content in photos.values())
    response = upload_several(vendor, ended_contract, photos)
    assert response.status_code == 302, text_of(response)[:800]
    assert count(MaterialFile) == 3

    listing = contract_materials(ended_contract)[0]
    response = upload_several(vendor, ended_contract, {listing: ("大图.png", noise_png(700))})
    assert response.status_code == 422
    assert "「项目清单」：文件「大图.png」超过 1.0 MB 的上限" in text_of(response)
    assert count(MaterialFile) == 3


def _three_large_photos(app, contract) -> dict:
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    return {m: (f"{m.name}.png", noise_png(500)) for m in contract_materials(contract)[:3]}


def test_a_body_of_several_files_is_read_only_for_the_contracts_own_vendor(app, client, client_for, ended_contract):
    """The limit is raised (one file per material) before the CSRF check reads the form; for anyone but
    the contract's vendor the request keeps the single-file limit, refused before it is read."""
    photos = _three_large_photos(app, ended_contract)
    for someone in (client, client_for("vendor2"), client_for("officer")):  # signed out, another vendor, an officer
        fields = {f"file-{m.id}": FileStorage(io.BytesIO(content), name) for m, (name, content) in photos.items()}
        boundary, body = encode_multipart({"csrf_token": "x", **fields})
        response = someone.post(
            f"/vendor/contracts/{ended_contract.id}/materials/files",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert response.status_code == 413
    assert count(MaterialFile) == 0
