"""The contract as OCDS 1.1 data, validated offline against the 1.1.5 release-package schema."""

import json
from datetime import date
from decimal import Decimal

import pytest

from contractmgr.exports.ocds import dumps, release_package
from contractmgr.extensions import db
from tests.exports.records import record_payment, record_supplement
from tests.factories import make_contract

URI = "https://example.org/api/v1/contracts/1/ocds.json"


def _package(contract, **kwargs) -> dict:
    """The package as a client reads it: our JSON text parsed with numbers as decimals."""
    return json.loads(dumps(release_package(contract, uri=URI, **kwargs)), parse_float=Decimal)


def _errors(validator, package) -> list[str]:
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(package)]


def test_the_demo_contract_is_a_valid_release_package(demo_contract, ocds_validator):
    package = _package(demo_contract)
    assert _errors(ocds_validator, package) == []
    assert _errors(ocds_validator, json.loads(dumps(release_package(demo_contract, uri=URI)))) == []
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-xxxxxx-{demo_contract.chain_id}"
    assert release["tag"] == ["contract"]
    assert package["publisher"]["name"] == "洛阳市行政审批和政务信息管理局"


def test_the_schema_check_itself_catches_an_invalid_package(demo_contract, ocds_validator):
    package = _package(demo_contract)
    package["releases"][0]["contracts"][0]["value"]["amount"] = "8271400.00"  # a string where OCDS wants a number
    del package["releases"][0]["ocid"]
    errors = _errors(ocds_validator, package)
    assert any("'ocid' is a required property" in error for error in errors)
    assert any("is not of type 'number'" in error for error in errors)


def test_parties_play_their_roles_and_user_units_are_listed_once(demo_contract):
    (release,) = _package(demo_contract)["releases"]
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles["洛阳数智科技发展有限公司"] == ["supplier", "payee"]
    assert {"buyer", "procuringEntity", "payer"} <= set(roles["洛阳市行政审批和政务信息管理局"])
    units = {line.unit.name for line in demo_contract.lines}
    assert all("userUnit" in roles[name] for name in units)
    assert len(release["parties"]) == len({p["id"] for p in release["parties"]})
    buyer_id = next(p["id"] for p in release["parties"] if p["name"] == "洛阳市行政审批和政务信息管理局")
    assert release["buyer"]["id"] == release["tender"]["procuringEntity"]["id"] == buyer_id


def test_the_contract_has_an_item_per_line_and_money_as_exact_numbers(demo_contract):
    text = dumps(release_package(demo_contract, uri=URI))
    assert '"amount": 8271400.00' in text and '"amount": 240000.00' in text
    (release,) = json.loads(text, parse_float=Decimal)["releases"]
    (contract,) = release["contracts"]
    assert contract["value"] == {"amount": Decimal("8271400.00"), "currency": "CNY"}
    assert release["awards"][0]["value"]["amount"] == Decimal("8271400.00")
    assert contract["awardID"] == release["awards"][0]["id"]
    assert len(contract["items"]) == 40
    assert contract["items"][39] == {
        "id": "40",
        "description": "洛阳市农业农村局：洛阳市智慧乡村信息系统",
        "quantity": 1,
        "unit": {"name": "项", "value": {"amount": Decimal("240000.00"), "currency": "CNY"}},
    }
    assert sum(item["unit"]["value"]["amount"] for item in contract["items"]) == Decimal("8271400.00")
    assert contract["period"] == {"startDate": "2026-05-22T00:00:00+08:00", "endDate": "2027-05-21T23:59:59+08:00"}


def test_payment_milestones_become_financing_milestones_and_payments_transactions(demo_contract, ocds_validator):
    record_payment(demo_contract, 1, Decimal("5789980.00"), date(2026, 6, 30))
    record_payment(demo_contract, 2, Decimal("1000000.00"), date(2027, 7, 1))
    package = _package(demo_contract)
    assert _errors(ocds_validator, package) == []
    (release,) = package["releases"]
    (contract,) = release["contracts"]
    assert "implementation" in release["tag"]
    first, second = contract["milestones"]
    assert (first["type"], first["status"], first["dateMet"]) == ("financing", "met", "2026-06-30T00:00:00+08:00")
    assert first["title"] == "第1笔付款（合同总额的70%）" and "5789980.00" in first["description"]
    assert second["status"] == "partiallyMet" and "dateMet" not in second
    transactions = contract["implementation"]["transactions"]
    assert [t["value"]["amount"] for t in transactions] == [Decimal("5789980.00"), Decimal("1000000.00")]
    assert transactions[0]["payer"]["name"] == "洛阳市行政审批和政务信息管理局"
    assert transactions[0]["payee"]["name"] == "洛阳数智科技发展有限公司"


def test_a_milestone_whose_clock_started_has_a_due_date_in_working_days(demo_contract):
    demo_contract.milestones[0].clock_started_on = date(2026, 5, 22)
    db.session.flush()
    milestone = _package(demo_contract)["releases"][0]["contracts"][0]["milestones"][0]
    # 30 working days after 2026-05-22: the Dragon Boat Festival (19 June) is off
    assert milestone["dueDate"] == "2026-07-06T23:59:59+08:00"
    assert milestone["status"] == "scheduled"


def test_supplementary_contracts_are_amendments_and_raise_the_contract_value(demo_contract, ocds_validator):
    line_3 = demo_contract.lines[2]
    record_supplement(
        demo_contract,
        changes=[(3, line_3.name, Decimal("117000.00")), (None, "教育资源公共服务平台", Decimal("120000.00"))],
    )
    package = _package(demo_contract)
    assert _errors(ocds_validator, package) == []
    (release,) = package["releases"]
    (contract,) = release["contracts"]
    assert release["tag"] == ["contract", "contractAmendment"]
    (amendment,) = contract["amendments"]
    assert amendment["id"] == "supplement-1" and amendment["date"] == "2026-09-01T00:00:00+08:00"
    assert amendment["rationale"] == "因使用单位业务量增加，增加运维工作量"
    assert f"第3项{line_3.name}：67000.00→117000.00（+50000.00）" in amendment["description"]
    assert "新增教育资源公共服务平台：—→120000.00（+120000.00）" in amendment["description"]
    assert contract["value"]["amount"] == Decimal("8441400.00")
    assert release["awards"][0]["value"]["amount"] == Decimal("8271400.00")  # the award stays as awarded


def test_the_prefix_and_publisher_come_from_the_caller_and_a_change_gives_a_new_release_id(app, ocds_validator):
    contract = make_contract()
    db.session.commit()
    package = _package(
        contract,
        ocid_prefix="ocds-abc123",
        publisher="洛阳市政务数据平台",
        license_url="https://creativecommons.org/licenses/by/4.0/",
    )
    assert _errors(ocds_validator, package) == []
    assert package["releases"][0]["ocid"] == f"ocds-abc123-{contract.chain_id}"
    assert package["publisher"] == {"name": "洛阳市政务数据平台"}
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert _package(contract, ocid_prefix="ocds-abc123")["releases"][0]["id"] == package["releases"][0]["id"]
    contract.signed_on = date(2026, 5, 20)
    db.session.commit()
    changed = _package(contract, ocid_prefix="ocds-abc123")
    assert changed["releases"][0]["id"] != package["releases"][0]["id"]
    assert changed["publishedDate"] >= package["publishedDate"]


def test_dumps_refuses_floats_and_writes_decimals_as_they_are():
    assert dumps({"a": [Decimal("0.10"), 1, None, True, "中"]}) == '{"a": [0.10,1,null,true,"中"]}'
    with pytest.raises(TypeError):
        dumps({"amount": 0.1})
    assert json.loads(dumps({"x": {}, "y": []}, indent=2)) == {"x": {}, "y": []}
