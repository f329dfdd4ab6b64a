"""Fixtures of the vendor portal tests: clients signed in as a given user, and contracts whose
service year has ended (or not), owned by the demo vendor (洛阳数智科技发展有限公司)."""

import html
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import AcceptanceMaterial
from contractmgr.models.acceptance import DEFAULT_MATERIALS
from tests.factories import make_contract
from tests.helpers import csrf_token
from tests.supplier.files import pdf_bytes

DEMO_VENDOR = "洛阳数智科技发展有限公司"


@pytest.fixture
def client_for(app, demo):
    """A new test client signed in as `username` (the demo users: officer, finance, vendor, vendor2, admin)."""

    def sign_in(username: str):
        client = app.test_client()
        token = csrf_token(client.get("/login"))
        response = client.post(
            "/login", data={"username": username, "password": f"{username}-demo", "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return sign_in


def with_materials(contract):
    for position, name in enumerate(DEFAULT_MATERIALS):
        db.session.add(AcceptanceMaterial(contract_id=contract.id, name=name, position=position))
    db.session.flush()
    return contract


@pytest.fixture
def ended_contract(demo):
    """The demo vendor's contract whose year ended three days ago: submitting now is in time."""
    end = clock.today() - timedelta(days=3)
    contract = make_contract(
        title="已期满运维项目",
        vendor=DEMO_VENDOR,
        total=Decimal("1000000.00"),
        lines=4,
        start=end - timedelta(days=364),
        end=end,
    )
    with_materials(contract)
    db.session.commit()
    return contract


def post_form(client, page_url: str, action: str, data: dict, **kwargs):
    """POST a form the way a browser does: the CSRF token read from the page it is on."""
    token = csrf_token(client.get(page_url))
    return client.post(action, data={"csrf_token": token, **data}, **kwargs)


def upload(client, contract, material_id: int, filename: str, content: bytes, page: str | None = None):
    """One file for one material, through the page's upload form (a list of one)."""
    return post_form(
        client,
        page or f"/vendor/contracts/{contract.id}",
        f"/vendor/contracts/{contract.id}/materials/files",
        {f"file-{material_id}": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def upload_all(client, contract):
    for material in contract_materials(contract):
        response = upload(client, contract, material.id, f"{material.name}.pdf", pdf_bytes(material.name))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def contract_materials(contract):
    from contractmgr.services.acceptance import materials_of

    return materials_of(contract)


def api_headers(username: str) -> dict:
    from contractmgr.models import User

    user = db.session.scalar(db.select(User).where(User.username == username))
    token = user.issue_token()
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def text_of(response) -> str:
    """The visible text of a page, tags removed, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
