"""The acceptance API: upload by material name, submit, review, and the history — the same services and
rules as the pages, and responses that match the OpenAPI document."""

import io

import pytest
from jsonschema import Draft202012Validator

from contractmgr.models.acceptance import DEFAULT_MATERIALS
from contractmgr.web.api.openapi import document
from tests.supplier.conftest import api_headers
from tests.supplier.files import docx_bytes, pdf_bytes


def valid(payload, schema_name: str) -> None:
    schema = {**document(), "$ref": f"#/components/schemas/{schema_name}"}
    errors = sorted(Draft202012Validator(schema).iter_errors(payload), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def put(client, contract, headers, material: str, name: str, content: bytes):
    return client.post(
        f"/api/v1/contracts/{contract.id}/acceptance-materials",
        headers=headers,
        content_type="multipart/form-data",
        data={"material": material, "file": (io.BytesIO(content), name)},
    )


def test_the_vendor_uploads_submits_and_the_officer_fails_then_passes_through_the_api(client, ended_contract):
    vendor, officer = api_headers("vendor"), api_headers("officer")
    base = f"/api/v1/contracts/{ended_contract.id}"
    first_version = docx_bytes("第一版")  # a zip: its bytes carry the time it was made, so keep them
    first = put(client, ended_contract, vendor, "日常巡检记录", "巡检.docx", first_version)
    assert first.status_code == 201
    valid(first.json, "MaterialVersion")
    assert (first.json["material"], first.json["version"], first.json["format"]) == ("日常巡检记录", 1, "docx")
    assert put(client, ended_contract, vendor, "日常巡检记录", "巡检.pdf", pdf_bytes("第二版")).json["version"] == 2
    unknown = put(client, ended_contract, vendor, "不存在的材料", "a.pdf", pdf_bytes())
    assert unknown.status_code == 400 and unknown.json["error"] == "material_unknown"

    missing = client.post(f"{base}/acceptance-submissions", headers=vendor, json={})
    assert missing.status_code == 422 and missing.json["error"] == "acceptance_materials_missing"
    assert "还缺 5 项必交材料" in missing.json["message"]
    for name in DEFAULT_MATERIALS[:5]:
        assert put(client, ended_contract, vendor, name, f"{name}.pdf", pdf_bytes(name)).status_code == 201
    submitted = client.post(f"{base}/acceptance-submissions", headers=vendor, json={"scope": "contract"})
    assert submitted.status_code == 201
    valid(submitted.json, "AcceptanceSubmission")
    assert {f["material"]: f["version"] for f in submitted.json["files"]}["日常巡检记录"] == 2

    review = f"/api/v1/acceptance-submissions/{submitted.json['id']}/review"
    assert client.post(review, headers=officer, json={"decision": "fail"}).status_code == 422  # reasons needed
    failed = client.post(review, headers=officer, json={"decision": "fail", "reasons": "运维服务流程未盖章"})
    assert failed.status_code == 200
    valid(failed.json, "AcceptanceSubmission")
    assert failed.json["penalties"][0]["kind"] == "acceptance_failed"
    assert failed.json["penalties"][0]["amount"] == "50000.00"
    assert failed.json["penalties"][0]["status"] == "proposed"
    assert client.post(review, headers=officer, json={"decision": "pass"}).json["error"] == "acceptance_already_decided"

    again = client.post(f"{base}/acceptance-submissions", headers=vendor, json={})
    assert again.status_code == 201 and again.json["attempt"] == 2
    passed = client.post(
        f"/api/v1/acceptance-submissions/{again.json['id']}/review",
        headers=officer,
        json={"decision": "pass", "reasons": ""},
    )
    assert passed.status_code == 200 and passed.json["decision"] == "pass"

    for headers in (vendor, officer):
        history = client.get(f"{base}/acceptance-submissions", headers=headers)
        assert history.status_code == 200
        valid(history.json, "AcceptanceHistory")
        scope = history.json["scopes"][0]
        assert (scope["scope"], scope["state"]) == ("contract", "passed")
        assert [(s["attempt"], s["decision"], s["reasons"]) for s in scope["submissions"]] == [
            (1, "fail", "运维服务流程未盖章"),
            (2, "pass", None),
        ]
    materials = client.get(f"{base}/acceptance-materials", headers=vendor).json["materials"]
    inspection_record = next(m for m in materials if m["name"] == "日常巡检记录")
    assert [v["version"] for v in inspection_record["versions"]] == [1, 2]
    download = client.get(
        f"{base}/acceptance-materials/files/{inspection_record['versions'][0]['id']}", headers=officer
    )
    assert download.status_code == 200 and download.data == first_version


def test_uploading_and_submitting_are_the_vendors_reviewing_the_officers(client, ended_contract):
    officer = api_headers("officer")
    response = put(client, ended_contract, officer, "项目清单", "清单.pdf", pdf_bytes())
    assert response.status_code == 403
    assert (
        client.post(
            f"/api/v1/contracts/{ended_contract.id}/acceptance-submissions", headers=officer, json={}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/acceptance-submissions/999999/review", headers=officer, json={"decision": "pass"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "path, method",
    [
        ("/contracts/{contract_id}/acceptance-materials", "get"),
        ("/contracts/{contract_id}/acceptance-materials", "post"),
        ("/contracts/{contract_id}/acceptance-materials/files/{file_id}", "get"),
        ("/contracts/{contract_id}/acceptance-submissions", "get"),
        ("/contracts/{contract_id}/acceptance-submissions", "post"),
        ("/acceptance-submissions/{submission_id}/review", "post"),
    ],
)
def test_each_route_is_documented(app, path, method):
    assert method in document()["paths"][path]
