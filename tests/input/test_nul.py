"""A NUL byte in anything sent (a form, a query string, a JSON body) is refused with a 400 and a
sentence before anything reaches the database: PostgreSQL text cannot hold one, and answered 500."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, SupplementaryContract
from tests.helpers import csrf_token

SAYS = "含有空字符"


def test_an_anonymous_login_with_a_nul_byte_in_the_name_is_refused(client, demo):
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"username": "a\x00b", "password": "x", "csrf_token": token})
    assert response.status_code == 400
    assert "「username」含有空字符" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_query_string_is_refused(officer):
    response = officer.get("/contracts/?q=a%00b")
    assert response.status_code == 400 and SAYS in response.get_data(as_text=True)


def test_a_nul_byte_in_a_form_field_is_refused_and_nothing_changes(officer, post_form, seed):
    title = seed.title
    url = f"/procurement/contracts/{seed.id}/edit"
    response = post_form(url, {"title": "新标题\x00"})
    assert response.status_code == 400 and "「title」含有空字符" in response.get_data(as_text=True)
    assert db.session.get(Contract, seed.id).title == title


def test_a_nul_byte_in_a_json_body_is_refused_in_json_naming_the_field(client, token, seed):
    for body, field in (
        ({"reason": "a\x00b"}, "reason"),
        ({"reason": "x", "lines": [{"name": "\x00", "amount_after": "1.00"}]}, "lines"),
    ):
        response = client.post(f"/api/v1/contracts/{seed.id}/supplements", json=body, headers=token("officer"))
        assert response.status_code == 400, response.get_data(as_text=True)
        assert response.json["error"] and f"「{field}」含有空字符" in response.json["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SupplementaryContract)) == 0


def test_a_nul_byte_in_a_bearer_token_is_not_a_server_error(client, demo):
    response = client.get("/api/v1/contracts", headers={"Authorization": "Bearer a\x00b"})
    assert response.status_code in (400, 401) and response.json["error"]
