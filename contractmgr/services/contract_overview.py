"""The procurement part of a contract page, read in one place: the chain and its 3 years, the 10%
cap, staffing on a day, evaluations, penalties and the audit trail."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from contractmgr.domain.caps import CapStatus
from contractmgr.domain.renewal import ChainStatus
from contractmgr.domain.staffing import StaffingStatus
from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, Evaluation, Penalty, SupplementaryContract
from contractmgr.services.contracts import ContractView
from contractmgr.services.renewals import chain_status_for, renewal_of
from contractmgr.services.staffing import staffing_overview
from contractmgr.services.supplements import cap_status_for, chain_supplements

AUDIT_ON_PAGE = 30


@dataclass(frozen=True)
class ContractOverview:
    view: ContractView
    chain_contracts: list[Contract]
    chain_status: ChainStatus
    renewed_by: Contract | None
    cap: CapStatus
    supplements: list[SupplementaryContract]
    staffing: StaffingStatus
    evaluations: list[Evaluation]
    penalties: list[Penalty]

    @property
    def open_penalties(self) -> list[Penalty]:
        return [p for p in self.penalties if p.status == "proposed"]

    @property
    def may_renew(self) -> bool:
        contract = self.view.contract
        return self.renewed_by is None and contract.terminated_on is None and self.chain_status.days_left > 0


def staffing_day(contract: Contract, today: date) -> date:
    """The day whose staffing the page shows: today while the contract runs, else its nearest end."""
    return min(max(today, contract.start_on), contract.end_on)


def contract_overview(view: ContractView, today: date) -> ContractOverview:
    contract = view.contract
    chain = contract.chain
    return ContractOverview(
        view=view,
        chain_contracts=list(chain.contracts),
        chain_status=chain_status_for(chain),
        renewed_by=renewal_of(contract),
        cap=cap_status_for(chain),
        supplements=chain_supplements(chain),
        # one reading of the commitment for the whole page: the vendor panel uses the same
        staffing=staffing_overview(contract, staffing_day(contract, today)).status,
        evaluations=list(
            db.session.scalars(
                sa.select(Evaluation)
                .where(Evaluation.contract_id == contract.id)
                .order_by(Evaluation.evaluated_on.desc(), Evaluation.id.desc())
            )
        ),
        penalties=list(
            db.session.scalars(sa.select(Penalty).where(Penalty.contract_id == contract.id).order_by(Penalty.id.desc()))
        ),
    )


def audit_trail(contract: Contract, limit: int | None = AUDIT_ON_PAGE) -> tuple[list[AuditEntry], int]:
    """The latest changes of the contract (all when `limit` is None), newest first, and how many there are."""
    where = AuditEntry.contract_id == contract.id
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(where))
    query = sa.select(AuditEntry).where(where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query)), total
