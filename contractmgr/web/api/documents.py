"""Generated documents: the annex, supplementary contracts, acceptance reports, OCDS; for every role
that may see the contract (a vendor: its own)."""

from flask_login import current_user

from contractmgr.exports.acceptance_docx import acceptance_docx, report_filename
from contractmgr.exports.annex_docx import annex_docx, annex_filename
from contractmgr.exports.supplement_docx import supplement_docx, supplement_filename
from contractmgr.services.access import contract_for
from contractmgr.web.api.areas import contracts as area
from contractmgr.web.api.areas import operation
from contractmgr.web.documents.records import DOCX, docx_download, ocds_response, submission_for, supplement_for


def _docx(description: str) -> dict:
    return dict(
        description=description + " The file name (Chinese) is in Content-Disposition as RFC 5987 filename*.",
        answers={
            200: {
                "description": "a Word document",
                "content": {DOCX: {"schema": {"type": "string", "contentMediaType": DOCX}}},
            }
        },
    )


@area.get("/contracts/<int:contract_id>/annex.docx")
@operation(
    "The annex 《运维项目清单明细》 of a contract as Word",
    **_docx(
        "A4 landscape, the header row repeated on every page, a unit's rows merged, a 合计 row with the total "
        "in figures and in upper-case words, page numbers. Fonts: 宋体 in the table, East-Asian fonts set "
        "with w:eastAsia."
    ),
)
def contract_annex(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return docx_download(annex_docx(contract), annex_filename(contract), f"contract-{contract.id}-annex.docx")


@area.get("/supplements/<int:supplement_id>/document.docx")
@operation(
    "A supplementary contract (补充合同) as Word",
    **_docx(
        "Parties, the original contract's numbers and date, each changed line before and after, the totals "
        "before and after, and the share of the 10% cap (contract 第六条) used by the chain's supplements "
        "up to this one."
    ),
)
def supplement_document(supplement_id: int):
    record = supplement_for(current_user, supplement_id)
    return docx_download(
        supplement_docx(record),
        supplement_filename(record),
        f"contract-{record.contract_id}-supplement-{record.seq}.docx",
    )


@area.get("/acceptance-submissions/<int:submission_id>/report.docx")
@operation(
    "The acceptance report (验收报告) of a submission as Word",
    **_docx(
        "The contract, the period accepted, the materials received (names, versions, file names), the "
        "decision and its reasons, signature blocks for both parties."
    ),
)
def acceptance_report(submission_id: int):
    record = submission_for(current_user, submission_id)
    return docx_download(
        acceptance_docx(record), report_filename(record), f"contract-{record.contract_id}-acceptance-{record.id}.docx"
    )


@area.get("/contracts/<int:contract_id>/ocds.json")
@operation(
    "The contract as Open Contracting data (an OCDS 1.1 release package)",
    description=(
        "One release: parties, tender, award, the contract with one item per line item, a financing "
        "milestone per payment milestone, the payments made as implementation transactions, one "
        "amendment per supplementary contract. Valid against the OCDS 1.1.5 release-package schema. "
        "Unlike the rest of this API, money here is a JSON number, as OCDS requires, written "
        "exactly with two decimals (8271400.00): parse it as a decimal to keep the fen. The ocid is "
        "<OCDS_OCID_PREFIX>-<renewal chain id>."
    ),
    answers={200: ("an OCDS release package", "OcdsReleasePackage")},
)
def contract_ocds(contract_id: int):
    return ocds_response(contract_for(current_user, contract_id))


SCHEMAS = {
    "OcdsReleasePackage": {
        "type": "object",
        "description": "OCDS 1.1 release package; the full schema is "
        "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json",
        "required": ["uri", "version", "publisher", "publishedDate", "releases"],
        "properties": {
            "uri": {"type": "string"},
            "version": {"const": "1.1"},
            "publisher": {"type": "object", "required": ["name"]},
            "publishedDate": {"type": "string", "format": "date-time"},
            "releases": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "object", "required": ["ocid", "id", "date", "tag", "initiationType"]},
            },
        },
    },
}
