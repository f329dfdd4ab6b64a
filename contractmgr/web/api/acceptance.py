"""Acceptance: materials, submissions and reviews, as the vendor portal and the review pages have them.

A vendor's token reaches only its own organisation's contracts (`contract_for`: another's is a
404, like a missing one); reading is every role's, uploading and submitting the vendor's (the
supplier area), reviewing the procurement officer's (the procurement area).
"""

from flask import jsonify
from flask_login import current_user

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import AcceptanceSubmission
from contractmgr.services import acceptance
from contractmgr.services.access import contract_for
from contractmgr.services.calendar import working_calendar
from contractmgr.services.storage import ACCEPTED_FORMATS, MIMETYPES
from contractmgr.web.acceptance.shared import material_download
from contractmgr.web.api.areas import contracts, operation, procurement, supplier
from contractmgr.web.api.bodies import Body, Text, Upload
from contractmgr.web.api.errors import ApiError
from contractmgr.web.api.schemas import DATE, DATE_OR_NULL, MONEY
from contractmgr.web.api.serializers import iso, money, timestamp

# --- the bodies -------------------------------------------------------------------------------


class UploadBody(Body):
    multipart = True
    code, status = "body_invalid", 400
    file = Upload(required=True, code="file_missing", message="multipart field `file` is required")
    material = Text(
        required=True,
        description="the material's name as listed, e.g. 日常巡检记录",
        code="material_unknown",
        message="no acceptance material named '' on this contract",
    )


class SubmissionBody(Body):
    optional = True
    code, status = "body_invalid", 400
    not_object = 'the body must be a JSON object, e.g. {"scope": "contract"}'
    scope = Text(
        description='"contract" (when left out), or "line-<seq>" for a line with its own year',
        code="scope_invalid",
        message='`scope` is "contract" or "line-<seq>"',
    )


class ReviewBody(Body):
    code, status = "body_invalid", 400
    message = 'JSON body {"decision": "pass" | "fail", "reasons": "…"} is required'
    decision = Text(required=True, one_of=("pass", "fail"))
    reasons = Text(description="required when the decision is fail")


# --- serialising ------------------------------------------------------------------------------


def version_json(version) -> dict:
    stored = version.stored_file
    return {
        "id": version.id,
        "material": version.material.name,
        "version": version.version,
        "format": stored.format,
        "size": stored.size,
        "sha256": stored.sha256,
        "uploaded_at": timestamp(version.uploaded_at),
    }


def material_json(material) -> dict:
    return {
        "id": material.id,
        "name": material.name,
        "required": material.required,
        "position": material.position,
        "versions": [version_json(v) for v in material.versions],
    }


def penalty_json(penalty) -> dict:
    return {
        "id": penalty.id,
        "kind": penalty.kind,
        "clause": penalty.clause,
        "amount": money(penalty.amount),
        "status": penalty.status,
        "inputs": penalty.inputs,
        "waive_reason": penalty.waive_reason,
    }


def submission_json(submission, penalties) -> dict:
    return {
        "id": submission.id,
        "attempt": submission.attempt,
        "submitted_on": iso(submission.submitted_on),
        "deadline": iso(submission.deadline_on),
        "late": submission.late,
        "decision": submission.decision,
        "reasons": submission.reasons,
        "decided_at": timestamp(submission.decided_at),
        "files": [version_json(f) for f in sorted(submission.files, key=lambda f: f.material.position)],
        "penalties": [penalty_json(p) for p in penalties if p.submission_id == submission.id],
    }


def scope_json(scope, penalties) -> dict:
    return {
        "scope": scope.key,
        "line_seq": scope.line.seq if scope.line else None,
        "service_end": iso(scope.service_end),
        "state": scope.state,
        "deadline": iso(scope.deadline.on) if scope.deadline else None,
        "deadline_provisional": bool(scope.deadline and scope.deadline.provisional),
        "submissions": [submission_json(s, penalties) for s in scope.submissions],
    }


# --- routes -----------------------------------------------------------------------------------


@contracts.get("/contracts/<int:contract_id>/acceptance-materials")
@operation(
    "The contract's acceptance materials with every uploaded version",
    answers={
        200: (
            "materials",
            {
                "type": "object",
                "required": ["materials"],
                "properties": {
                    "materials": {"type": "array", "items": {"$ref": "#/components/schemas/AcceptanceMaterial"}}
                },
            },
        )
    },
)
def list_acceptance_materials(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return jsonify(materials=[material_json(m) for m in acceptance.materials_of(contract)])


@supplier.post("/contracts/<int:contract_id>/acceptance-materials")
@operation(
    "Upload a new version of one material (vendor); earlier versions are kept",
    description="PDF, Word (.docx), Excel (.xlsx), PNG or JPEG, checked by content; a name that claims "
    "another format than the content is refused (422), as is a file over the size limit.",
    body=UploadBody,
    answers={
        201: ("the new version", "MaterialVersion"),
        413: ("the request is larger than the upload limit", "Error"),
    },
    refusal=422,
)
def upload_acceptance_material(contract_id: int):
    contract = contract_for(current_user, contract_id)
    body = UploadBody.parse()
    material = acceptance.material_named(contract, body.material)
    if material is None:
        raise ApiError("material_unknown", f"no acceptance material named {body.material!r} on this contract", 400)
    version = acceptance.upload_material(material, body.file, by=current_user)
    db.session.commit()
    return jsonify(version_json(version)), 201


@contracts.get("/contracts/<int:contract_id>/acceptance-materials/files/<int:file_id>")
@operation(
    "Download one material version (only from a contract the caller may see)",
    answers={
        200: {
            "description": "the file, in the format its content was recognised as",
            "content": {
                MIMETYPES[fmt]: {"schema": {"type": "string", "contentMediaType": MIMETYPES[fmt]}}
                for fmt in ACCEPTED_FORMATS
            },
        }
    },
)
def download_acceptance_material(contract_id: int, file_id: int):
    return material_download(contract_for(current_user, contract_id), file_id)


@contracts.get("/contracts/<int:contract_id>/acceptance-submissions")
@operation(
    "Acceptance per scope with its history: submissions, files, decisions, reasons, penalties",
    answers={200: ("the history", "AcceptanceHistory")},
)
def list_acceptance_submissions(contract_id: int):
    contract = contract_for(current_user, contract_id)
    penalties = acceptance.penalties_of(contract)
    scopes = acceptance.scopes_of(contract, working_calendar(), clock.today())
    return jsonify(
        contract_id=contract.id,
        scopes=[scope_json(s, penalties) for s in scopes],
        missing_materials=acceptance.missing_materials(contract),
    )


@supplier.post("/contracts/<int:contract_id>/acceptance-submissions")
@operation(
    "Submit the latest version of every material (vendor)",
    description="Refused (422) while a required material has no file; 409 `acceptance_awaiting_review` while "
    "the previous attempt awaits review (also when a simultaneous submission came first). A submission "
    "after the deadline is marked late and proposes the late-delivery penalty.",
    body=SubmissionBody,
    answers={201: ("the submission", "AcceptanceSubmission")},
    refusal=422,
)
def submit_acceptance(contract_id: int):
    contract = contract_for(current_user, contract_id)
    scope = SubmissionBody.parse().scope
    submission = acceptance.submit_acceptance(
        contract,
        "contract" if scope is None else scope,
        by=current_user,
        today=clock.today(),
        calendar=working_calendar(),
    )
    db.session.commit()
    return jsonify(submission_json(submission, acceptance.penalties_of(contract))), 201


@procurement.post("/acceptance-submissions/<int:submission_id>/review")
@operation(
    "Pass or fail a submission (procurement officer)",
    description="A failure needs reasons, opens a rework period of 15 working days and proposes 5% of the "
    "total (first failure) or 10% (again) — contract 第十三条. A pass before the service year "
    "ends is refused (422).",
    body=ReviewBody,
    answers={200: ("the decided submission", "AcceptanceSubmission")},
    refusal=422,
)
def review_acceptance_submission(submission_id: int):
    submission = db.get_or_404(AcceptanceSubmission, submission_id)
    contract = contract_for(current_user, submission.contract_id)
    body = ReviewBody.parse()
    acceptance.review_submission(
        submission,
        body.decision,
        body.reasons,
        by=current_user,
        today=clock.today(),
        calendar=working_calendar(),
    )
    db.session.commit()
    return jsonify(submission_json(submission, acceptance.penalties_of(contract)))


# --- the OpenAPI components --------------------------------------------------------------------

_TIMESTAMP = {"type": "string", "format": "date-time"}
SCHEMAS = {
    "MaterialVersion": {
        "type": "object",
        "required": ["id", "material", "version", "format", "size", "sha256", "uploaded_at"],
        "properties": {
            "id": {"type": "integer", "description": "the version's id, for the download URL"},
            "material": {"type": "string"},
            "version": {"type": "integer", "minimum": 1},
            "format": {
                "type": "string",
                "enum": ["pdf", "docx", "xlsx", "png", "jpeg"],
                "description": "found in the content, not the name",
            },
            "size": {"type": "integer"},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "uploaded_at": _TIMESTAMP,
        },
    },
    "AcceptanceMaterial": {
        "type": "object",
        "required": ["id", "name", "required", "position", "versions"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "required": {"type": "boolean"},
            "position": {"type": "integer"},
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/MaterialVersion"}},
        },
    },
    "AcceptancePenalty": {
        "type": "object",
        "required": ["id", "kind", "clause", "amount", "status", "inputs"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {
                "type": "string",
                "enum": ["late_delivery", "acceptance_failed", "acceptance_failed_again", "evaluation", "other"],
            },
            "clause": {"type": "string"},
            "amount": MONEY,
            "status": {
                "type": "string",
                "enum": ["proposed", "confirmed", "waived"],
                "description": "a proposal is a charge only once an officer confirms it",
            },
            "inputs": {"type": "object"},
            "waive_reason": {"type": ["string", "null"]},
        },
    },
    "AcceptanceSubmission": {
        "type": "object",
        "required": ["id", "attempt", "submitted_on", "deadline", "late", "decision", "reasons", "files", "penalties"],
        "properties": {
            "id": {"type": "integer"},
            "attempt": {"type": "integer", "minimum": 1},
            "submitted_on": DATE,
            "deadline": {**DATE_OR_NULL, "description": "15 working days after the service year, or after a failure"},
            "late": {"type": "boolean"},
            "decision": {"type": ["string", "null"], "enum": ["pass", "fail", None]},
            "reasons": {"type": ["string", "null"]},
            "decided_at": {**_TIMESTAMP, "type": ["string", "null"]},
            "files": {"type": "array", "items": {"$ref": "#/components/schemas/MaterialVersion"}},
            "penalties": {"type": "array", "items": {"$ref": "#/components/schemas/AcceptancePenalty"}},
        },
    },
    "AcceptanceScope": {
        "type": "object",
        "required": ["scope", "line_seq", "service_end", "state", "deadline", "submissions"],
        "properties": {
            "scope": {"type": "string", "description": '"contract", or "line-<seq>" for a line with its own year'},
            "line_seq": {"type": ["integer", "null"]},
            "service_end": DATE_OR_NULL,
            "state": {"type": "string", "enum": ["waiting_confirmation", "open", "under_review", "rework", "passed"]},
            "deadline": DATE_OR_NULL,
            "deadline_provisional": {
                "type": "boolean",
                "description": "counted through a year whose holidays are not entered yet",
            },
            "submissions": {"type": "array", "items": {"$ref": "#/components/schemas/AcceptanceSubmission"}},
        },
    },
    "AcceptanceHistory": {
        "type": "object",
        "required": ["contract_id", "scopes", "missing_materials"],
        "properties": {
            "contract_id": {"type": "integer"},
            "scopes": {"type": "array", "items": {"$ref": "#/components/schemas/AcceptanceScope"}},
            "missing_materials": {"type": "array", "items": {"type": "string"}},
        },
    },
}
