"""Ids and integers the database cannot hold (2^31 and more) are a 404 or a field error, never a 500:
PostgreSQL refuses them in a query with an error (before, 79 of 80 id routes answered 500)."""

import re

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from contractmgr.extensions import db
from contractmgr.models import Contract, Penalty
from contractmgr.web.arguments import IdConverter

TOO_BIG = 2**31
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _id_routes(app) -> list:
    converters = [c for r in app.url_map.iter_rules() for c in r._converters.values()]
    assert all(isinstance(c, IdConverter) for c in converters if isinstance(c, IntegerConverter))
    rules = [r for r in app.url_map.iter_rules() if any(isinstance(c, IdConverter) for c in r._converters.values())]
    assert len(rules) >= 70  # every route that names a record by id
    return rules


def _url(rule, value: int) -> str:
    return _ARGUMENT.sub(lambda m: str(value) if m[1] == "int" else "x", rule.rule)


def _every_method(client, rule, url: str, headers=None):
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        yield method, client.open(url, method=method, headers=headers)


@pytest.mark.parametrize("username", ["officer", "vendor"])
def test_every_id_route_answers_404_for_an_id_no_integer_column_holds(app, demo, client, login, username):
    login(username)
    headers = {"Authorization": f"Bearer {_token(username)}"}
    for rule in _id_routes(app):
        for method, response in _every_method(client, rule, _url(rule, TOO_BIG), headers):
            assert response.status_code == 404, (method, rule.rule, response.status_code)
            if rule.rule.startswith("/api/"):
                assert response.json["error"], rule.rule


def test_the_largest_id_an_integer_holds_is_looked_up_and_not_found(app, demo, client, login):
    login("officer")
    headers = {"Authorization": f"Bearer {_token('officer')}"}
    for rule in _id_routes(app):
        if "GET" in rule.methods:
            response = client.get(_url(rule, TOO_BIG - 1), headers=headers)
            assert response.status_code in (403, 404), (rule.rule, response.status_code)


def _token(username: str) -> str:
    from contractmgr.models import User

    user = db.session.scalar(sa.select(User).where(User.username == username))
    value = user.issue_token()
    db.session.commit()
    return value


def test_the_openapi_document_bounds_path_ids(client, demo):
    document = client.get("/api/v1/openapi.json").json
    parameter = document["paths"]["/contracts/{contract_id}"]["get"]["parameters"][0]
    assert parameter["schema"] == {"type": "integer", "minimum": 0, "maximum": TOO_BIG - 1}


@pytest.mark.parametrize("query", ["purchaser=2147483648", "vendor=99999999999999999999", "year=99999", "year=²"])
def test_a_filter_with_an_impossible_id_or_year_is_ignored(demo, client, login, query):
    login("finance")
    assert client.get(f"/contracts/?{query}").status_code == 200
    assert client.get(f"/finance/?{query}").status_code == 200


def test_a_number_too_big_for_its_column_is_a_field_error_on_a_form(officer, post_form, seed):
    response = post_form(f"/procurement/contracts/{seed.id}/edit", {"min_onsite_staff": "99999999999"})
    assert response.status_code == 422
    assert "「99999999999」超出可填写的范围" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "late_delivery", "days": TOO_BIG},
        {"kind": "acceptance_failed", "attempt": TOO_BIG},
    ],
)
def test_a_number_too_big_for_its_column_is_refused_by_the_api(client, token, seed, body):
    response = client.post(f"/api/v1/contracts/{seed.id}/penalties", json=body, headers=token("officer"))
    assert response.status_code == 422 and "2147483647" in response.json["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Penalty)) == 0


def test_a_supplement_naming_a_line_by_a_huge_seq_is_refused(client, token, seed):
    body = {"reason": "x", "lines": [{"seq": TOO_BIG, "amount_after": "1.00"}]}
    response = client.post(f"/api/v1/contracts/{seed.id}/supplements", json=body, headers=token("officer"))
    assert response.status_code == 422 and response.json["error"] == "invalid_input"
    assert db.session.get(Contract, seed.id).supplements == []


@pytest.mark.parametrize("query", ["page=0", "per_page=-5", "page=1000000000000000000000000000000", "page=x"])
def test_the_api_refuses_a_page_outside_its_documented_range(client, token, query):
    response = client.get(f"/api/v1/contracts?{query}", headers=token("officer"))
    assert response.status_code == 422 and response.json["error"] == "invalid_input"
    assert query.split("=")[0] in response.json["message"]


def test_a_page_number_no_integer_holds_shows_the_first_page(demo, client, login):
    login("officer")
    assert client.get("/contracts/?page=1000000000000000000000000000000").status_code == 200
    assert client.get("/tenders/?page=-1&per_page=99999999999999999999").status_code == 200
