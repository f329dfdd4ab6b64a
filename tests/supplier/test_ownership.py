"""A vendor reaches only its own organisation's contracts: vendor2 cannot list, read, upload to or
download from the demo vendor's contract — through the pages, the API and direct file URLs."""

import io

import pytest

from contractmgr.extensions import db
from contractmgr.models import Inspection, MaterialFile
from tests.supplier.conftest import api_headers, contract_materials, post_form, upload, upload_all
from tests.supplier.files import pdf_bytes


@pytest.fixture
def owned(client_for, ended_contract):
    """The demo vendor's contract with a material version and an inspection that has a file."""
    vendor = client_for("vendor")
    material = contract_materials(ended_contract)[0]
    assert upload(vendor, ended_contract, material.id, "清单.pdf", pdf_bytes("机密清单")).status_code == 302
    line = ended_contract.lines[0]
    response = post_form(
        vendor,
        f"/vendor/contracts/{ended_contract.id}/inspections",
        f"/vendor/contracts/{ended_contract.id}/inspections",
        {
            "line": str(line.id),
            "inspected_on": ended_contract.end_on.isoformat(),
            "inspector": "张工",
            "findings": "正常",
            "file": (io.BytesIO(pdf_bytes("巡检报告")), "巡检.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    version = db.session.scalar(db.select(MaterialFile))
    inspection = db.session.scalar(db.select(Inspection))
    return ended_contract, material, version, inspection


def test_the_owner_downloads_its_own_file_with_the_content_it_uploaded(client_for, owned):
    contract, _, version, inspection = owned
    vendor = client_for("vendor")
    response = vendor.get(f"/vendor/contracts/{contract.id}/files/{version.id}")
    assert response.status_code == 200
    assert response.data == pdf_bytes("机密清单")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert vendor.get(f"/vendor/contracts/{contract.id}/inspections/{inspection.id}/file").data == pdf_bytes("巡检报告")


def test_another_vendor_does_not_see_the_contract_in_its_list(client_for, owned):
    contract = owned[0]
    other = client_for("vendor2")
    assert contract.title not in other.get("/contracts/").get_data(as_text=True)
    assert contract.title not in other.get("/deadlines/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["", "/inspections", "/staff"])
def test_another_vendor_cannot_read_the_contracts_portal_pages(client_for, owned, path):
    contract = owned[0]
    assert client_for("vendor2").get(f"/vendor/contracts/{contract.id}{path}").status_code == 404
    assert client_for("vendor2").get(f"/contracts/{contract.id}").status_code == 404


def test_another_vendor_cannot_download_by_guessing_file_urls(client_for, owned):
    contract, _, version, inspection = owned
    other = client_for("vendor2")
    assert other.get(f"/vendor/contracts/{contract.id}/files/{version.id}").status_code == 404
    assert other.get(f"/vendor/contracts/{contract.id}/inspections/{inspection.id}/file").status_code == 404
    # The purchaser's download URLs are not a way round: they are not a vendor's at all.
    assert other.get(f"/acceptance/contracts/{contract.id}/files/{version.id}").status_code == 403


def test_a_file_id_of_one_contract_is_not_served_under_another(client_for, owned, demo):
    """vendor2 gets a contract of its own; asking for vendor's file id under it is still a 404."""
    from contractmgr.models import User
    from tests.factories import make_contract

    contract, _, version, inspection = owned
    vendor2 = db.session.scalar(db.select(User).where(User.username == "vendor2"))
    own = make_contract(title="另一供应商的合同", vendor=vendor2.vendor.name, lines=2)
    db.session.commit()
    other = client_for("vendor2")
    assert other.get(f"/vendor/contracts/{own.id}").status_code == 200
    assert other.get(f"/vendor/contracts/{own.id}/files/{version.id}").status_code == 404
    assert other.get(f"/vendor/contracts/{own.id}/inspections/{inspection.id}/file").status_code == 404


def test_another_vendor_cannot_upload_submit_or_record_on_the_contract(client_for, owned):
    contract, material, _, _ = owned
    other = client_for("vendor2")
    own_page = "/deadlines/"  # any page of its own gives vendor2 a valid CSRF token
    before = db.session.scalar(db.select(db.func.count(MaterialFile.id)))
    response = upload(other, contract, material.id, "冒充.pdf", pdf_bytes("冒充"), page=own_page)
    assert response.status_code == 404
    assert (
        post_form(other, own_page, f"/vendor/contracts/{contract.id}/submissions", {"scope": "contract"}).status_code
        == 404
    )
    assert (
        post_form(
            other,
            own_page,
            f"/vendor/contracts/{contract.id}/staff",
            {"person_name": "冒充", "on_site_from": "2026-01-01"},
        ).status_code
        == 404
    )
    assert db.session.scalar(db.select(db.func.count(MaterialFile.id))) == before


def test_another_vendors_api_token_never_reaches_the_contract(client, owned):
    contract, _, version, _ = owned
    headers = api_headers("vendor2")
    base = f"/api/v1/contracts/{contract.id}"
    assert client.get(f"{base}/acceptance-submissions", headers=headers).status_code == 404
    assert client.get(f"{base}/acceptance-materials", headers=headers).status_code == 404
    assert client.get(f"{base}/acceptance-materials/files/{version.id}", headers=headers).status_code == 404
    response = client.post(
        f"{base}/acceptance-materials",
        headers=headers,
        content_type="multipart/form-data",
        data={"material": "项目清单", "file": (io.BytesIO(pdf_bytes()), "a.pdf")},
    )
    assert response.status_code == 404
    assert response.json["error"] == "Not Found"
    assert client.post(f"{base}/acceptance-submissions", headers=headers, json={}).status_code == 404


def test_another_vendors_token_cannot_review_and_its_own_owner_cannot_either(client, client_for, owned):
    contract = owned[0]
    upload_all(client_for("vendor"), contract)
    submitted = client.post(
        f"/api/v1/contracts/{contract.id}/acceptance-submissions", headers=api_headers("vendor"), json={}
    )
    assert submitted.status_code == 201, submitted.json
    review = f"/api/v1/acceptance-submissions/{submitted.json['id']}/review"
    for username in ("vendor2", "vendor", "finance"):
        assert client.post(review, headers=api_headers(username), json={"decision": "pass"}).status_code == 403


def test_vendors_cannot_open_the_purchasers_review_pages(client_for, owned):
    contract = owned[0]
    vendor = client_for("vendor")
    assert vendor.get("/acceptance/").status_code == 403
    assert vendor.get(f"/acceptance/contracts/{contract.id}").status_code == 403


def test_finance_reads_the_review_page_but_cannot_decide(client_for, owned):
    contract = owned[0]
    finance = client_for("finance")
    assert finance.get(f"/acceptance/contracts/{contract.id}").status_code == 200
    response = post_form(
        finance,
        f"/acceptance/contracts/{contract.id}",
        f"/acceptance/contracts/{contract.id}/materials",
        {"name": "额外材料"},
    )
    assert response.status_code == 403
    # and the vendor portal itself is the vendor's only
    assert finance.get(f"/vendor/contracts/{contract.id}").status_code == 403
