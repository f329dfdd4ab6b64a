"""What the pages of both sides read about a contract's acceptance, inspections and staff, and the
template globals that word it. Shared by the vendor portal, the purchaser's review pages and the
contract page's partial (templates/supplier/_contract.html)."""

from dataclasses import dataclass
from datetime import date

from contractmgr.models import Contract
from contractmgr.services import acceptance, inspections, staffing
from contractmgr.services.calendar import working_calendar
from contractmgr.texts import labels
from contractmgr.texts import supplier as texts
from contractmgr.web.supplier import bp


@dataclass(frozen=True)
class Panel:
    scopes: list
    inspections: inspections.InspectionOverview
    staffing: staffing.StaffingOverview


@bp.app_template_global()
def vendor_panel(contract: Contract) -> Panel:
    """The contract page's summary: acceptance state, inspections done against expected, staff on site."""
    today = date.today()
    return Panel(
        scopes=acceptance.scopes_of(contract, working_calendar(), today),
        inspections=inspections.inspection_overview(contract, today),
        staffing=staffing.staffing_overview(contract, today),
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
