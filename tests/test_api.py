"""The JSON API: bearer tokens, the same rules as the pages, and an OpenAPI document that stays true."""

import re

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator

from contractmgr.extensions import db
from contractmgr.models import Contract, User
from contractmgr.web.api.openapi import document


@pytest.fixture
def token(app, demo):
    def issue(username: str) -> dict:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        value = user.issue_token()
        db.session.commit()
        return {"Authorization": f"Bearer {value}"}

    return issue


def _validate(payload, schema_name: str) -> None:
    """Validate a response against a component schema of our own OpenAPI document."""
    openapi = document()
    schema = {**openapi, "$ref": f"#/components/schemas/{schema_name}"}
    errors = sorted(Draft202012Validator(schema).iter_errors(payload), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_without_a_token_the_api_answers_401_in_json(client, demo):
    response = client.get("/api/v1/contracts")
    assert response.status_code == 401
    assert response.json["message"]


def test_a_revoked_or_made_up_token_is_refused(client, demo):
    response = client.get("/api/v1/contracts", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_the_officer_lists_and_reads_the_contract_with_money_as_decimal_strings(client, token):
    headers = token("officer")
    listing = client.get("/api/v1/contracts", headers=headers)
    assert listing.status_code == 200
    (summary,) = listing.json["contracts"]
    assert summary["total_amount"] == "8271400.00"
    detail = client.get(f"/api/v1/contracts/{summary['id']}", headers=headers).json
    assert len(detail["line_items"]) == 40
    line_40 = detail["line_items"][39]
    assert line_40["period"] == {"start": "2026-07-27", "end": "2027-07-26"}
    assert line_40["period_basis"] == "own_start" and line_40["days_past_contract_end"] == 66
    assert [m["amount"] for m in detail["milestones"]] == ["5789980.00", "2481420.00"]
    assert detail["chain"]["original_award_amount"] == "8271400.00"
    _validate(listing.json["contracts"][0], "ContractSummary")
    _validate(detail, "ContractDetail")


def test_a_vendor_token_never_reaches_another_vendors_contract(client, token):
    contract_id = db.session.scalar(sa.select(Contract.id))
    headers = token("vendor2")
    assert client.get("/api/v1/contracts", headers=headers).json["contracts"] == []
    response = client.get(f"/api/v1/contracts/{contract_id}", headers=headers)
    assert response.status_code == 404
    assert "line_items" not in response.json
    assert client.get(f"/api/v1/contracts/{contract_id}", headers=token("vendor")).status_code == 200


def test_the_token_is_not_a_session_and_the_session_is_not_a_token(client, token, login):
    login("officer")  # a browser session cookie alone does not open the API
    assert client.get("/api/v1/contracts").status_code == 401


def test_a_token_call_does_not_sign_the_caller_in_to_the_pages(app, token):
    client = app.test_client()
    response = client.get("/api/v1/contracts", headers=token("vendor"))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert client.get("/contracts/").status_code == 302  # to the login page


def test_a_revoked_token_no_longer_opens_the_api(app, client, token):
    headers = token("finance")
    assert client.get("/api/v1/contracts", headers=headers).status_code == 200
    result = app.test_cli_runner().invoke(args=["users", "revoke-tokens", "finance"])
    assert result.exit_code == 0 and "1" in result.output
    assert client.get("/api/v1/contracts", headers=headers).status_code == 401


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1") :])
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_api_route_is_in_the_openapi_document_and_nothing_else(app, client):
    served = client.get("/api/v1/openapi.json").json
    documented = {(path, method) for path, item in served["paths"].items() for method in item}
    assert documented == _api_routes(app)


def test_the_openapi_document_is_itself_valid_json_schema_where_it_declares_schemas(client):
    served = client.get("/api/v1/openapi.json").json
    assert served["openapi"].startswith("3.1")
    for _name, schema in served["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)


def test_every_api_route_but_the_openapi_document_sits_behind_an_area_guard(app):
    from contractmgr.web.api import authenticate
    from contractmgr.web.api.areas import Area

    assert authenticate in app.before_request_funcs["api"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        blueprint = rule.endpoint.rpartition(".")[0]
        area = app.blueprints.get(blueprint)
        assert isinstance(area, Area), f"{rule.rule} is declared outside the role areas"
        assert area.guard in app.before_request_funcs[blueprint], f"{rule.rule}: its area has no guard"


def test_a_role_outside_an_area_is_refused_before_anything_is_looked_up(app, client, token):
    from contractmgr.web.api.areas import AREAS

    outsiders = {"procurement": "finance", "supplier": "officer"}
    for area in AREAS:
        if not area.roles:
            continue
        headers = token(outsiders[area.name])
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(f"api.{area.name}."):
                continue
            url = re.sub(r"<(?:\w+:)?\w+>", "999999", rule.rule)  # no such record: 403 still comes first
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = client.open(url, method=method, headers=headers, json={})
                assert response.status_code == 403, (method, url, response.json)


def test_each_declared_body_example_fits_the_schema_generated_from_the_same_fields(client):
    served = client.get("/api/v1/openapi.json").json
    examples = 0
    for path, item in served["paths"].items():
        for method, described in item.items():
            for content in described.get("requestBody", {}).get("content", {}).values():
                if "example" in content:
                    schema = {**served, **content["schema"]}
                    errors = list(Draft202012Validator(schema).iter_errors(content["example"]))
                    assert not errors, (method, path, [e.message for e in errors])
                    examples += 1
    assert examples >= 5
