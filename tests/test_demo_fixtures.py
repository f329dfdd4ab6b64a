"""The demo fixtures contractmgr/demo/*.json: the two seed documents, typed in by hand.

They are what every user sees first, so what they say about money, periods and units is checked here.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "contractmgr" / "demo"
SCHEMA = ROOT / "importers" / "document.schema.json"


def load(name: str) -> dict:
    return json.loads((DEMO / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def contract() -> dict:
    return load("luoyang_contract.json")


@pytest.fixture(scope="module")
def tender() -> dict:
    return load("anyang_tender.json")


@pytest.mark.parametrize("name", ["luoyang_contract.json", "anyang_tender.json"])
def test_fixture_is_a_valid_document(name):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(load(name)), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_contract_has_40_lines_that_add_up_to_the_total(contract):
    lines = contract["line_items"]
    assert [line["seq"] for line in lines] == list(range(1, 41))
    total = sum((Decimal(line["amount"]) for line in lines), Decimal("0"))
    assert total == Decimal("8271400.00")
    assert Decimal(contract["total_amount"]) == total
    assert sum((Decimal(m["amount"]) for m in contract["payment_milestones"]), Decimal("0")) == total
    assert [(m["ratio"], m["amount"]) for m in contract["payment_milestones"]] == [
        ("0.70", "5789980.00"),
        ("0.30", "2481420.00"),
    ]


def test_contract_upper_case_total_reads_as_printed(contract):
    assert contract["total_amount_upper"] == "捌佰贰拾柒万壹仟肆佰元整"


def test_only_lines_35_and_40_start_on_their_own_date(contract):
    starts = {line["seq"]: line["start"] for line in contract["line_items"] if line["start"]}
    assert starts == {35: "2026-07-01", 40: "2026-07-27"}
    assert not any(line["start_on_confirmation"] for line in contract["line_items"])
    period = contract["service_period"]
    assert (date.fromisoformat(period["start"]), date.fromisoformat(period["end"])) == (
        date(2026, 5, 22),
        date(2027, 5, 21),
    )


def test_contract_lines_ask_the_staff_the_annex_names(contract):
    staff = {line["seq"]: line["onsite_staff"] for line in contract["line_items"]}
    assert (staff[1], staff[12], staff[13]) == (2, 5, 3)  # 需安排2名 / 5名 / 3名技术人员驻场
    assert staff[2] == 0


def test_tender_has_30_items_of_14_units(tender):
    items = tender["line_items"]
    assert [item["seq"] for item in items] == list(range(1, 31))
    assert len({item["unit"] for item in items}) == 14
    assert all(item["amount"] is None for item in items) and tender["supplier"] is None
    # the merged 服务单位 cells are filled down, the numbers 四 and 注1 cite point at the right items
    assert {items[n - 1]["unit"] for n in (16, 17, 18, 19, 20, 21, 22, 23, 24)} == {"安阳市行政审批和政务信息管理局"}
    assert items[15]["name"] == "安阳市电子政务外网线路服务项目"
    assert items[23]["name"] == "网络和信息安全综合监管平台（智慧安阳一期）"
    assert items[29]["name"] == "安阳市机动车尾气遥感监测系统项目运维"


def test_only_tender_items_16_24_30_start_on_confirmation(tender):
    waiting = [item["seq"] for item in tender["line_items"] if item["start_on_confirmation"]]
    assert waiting == [16, 24, 30]
    assert not any(item["start"] for item in tender["line_items"])


def test_tender_header_states_what_chapter_2_says(tender):
    assert tender["min_onsite_staff"] == 15
    assert tender["evaluation"] == {
        "full_payment_min_score": 90,
        "deduction_ratio_per_point": "0.002",
        "termination_below_score": 60,
    }
    assert tender["service_period"] == {"start": "2026-01-01", "end": "2026-12-31", "months": 12}
