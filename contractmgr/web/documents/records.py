"""Loading the records behind a document with the caller's access rules, and answering with a file.

Shared by the pages (/documents/…) and the API (/api/v1/…): a supplement or a submission is found
through its contract with `contract_for`, so another vendor's record is a 404 like a missing one.
"""

import re
from urllib.parse import quote

from flask import Response, abort, current_app, request

from contractmgr.exports.ocds import dumps, release_package
from contractmgr.extensions import db
from contractmgr.models import AcceptanceSubmission, Contract, SupplementaryContract, User
from contractmgr.services.access import contract_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NOT_IN_FILENAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def supplement_for(user: User, supplement_id: int, contract_id: int | None = None) -> SupplementaryContract:
    """The supplement, or 404 when it is missing, not the user's to see, or (given `contract_id`)
    not of that contract."""
    supplement = db.session.get(SupplementaryContract, supplement_id)
    if supplement is None or (contract_id is not None and supplement.contract_id != contract_id):
        abort(404)
    contract_for(user, supplement.contract_id)
    return supplement


def submission_for(user: User, submission_id: int, contract_id: int | None = None) -> AcceptanceSubmission:
    """The acceptance submission, on the same terms as `supplement_for`."""
    submission = db.session.get(AcceptanceSubmission, submission_id)
    if submission is None or (contract_id is not None and submission.contract_id != contract_id):
        abort(404)
    contract_for(user, submission.contract_id)
    return submission


def content_disposition(filename: str, fallback: str) -> str:
    """`attachment` with the Chinese name as RFC 5987 `filename*` (UTF-8, percent-encoded) and an
    ASCII `filename` for clients that do not read it."""
    safe = _NOT_IN_FILENAMES.sub("_", filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def docx_download(data: bytes, filename: str, fallback: str) -> Response:
    response = Response(data, mimetype=DOCX)
    response.headers["Content-Disposition"] = content_disposition(filename, fallback)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def ocds_response(contract: Contract, *, attachment: bool = False) -> Response:
    """The contract's OCDS release package as JSON, money as exact number literals."""
    config = current_app.config
    package = release_package(
        contract,
        uri=request.url,
        ocid_prefix=config["OCDS_OCID_PREFIX"],
        publisher=config.get("OCDS_PUBLISHER_NAME"),
        license_url=config.get("OCDS_LICENSE"),
    )
    response = Response(dumps(package, indent=2 if attachment else None), mimetype="application/json")
    if attachment:
        response.headers["Content-Disposition"] = content_disposition(
            f"{contract.title}-ocds.json", f"contract-{contract.id}-ocds.json"
        )
    return response
