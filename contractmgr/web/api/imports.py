"""Imports: parse an uploaded file (nothing is created), then save it as a separate, explicit call.

    POST /imports                   multipart, field `file` → the parsed document and the import's id
    GET  /imports/{id}              the import: its document (as corrected so far), warnings, problems
    POST /imports/{id}/confirm      optional corrected document → the tender or contract is created
    POST /imports/{id}/discard      nothing is created; the record and the file stay

The same services as the review page (services/imports.py), for procurement officers only (the
procurement area).
"""

import copy

from flask import jsonify, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.models import ImportRecord
from contractmgr.services import imports
from contractmgr.web.api.areas import operation
from contractmgr.web.api.areas import procurement as area
from contractmgr.web.api.bodies import Anything, Body, Date, Flag, Upload
from contractmgr.web.api.errors import findings_json
from contractmgr.web.api.schemas import json_body
from contractmgr.web.api.serializers import timestamp
from importers.document import schema as document_schema

# -- the bodies ------------------------------------------------------------------------------


class FileBody(Body):
    multipart = True
    file = Upload(required=True, code="file_missing", message=_l("请在 multipart 字段 file 中上传文件。"))


class ConfirmationBody(Body):
    optional = True
    code = "invalid_body"
    not_object = _l("请求体须为 JSON 对象。")
    document = Anything(
        {"$ref": "#/components/schemas/ParsedDocument"},
        description="the corrected document; omitted: the document as uploaded (or last saved)",
    )
    acknowledge_warnings = Flag(description="required true when warnings remain")
    signed_on = Date(code="invalid_date", message=_l("signed_on 须为 YYYY-MM-DD 格式的日期。"))


# -- the routes ------------------------------------------------------------------------------

_NOT_READY = {
    "description": "the document cannot be confirmed yet, or the file cannot be read",
    **json_body("ImportError"),
}
_CONFLICT = {
    "description": "the file was imported before, or the import is no longer in review",
    **json_body("ImportError"),
}


@area.post("/imports")
@operation(
    "Read an uploaded tender or contract file (PDF, Word, Excel); nothing is created until confirmed",
    body=FileBody,
    answers={
        201: ("the file was read and kept; the import awaits confirmation", "Import"),
        409: _CONFLICT,
        413: ("the file is larger than the upload limit", "ImportError"),
        415: ("not a PDF, Word (.docx) or Excel (.xlsx) file, whatever its name", "ImportError"),
        422: ("the file cannot be read: scanned, encrypted, damaged, no line-item table", "ImportError"),
    },
    refusal=409,
    carries=("import_id",),
)
def create_import():
    upload = FileBody.parse().file
    path = imports.spool(upload)
    try:
        record = imports.import_file(path, upload.filename or "", by=current_user)
    finally:
        path.unlink(missing_ok=True)
    db.session.commit()
    return jsonify(_import_json(record)), 201


@area.get("/imports/<int:import_id>")
@operation(
    "One import: the document, its warnings and what stops its confirmation", answers={200: ("the import", "Import")}
)
def get_import(import_id: int):
    return jsonify(_import_json(db.get_or_404(ImportRecord, import_id)))


@area.post("/imports/<int:import_id>/confirm")
@operation(
    "Create the tender or contract from the (corrected) document, in one transaction",
    body=ConfirmationBody,
    answers={
        201: ("created; contract_id or tender_id says which", "Import"),
        409: _CONFLICT,
        422: _NOT_READY,
    },
    refusal=409,
)
def confirm_import(import_id: int):
    record = db.get_or_404(ImportRecord, import_id)
    body = ConfirmationBody.parse()
    created = imports.confirm_import(
        record,
        copy.deepcopy(record.payload) if body.document is None else body.document,
        acknowledge_warnings=body.acknowledge_warnings or False,
        signed_on=body.signed_on,
    )
    db.session.commit()
    return jsonify(_import_json(record, created)), 201


@area.post("/imports/<int:import_id>/discard")
@operation(
    "Discard the import: nothing is created, the record and the file are kept",
    answers={200: ("discarded", "Import"), 409: _CONFLICT},
    refusal=409,
)
def discard_import(import_id: int):
    record = db.get_or_404(ImportRecord, import_id)
    imports.discard_import(record)
    db.session.commit()
    return jsonify(_import_json(record))


def _import_json(record: ImportRecord, created=None) -> dict:
    """The import as the API shows it; warnings and problems only while it is in review."""
    created = created or (imports.created_from(record) if record.status == "confirmed" else None)
    answer = {
        "import_id": record.id,
        "status": record.status,
        "kind": record.kind,
        "filename": record.filename,
        "sha256": record.sha256,
        "created_at": timestamp(record.created_at),
        "confirmed_at": timestamp(record.confirmed_at),
        "review_url": url_for("imports.review", import_id=record.id, _external=False),
        "contract_id": created.id if created is not None and record.kind == "contract" else None,
        "tender_id": created.id if created is not None and record.kind == "tender" else None,
        "document": record.payload,
    }
    if record.status == "review":
        problems = imports.payload_problems(record.payload)
        answer["problems"] = findings_json(problems)
        answer["warnings"] = findings_json(imports.review_warnings(record.payload))
    return answer


# -- the OpenAPI components ---------------------------------------------------------------------------------


def _document_component() -> dict:
    """document.schema.json as a component: its own $defs references pointed at their new place."""

    def move(node):
        if isinstance(node, dict):
            return {
                key: (
                    value.replace("#/$defs/", "#/components/schemas/ParsedDocument/$defs/")
                    if key == "$ref"
                    else move(value)
                )
                for key, value in node.items()
                if key not in ("$schema", "$id")
            }
        if isinstance(node, list):
            return [move(item) for item in node]
        return node

    return move(document_schema())


FINDING = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "stable: total_mismatch, import_field_required …"},
        "field": {"type": ["string", "null"], "description": "payload path, e.g. line_items/3/amount"},
        "message": {"type": "string"},
    },
}
IMPORT = {
    "type": "object",
    "required": ["import_id", "status", "kind", "filename", "sha256", "created_at", "document"],
    "properties": {
        "import_id": {"type": "integer"},
        "status": {"enum": ["review", "confirmed", "discarded"]},
        "kind": {"enum": ["tender", "contract", None]},
        "filename": {"type": "string"},
        "sha256": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
        "review_url": {"type": "string", "description": "the review page for people"},
        "contract_id": {"type": ["integer", "null"]},
        "tender_id": {"type": ["integer", "null"]},
        "document": {"$ref": "#/components/schemas/ParsedDocument"},
        "problems": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ImportFinding"},
            "description": "what must change before confirming (in review only)",
        },
        "warnings": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ImportFinding"},
            "description": "the cross-checks on the document as it stands (in review only)",
        },
    },
}
NOT_READY = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/ImportFinding"}},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/ImportFinding"}},
        "import_id": {"type": ["integer", "null"]},
    },
}
SCHEMAS = {
    "ParsedDocument": _document_component(),
    "Import": IMPORT,
    "ImportFinding": FINDING,
    "ImportError": NOT_READY,
}
