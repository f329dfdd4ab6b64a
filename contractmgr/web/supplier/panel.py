"""The contract page's part from the vendor portal (templates/supplier/_contract.html): acceptance,
inspections and staff at a glance, built by the contract page's view for every role; and the template
globals that word what both sides' acceptance pages read."""

from dataclasses import dataclass
from datetime import date

from contractmgr.models import Contract, Role, User
from contractmgr.services import acceptance, inspections, staffing
from contractmgr.services.calendar import working_calendar
from contractmgr.texts import labels
from contractmgr.texts import supplier as texts
from contractmgr.web.supplier import bp


@dataclass(frozen=True)
class SupplierPanel:
    scopes: list
    inspections: inspections.InspectionOverview
    staffing: staffing.StaffingOverview
    #: whose pages the panel links to: the vendor's own portal, else the purchaser's review pages
    prefix: str


def supplier_panel(contract: Contract, user: User, today: date) -> SupplierPanel:
    """Acceptance state per scope, inspections done against expected, staff on site today."""
    return SupplierPanel(
        scopes=acceptance.scopes_of(contract, working_calendar(), today),
        inspections=inspections.inspection_overview(contract, today),
        staffing=staffing.staffing_overview(contract, today),
        prefix="vendor." if user.role == Role.VENDOR else "acceptance.",
    )


@bp.record_once
def install_labels(state) -> None:
    """Label functions as Jinja globals, so imported macros (acceptance/_scopes.html) see them too."""
    state.app.jinja_env.globals.update(
        acceptance_scope_label=texts.scope_label,
        acceptance_state_label=texts.scope_state_label,
        acceptance_decision_label=texts.decision_label,
        acceptance_penalty_label=labels.penalty_kind_label,
        acceptance_penalty_status=texts.penalty_status_label,
        acceptance_penalty_basis=texts.penalty_basis_text,
        masked_id_number=staffing.masked_id,
        file_format_label=lambda fmt: texts.FORMAT_LABELS.get(fmt, fmt),
    )
