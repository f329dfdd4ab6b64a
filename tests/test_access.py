"""Roles and ownership: every page checks the role, and a vendor sees only its own contracts."""

import pytest
import sqlalchemy as sa

from contractmgr.domain.errors import NotFound
from contractmgr.extensions import db
from contractmgr.models import Contract, User
from contractmgr.services.access import contract_for
from tests.helpers import csrf_token


def _contract_id() -> int:
    return db.session.scalar(sa.select(Contract.id))


def test_pages_ask_for_a_login_first(demo, client):
    for path in ("/", "/contracts/", f"/contracts/{_contract_id()}", "/tenders/", "/admin/users"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_a_wrong_password_is_refused_with_a_message_in_chinese(demo, client):
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"username": "officer", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(demo, client):
    response = client.post("/login", data={"username": "officer", "password": "officer-demo"})
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "username, path, status",
    [
        ("vendor", "/tenders/", 403),
        ("vendor", "/admin/users", 403),
        ("finance", "/admin/users", 403),
        ("officer", "/admin/users", 403),
        ("admin", "/admin/users", 200),
        ("officer", "/tenders/", 200),
    ],
)
def test_each_area_admits_only_its_roles(demo, login, username, path, status):
    assert login(username).get(path).status_code == status


def test_a_vendor_sees_its_own_contract(demo, login):
    client = login("vendor")
    assert client.get(f"/contracts/{_contract_id()}").status_code == 200
    assert "洛阳" in client.get("/contracts/").get_data(as_text=True)


def test_another_vendor_gets_not_found_and_never_the_data(demo, login):
    client = login("vendor2")
    response = client.get(f"/contracts/{_contract_id()}")
    assert response.status_code == 404
    assert "洛阳数智" not in response.get_data(as_text=True)
    listing = client.get("/contracts/").get_data(as_text=True)
    assert "洛阳市行政审批" not in listing
    dashboard = client.get("/").get_data(as_text=True)
    assert "8,271,400.00" not in dashboard and "安阳" not in dashboard


def test_the_service_says_not_found_and_leaves_the_answer_to_the_web_layer(demo):
    other_vendor = db.session.scalar(sa.select(User).where(User.username == "vendor2"))
    with pytest.raises(NotFound):
        contract_for(other_vendor, _contract_id())
    with pytest.raises(NotFound):
        contract_for(other_vendor, 999_999)


def test_an_administrator_creates_a_vendor_user_whose_organisation_is_created_by_name(demo, login):
    client = login("admin")
    token = csrf_token(client.get("/admin/users"))
    response = client.post(
        "/admin/users",
        data={
            "username": "zhang",
            "role": "vendor",
            "vendor": "新供应商有限公司",
            "password": "long-enough",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "zhang" in page and "新供应商有限公司" in page


def test_a_vendor_user_without_an_organisation_is_refused_with_the_reason(demo, login):
    client = login("admin")
    token = csrf_token(client.get("/admin/users"))
    response = client.post(
        "/admin/users",
        data={"username": "li", "role": "vendor", "vendor": "", "password": "long-enough", "csrf_token": token},
    )
    assert response.status_code == 422
    assert "必须指定所属供应商单位" in response.get_data(as_text=True)


def test_contract_search_and_filters(demo, login):
    client = login("officer")
    assert "洛阳" in client.get("/contracts/?q=洛采公开-2026-54").get_data(as_text=True)
    assert "没有符合条件的合同" in client.get("/contracts/?q=不存在的项目").get_data(as_text=True)
    assert "没有符合条件的合同" in client.get("/contracts/?status=ended").get_data(as_text=True)
    assert "没有符合条件的合同" in client.get("/contracts/?year=2030").get_data(as_text=True)
    assert "洛阳市行政审批" in client.get("/contracts/?year=2027").get_data(as_text=True)
