"""Downloads: the annex of any contract, a supplementary contract, an acceptance report, OCDS data."""

from flask_login import current_user

from contractmgr.exports.acceptance_docx import acceptance_docx, report_filename
from contractmgr.exports.annex_docx import annex_docx, annex_filename
from contractmgr.exports.supplement_docx import supplement_docx, supplement_filename
from contractmgr.services.access import contract_for
from contractmgr.web.documents import bp
from contractmgr.web.documents.records import docx_download, ocds_response, submission_for, supplement_for


@bp.get("/contracts/<int:contract_id>/annex.docx")
def annex(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return docx_download(annex_docx(contract), annex_filename(contract), f"contract-{contract.id}-annex.docx")


@bp.get("/contracts/<int:contract_id>/supplements/<int:supplement_id>.docx")
def supplement(contract_id: int, supplement_id: int):
    record = supplement_for(current_user, supplement_id, contract_id)
    return docx_download(
        supplement_docx(record), supplement_filename(record), f"contract-{contract_id}-supplement-{record.seq}.docx"
    )


@bp.get("/contracts/<int:contract_id>/acceptance/<int:submission_id>.docx")
def acceptance_report(contract_id: int, submission_id: int):
    record = submission_for(current_user, submission_id, contract_id)
    return docx_download(
        acceptance_docx(record), report_filename(record), f"contract-{contract_id}-acceptance-{record.id}.docx"
    )


@bp.get("/contracts/<int:contract_id>/ocds.json")
def ocds(contract_id: int):
    return ocds_response(contract_for(current_user, contract_id), attachment=True)
