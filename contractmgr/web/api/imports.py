"""Imports: parse an uploaded file (nothing is created), then save it as a separate, explicit call.

    POST /imports                   multipart, field `file` → the parsed document and the import's id;
                                    with `Prefer: respond-async`, 202 and a job that reads it in a job worker
    GET  /imports/jobs/{job_id}     that job: queued, running (pages read), done (the import), failed (why)
    GET  /imports/{id}              the import: its document (as corrected so far), warnings, problems
    POST /imports/{id}/confirm      optional corrected document → the tender or contract is created
    POST /imports/{id}/discard      nothing is created; the record and the file stay

The same services as the review page (services/imports.py), for procurement officers only (the
procurement area).
"""

import copy
import logging
from typing import Any

from flask import abort, current_app, jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contractmgr import clock
from contractmgr import jobs as background
from contractmgr.domain.errors import NotFound
from contractmgr.extensions import db
from contractmgr.models import ImportRecord, Job
from contractmgr.services import chain_placement, imports
from contractmgr.services import jobs as job_state
from contractmgr.services.storage import upload_limit
from contractmgr.texts.messages import job_failure_message
from contractmgr.web.api.areas import operation
from contractmgr.web.api.areas import procurement as area
from contractmgr.web.api.bodies import Anything, Body, Date, Field, Flag, Integer, Text, Upload, Wrong
from contractmgr.web.api.errors import ApiError, findings_json
from contractmgr.web.api.schemas import json_body
from contractmgr.web.api.serializers import timestamp
from importers.document import schema as document_schema

log = logging.getLogger(__name__)

# -- the bodies ------------------------------------------------------------------------------


class FileBody(Body):
    multipart = True
    file = Upload(required=True, code="file_missing", message=_l("请在 multipart 字段 file 中上传文件。"))


class ChainChoice(Field):
    """A chain id on file, or "new"."""

    schema = {"oneOf": [{"type": "integer", "minimum": 1}, {"const": chain_placement.NEW_CHAIN}, {"type": "null"}]}
    hint = 'a chain id or "new"'

    def read(self, value: Any) -> int | str:
        if value == chain_placement.NEW_CHAIN or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
            return value
        raise Wrong(f"{self.name} must be {self.hint}; got {value!r}")


class ConfirmationBody(Body):
    optional = True
    code = "invalid_body"
    not_object = _l("请求体须为 JSON 对象。")
    document = Anything(
        {"$ref": "#/components/schemas/ParsedDocument"},
        description="the corrected document; omitted: the document as uploaded (or last saved). Its `source`, "
        "`page_images` and `annexes` (the kept files, read-only) are ignored: the import's own stay, so a document "
        "sent back as GET gave it, or without them, confirms alike",
    )
    acknowledge_warnings = Flag(description="required true when warnings remain")
    signed_on = Date(code="invalid_date", message=_l("signed_on 须为 YYYY-MM-DD 格式的日期。"))
    chain = ChainChoice(
        description='a contract\'s renewal chain: a chain id on file, or "new"; omitted: the chain the review '
        "page proposes (the answer's `chain` says where it went)"
    )
    chain_year = Integer(description="the contract's year in a new chain (1-10); omitted: the proposed year")
    award_contract = Text(
        strip=True,
        description="an award notice's contract, e.g. HT-000012; omitted: the only contract with its number",
    )
    award_notice_on = Date(
        code="invalid_date",
        message=_l("award_notice_on 须为 YYYY-MM-DD 格式的日期。"),
        description="the day an award notice was sent (required for an award notice)",
    )


# -- the routes ------------------------------------------------------------------------------

_NOT_READY = {
    "description": "the document cannot be confirmed yet, or the file cannot be read",
    **json_body("ImportError"),
}
_CONFLICT = {
    "description": "the file was imported before, or the import is no longer in review",
    **json_body("ImportError"),
}


#: the request header by which a client asks for the upload to be read by a job (RFC 7240)
PREFER = {
    "name": "Prefer",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "`respond-async`: the file is checked and kept, a job worker reads it, and the answer is "
    "202 with the job (its `job_url` to poll) instead of 201 with the import; for large or scanned files",
}


@area.post("/imports")
@operation(
    "Read an uploaded tender or contract file (PDF, Word, Excel); nothing is created until confirmed",
    body=FileBody,
    query=(PREFER,),
    answers={
        201: ("the file was read and kept; the import awaits confirmation", "Import"),
        202: ("`Prefer: respond-async`: the file was kept and a job will read it; poll `job_url`", "ImportJob"),
        503: ("`Prefer: respond-async`: the job queue cannot be reached; nothing was queued", "ImportJob"),
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
    received = imports.receive([upload])  # a JPEG/PNG page image becomes a one-page scan
    try:
        if _wants_job():
            return _queue_job(received)
        page_files = imports.keep_page_images(received.images, by=current_user)
        record = imports.import_file(received.path, received.filename, by=current_user, page_files=page_files)
    finally:
        received.discard()
    db.session.commit()
    return jsonify(_import_json(record)), 201


def _wants_job() -> bool:
    preferences = request.headers.get("Prefer", "").replace(";", ",").split(",")
    return "respond-async" in (preference.strip().lower() for preference in preferences)


def _queue_job(received: imports.Received):
    """As the upload page does: refuse content imported before and a file that is no document at
    once (nothing kept or queued), else keep the file, commit a queued job and hand it to the workers."""
    job = job_state.queue_upload(received, by=current_user)
    db.session.commit()
    try:
        background.enqueue_import(current_app._get_current_object(), job.id)
    except Exception:  # the queue's storage is down: say so now rather than let the client poll for ever
        log.exception("could not queue import job %s", job.id)
        job_state.give_up(job, "jobs_unavailable")
        db.session.commit()
        return jsonify(_job_json(job)), 503
    answer = _job_json(job)
    return jsonify(answer), 202, {"Location": answer["job_url"]}


@area.get("/imports/jobs/<job_id>")
@operation(
    "One import job: its state, the pages read, and the import once done (or why it failed)",
    answers={200: ("the job", "ImportJob")},
)
def get_import_job(job_id: str):
    try:
        job = job_state.job_for(job_id, current_user)
    except NotFound:
        abort(404)
    return jsonify(_job_json(job))


def _job_json(job: Job) -> dict:
    """The job as the API shows it; `lost` is a running job whose worker stopped (services/jobs.py)."""
    state = job_state.effective_state(job)
    answer = {
        "job_id": job.id,
        "state": state,
        "filename": job.filename,
        "done": job.done,
        "total": job.total,
        "created_at": timestamp(job.created_at),
        "finished_at": timestamp(job.finished_at),
        "job_url": url_for("api.procurement.get_import_job", job_id=job.id),
        "import_id": job.import_record_id,
        "import_url": url_for("api.procurement.get_import", import_id=job.import_record_id)
        if job.import_record_id is not None
        else None,
        "error": None,
        "message": None,
    }
    if state in ("failed", "lost", "cancelled"):
        code = "job_lost" if state == "lost" else "cancelled" if state == "cancelled" else job.error_code or "internal"
        answer["error"] = code
        answer["message"] = job_failure_message(code, job_state.decode(job.error_params), upload_limit())
    return answer


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
    payload = copy.deepcopy(record.payload) if body.document is None else body.document
    acknowledged = body.acknowledge_warnings or False
    placement = None
    if payload.get("kind") == "award":
        contract_number = body.award_contract or _only_award_contract(payload)
        award = imports.AwardNotice(contract_number, body.award_notice_on)
        created = imports.confirm_award_notice(
            record, payload, award, acknowledge_warnings=acknowledged, today=clock.today()
        )
    else:
        if payload.get("kind") == "contract":
            if body.chain_year is not None and not 1 <= body.chain_year <= 10:
                raise ApiError("invalid_body", "chain_year must be an integer from 1 to 10", 422)
            placement = chain_placement.chosen_placement(payload, body.chain, body.chain_year)
        created = imports.confirm_import(
            record, payload, acknowledge_warnings=acknowledged, signed_on=body.signed_on, placement=placement
        )
    db.session.commit()
    answer = _import_json(record, created)
    if placement is not None:
        answer["chain"] = chain_placement.describe_placement(placement) | {"chain_id": created.chain_id}
    return jsonify(answer), 201


def _only_award_contract(payload: dict) -> str | None:
    """The contract an award notice belongs to when the caller names none: the only one with its number."""
    candidates = imports.award_contracts(payload)
    return candidates[0].record_number if len(candidates) == 1 else None


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


def _is_contract(record: ImportRecord) -> bool:
    return record.kind == "contract" or record.payload.get("kind") == "award"  # a notice: the contract it is on


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
        "contract_id": created.id if created is not None and _is_contract(record) else None,
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
        "contract_id": {
            "type": ["integer", "null"],
            "description": "for an award notice: the contract it was recorded on",
        },
        "tender_id": {"type": ["integer", "null"]},
        "chain": {
            "type": "object",
            "description": "after confirming a contract: the renewal chain it went in (chain_id), as chosen or proposed",
        },
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
IMPORT_JOB = {
    "type": "object",
    "required": ["job_id", "state", "filename", "done", "job_url", "created_at"],
    "properties": {
        "job_id": {"type": "string"},
        "state": {
            "enum": ["queued", "running", "done", "failed", "cancelled", "lost"],
            "description": "queued and running: poll again; done: `import_id`; failed, cancelled, lost (its "
            "worker stopped): `error` and `message`, and the file may be uploaded again",
        },
        "filename": {"type": "string"},
        "done": {"type": "integer", "description": "pages read so far"},
        "total": {"type": ["integer", "null"], "description": "pages in the file, once known"},
        "created_at": {"type": "string", "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
        "job_url": {"type": "string", "description": "where to poll this job"},
        "import_id": {"type": ["integer", "null"], "description": "the import in review, once done"},
        "import_url": {"type": ["string", "null"]},
        "error": {"type": ["string", "null"], "description": "stable code: file_encrypted, job_lost, …"},
        "message": {"type": ["string", "null"], "description": "why, in the caller's language"},
    },
}
SCHEMAS = {
    "ParsedDocument": _document_component(),
    "Import": IMPORT,
    "ImportJob": IMPORT_JOB,
    "ImportFinding": FINDING,
    "ImportError": NOT_READY,
}
