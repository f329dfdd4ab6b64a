"""Imports: parse an uploaded file (nothing is created), then save it as a separate, explicit call.

    POST /imports                   multipart, field `file` → the parsed document and the import's id
    GET  /imports/{id}              the import: its document (as corrected so far), warnings, problems
    POST /imports/{id}/confirm      optional corrected document → the tender or contract is created
    POST /imports/{id}/discard      nothing is created; the record and the file stay

The same services as the review page (services/imports.py), for procurement officers only.
"""

import copy
from datetime import date
from functools import wraps

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import ImportRecord, Role
from contractmgr.services import imports
from contractmgr.services.storage import upload_limit
from contractmgr.texts.imports import document_message
from contractmgr.texts.messages import explain, finding_text
from contractmgr.web.api import bp
from contractmgr.web.api.schemas import DATE_OR_NULL, ERRORS, json_body, path_id
from importers import DocumentError, FileTooLarge, UnsupportedFormat
from importers.document import schema as document_schema


def procurement_only(view):
    """Imports are the procurement officer's: any other role gets 403."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if current_user.role != Role.PROCUREMENT:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def _error(code: str, message: str, status: int, **extra):
    return jsonify(error=code, message=message, **extra), status


@bp.post("/imports")
@procurement_only
def create_import():
    upload = request.files.get("file")
    if upload is None:
        return _error("file_missing", _("请在 multipart 字段 file 中上传文件。"), 422)
    path = imports.spool(upload)
    try:
        record = imports.import_file(path, upload.filename or "", by=current_user)
    except DocumentError as error:
        db.session.rollback()
        status = 413 if isinstance(error, FileTooLarge) else 415 if isinstance(error, UnsupportedFormat) else 422
        return _error(error.code, document_message(error, upload_limit()), status)
    except RuleViolation as violation:
        db.session.rollback()
        return _error(
            violation.code,
            explain(violation.code, **violation.params),
            409,
            import_id=violation.params.get("import_id"),
        )
    finally:
        path.unlink(missing_ok=True)
    db.session.commit()
    return jsonify(_import_json(record)), 201


@bp.get("/imports/<int:import_id>")
@procurement_only
def get_import(import_id: int):
    return jsonify(_import_json(db.get_or_404(ImportRecord, import_id)))


@bp.post("/imports/<int:import_id>/confirm")
@procurement_only
def confirm_import(import_id: int):
    record = db.get_or_404(ImportRecord, import_id)
    body = request.get_json(silent=True) or {}
    if not isinstance(body, dict):
        return _error("invalid_body", _("请求体须为 JSON 对象。"), 422)
    try:
        signed_on = date.fromisoformat(body["signed_on"]) if body.get("signed_on") else None
    except (TypeError, ValueError):
        return _error("invalid_date", _("signed_on 须为 YYYY-MM-DD 格式的日期。"), 422)
    payload = body.get("document") if isinstance(body.get("document"), dict) else copy.deepcopy(record.payload)
    try:
        created = imports.confirm_import(
            record, payload, acknowledge_warnings=bool(body.get("acknowledge_warnings")), signed_on=signed_on
        )
    except imports.ImportNotReady as not_ready:
        db.session.rollback()
        problems = not_ready.problems
        message = finding_text(problems[0]) if len(problems) == 1 else explain(not_ready.code, **not_ready.params)
        return _error(
            not_ready.code, message, 422, problems=_findings(problems), warnings=_findings(not_ready.warnings)
        )
    except RuleViolation as violation:
        db.session.rollback()
        return _error(violation.code, explain(violation.code, **violation.params), 409)
    db.session.commit()
    return jsonify(_import_json(record, created)), 201


@bp.post("/imports/<int:import_id>/discard")
@procurement_only
def discard_import(import_id: int):
    record = db.get_or_404(ImportRecord, import_id)
    try:
        imports.discard_import(record)
    except RuleViolation as violation:
        db.session.rollback()
        return _error(violation.code, explain(violation.code, **violation.params), 409)
    db.session.commit()
    return jsonify(_import_json(record))


def _findings(findings) -> list[dict]:
    return [{"code": f.code, "field": f.target, "message": finding_text(f)} for f in findings]


def _import_json(record: ImportRecord, created=None) -> dict:
    """The import as the API shows it; warnings and problems only while it is in review."""
    created = created or (imports.created_from(record) if record.status == "confirmed" else None)
    answer = {
        "import_id": record.id,
        "status": record.status,
        "kind": record.kind,
        "filename": record.filename,
        "sha256": record.sha256,
        "created_at": record.created_at.isoformat(),
        "confirmed_at": record.confirmed_at.isoformat() if record.confirmed_at else None,
        "review_url": url_for("imports.review", import_id=record.id, _external=False),
        "contract_id": created.id if created is not None and record.kind == "contract" else None,
        "tender_id": created.id if created is not None and record.kind == "tender" else None,
        "document": record.payload,
    }
    if record.status == "review":
        problems = imports.payload_problems(record.payload)
        answer["problems"] = _findings(problems)
        answer["warnings"] = _findings(imports.review_warnings(record.payload))
    return answer


# -- OpenAPI ---------------------------------------------------------------------------------


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
CONFIRM = {
    "type": "object",
    "properties": {
        "document": {
            "$ref": "#/components/schemas/ParsedDocument",
            "description": "the corrected document; omitted: the document as uploaded (or last saved)",
        },
        "acknowledge_warnings": {
            "type": "boolean",
            "default": False,
            "description": "required true when warnings remain",
        },
        "signed_on": DATE_OR_NULL,
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
_NOT_READY = {
    "description": "the document cannot be confirmed yet, or the file cannot be read",
    **json_body("ImportError"),
}
_CONFLICT = {
    "description": "the file was imported before, or the import is no longer in review",
    **json_body("ImportError"),
}

PATHS = {
    "/imports": {
        "post": {
            "summary": "Read an uploaded tender or contract file (PDF, Word, Excel); nothing is created until confirmed",
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "the file was read and kept; the import awaits confirmation",
                    **json_body("Import"),
                },
                "409": _CONFLICT,
                "413": {"description": "the file is larger than the upload limit", **json_body("ImportError")},
                "415": {
                    "description": "not a PDF, Word (.docx) or Excel (.xlsx) file, whatever its name",
                    **json_body("ImportError"),
                },
                "422": {
                    "description": "the file cannot be read: scanned, encrypted, damaged, no line-item table",
                    **json_body("ImportError"),
                },
                **ERRORS,
            },
        }
    },
    "/imports/{import_id}": {
        "get": {
            "summary": "One import: the document, its warnings and what stops its confirmation",
            "parameters": [path_id("import_id")],
            "responses": {"200": {"description": "the import", **json_body("Import")}, **ERRORS},
        }
    },
    "/imports/{import_id}/confirm": {
        "post": {
            "summary": "Create the tender or contract from the (corrected) document, in one transaction",
            "parameters": [path_id("import_id")],
            "requestBody": {"required": False, **json_body("ImportConfirmation")},
            "responses": {
                "201": {"description": "created; contract_id or tender_id says which", **json_body("Import")},
                "409": _CONFLICT,
                "422": _NOT_READY,
                **ERRORS,
            },
        }
    },
    "/imports/{import_id}/discard": {
        "post": {
            "summary": "Discard the import: nothing is created, the record and the file are kept",
            "parameters": [path_id("import_id")],
            "responses": {"200": {"description": "discarded", **json_body("Import")}, "409": _CONFLICT, **ERRORS},
        }
    },
}
SCHEMAS = {
    "ParsedDocument": _document_component(),
    "Import": IMPORT,
    "ImportFinding": FINDING,
    "ImportConfirmation": CONFIRM,
    "ImportError": NOT_READY,
}
