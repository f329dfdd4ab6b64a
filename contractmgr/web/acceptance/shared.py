"""What both sides' acceptance pages share: the page context, downloads of material versions and inspection
files (named for what they are, not for the uploader's file name), and row-level form errors."""

from datetime import date

from flask import abort

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import Contract, StoredFile
from contractmgr.services import acceptance, inspections
from contractmgr.services.calendar import working_calendar
from contractmgr.services.storage import EXTENSIONS, upload_limit
from contractmgr.texts.labels import clause_figures
from contractmgr.web.files import send_stored


def acceptance_context(contract: Contract, today: date | None = None) -> dict:
    """Everything the acceptance pages show: scopes with their history, materials and versions, penalties."""
    today = today or clock.today()
    scopes = acceptance.scopes_of(contract, working_calendar(), today)
    return dict(
        contract=contract,
        today=today,
        scopes=scopes,
        materials=acceptance.materials_of(contract),
        voided_materials=acceptance.materials_of(contract, voided=True),
        missing=acceptance.missing_materials(contract),
        penalties=acceptance.penalties_of(contract),
        limit_mb=upload_limit() // (1024 * 1024),
        figures=clause_figures(),
    )


def form_messages(form) -> list[str]:
    """A form's field and form-level errors as one list (for forms shown beside a table row);
    WTForms lists the form-level ones in `errors` too, under None."""
    return [str(m) for messages in form.errors.values() for m in messages]


def material_download(contract, file_id: int):
    """A material version of `contract` as a download named for the material and version (not the
    uploader's file name, which a shared StoredFile may have from someone else)."""
    version = acceptance.material_file_for(contract, file_id)
    if version is None:
        abort(404)
    stored = version.stored_file
    return send_stored(stored, f"{version.material.name}-v{version.version}.{EXTENSIONS[stored.format][0]}")


def inspection_download(contract, inspection_id: int):
    inspection = inspections.inspection_for(contract, inspection_id)
    if inspection is None or inspection.stored_file_id is None:
        abort(404)
    stored = db.session.get(StoredFile, inspection.stored_file_id)
    name = f"巡检-{inspection.line_item.seq}-{inspection.inspected_on.isoformat()}.{EXTENSIONS[stored.format][0]}"
    return send_stored(stored, name)
