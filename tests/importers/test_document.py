"""The payload: schema shape, round trip through the review form, every error path listed."""

import copy
import json
import re
from pathlib import Path

import pytest

from importers.document import SCHEMA_PATH, InvalidPayload, from_payload, validate_payload
from importers.scanned import DOUBT_BELOW

SHARED_SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "schema" / "document.schema.json"


@pytest.mark.skipif(not SHARED_SCHEMA.exists(), reason="../shared is not mounted")
def test_the_bundled_schema_is_version_4_reads_versions_2_and_3_and_keeps_every_field_of_the_shared_first_version():
    bundled = json.loads(SCHEMA_PATH.read_text("utf-8"))
    shared = json.loads(SHARED_SCHEMA.read_text("utf-8"))
    assert bundled["properties"]["schema_version"] == {
        "enum": [2, 3, 4],
        "description": bundled["properties"]["schema_version"]["description"],
    }
    assert bundled["required"] == shared["required"]
    assert bundled["properties"].keys() > shared["properties"].keys()
    for name in shared["properties"].keys() - {"kind", "line_items", "warnings", "source"}:
        assert bundled["properties"][name] == shared["properties"][name], name
    # a page image (png, jpeg) is a source format too
    shared_formats = shared["properties"]["source"]["properties"]["format"]["enum"]
    assert set(shared_formats) < set(bundled["properties"]["source"]["properties"]["format"]["enum"])
    assert set(shared["properties"]["kind"]["enum"]) < set(bundled["properties"]["kind"]["enum"])
    shared_line = shared["properties"]["line_items"]["items"]["properties"]
    bundled_line = bundled["properties"]["line_items"]["items"]["properties"]
    assert all(bundled_line[name] == shared_line[name] for name in shared_line)


def test_the_schema_states_the_ocr_score_below_which_a_field_is_doubted():
    """A reader of the schema alone (no access to the code) learns the number: the one the importer uses."""
    bundled = json.loads(SCHEMA_PATH.read_text("utf-8"))
    described = bundled["properties"]["sources"]["additionalProperties"]["properties"]["ocr_confidence"]["description"]
    stated = re.search(r"below (\d+(?:\.\d+)?) ", described)
    assert stated is not None and stated.group(1) == str(DOUBT_BELOW), described


def test_a_first_version_payload_still_reads(contract_data):
    assert "schema_version" not in contract_data
    validate_payload(contract_data)
    assert from_payload(contract_data).to_payload()["schema_version"] == 4


def test_demo_documents_are_valid(contract_data, tender_data):
    validate_payload(contract_data)
    validate_payload(tender_data)


def test_payload_round_trips_through_the_review_form(parsed_contract_pdf, parsed_tender):
    for document in (parsed_contract_pdf, parsed_tender):
        payload = document.to_payload()
        assert from_payload(payload).to_payload() == payload
        assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload  # plain JSON: no Decimal, no date


def test_payload_keeps_unknown_fields_null(parsed_tender):
    payload = parsed_tender.to_payload()
    assert payload["supplier"] is None and payload["total_amount"] is None and payload["renewal"] is None
    assert payload["line_items"][15]["start_on_confirmation"] is True
    assert payload["evaluation"] == {
        "full_payment_min_score": 90,
        "deduction_ratio_per_point": "0.002",
        "termination_below_score": 60,
    }


def test_corrected_payload_is_read_back(parsed_contract_pdf):
    payload = copy.deepcopy(parsed_contract_pdf.to_payload())
    payload["line_items"][0]["amount"] = "250001.00"
    payload["supplier"] = "洛阳数智科技发展有限公司（更正）"
    document = from_payload(payload)
    assert str(document.line_items[0].amount) == "250001.00"
    assert document.supplier.endswith("（更正）")


def test_invalid_payload_lists_every_error_path(parsed_contract_pdf):
    payload = copy.deepcopy(parsed_contract_pdf.to_payload())
    payload["total_amount"] = 8271400.0  # a float, not a money string
    payload["line_items"][3]["amount"] = "41,250.00"
    payload["service_period"]["start"] = "2026-02-30"
    del payload["line_items"][5]["unit"]
    with pytest.raises(InvalidPayload) as raised:
        validate_payload(payload)
    paths = [path for path, _ in raised.value.errors]
    assert paths == ["line_items/3/amount", "line_items/5", "service_period/start", "total_amount"]
    with pytest.raises(InvalidPayload):
        from_payload(payload)


def test_a_version_2_payload_kept_for_review_still_reads(contract_data):
    payload = from_payload(contract_data).to_payload() | {"schema_version": 2}
    validate_payload(payload)
    assert from_payload(payload).to_payload()["line_items"] == payload["line_items"]
