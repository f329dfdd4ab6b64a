"""The downloads on the contract page (templates/documents/_contract.html), built by its view."""

from dataclasses import dataclass

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AcceptanceSubmission, Contract, SupplementaryContract


@dataclass(frozen=True)
class DocumentsPanel:
    #: each gives a supplementary contract in Word
    supplements: list[SupplementaryContract]
    #: each gives an acceptance report in Word; oldest first
    submissions: list[AcceptanceSubmission]


def documents_panel(contract: Contract) -> DocumentsPanel:
    return DocumentsPanel(
        supplements=list(contract.supplements),
        submissions=list(
            db.session.scalars(
                sa.select(AcceptanceSubmission)
                .where(AcceptanceSubmission.contract_id == contract.id)
                .order_by(AcceptanceSubmission.submitted_on, AcceptanceSubmission.id)
            )
        ),
    )
