"""The contract list (search and filters) and the contract page, for every role that may see them.

The contract page is made of one part per area (templates/<area>/_contract.html); the view builds each
part's data with that area's panel function, so the templates only render."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import Contract, Organisation, OrgKind, User
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.services.contracts import PARTY_LOADS, ContractView, status_clause, view_contract, view_contracts
from contractmgr.services.paging import paginate
from contractmgr.services.search import contract_matches
from contractmgr.web import require_role
from contractmgr.web.arguments import id_arg, year_arg
from contractmgr.web.documents.panel import DocumentsPanel, documents_panel
from contractmgr.web.finance.panel import FinancePanel, finance_panel
from contractmgr.web.imports.panel import ImportsPanel, imports_panel
from contractmgr.web.procurement.panel import ProcurementPanel, procurement_panel
from contractmgr.web.supplier.panel import SupplierPanel, supplier_panel

bp = Blueprint("contracts", __name__, url_prefix="/contracts")
bp.before_request(require_role())


def _filtered(query: sa.Select, args) -> sa.Select:
    if text := args.get("q", "").strip():
        query = query.where(contract_matches(text))
    if purchaser := args.get("purchaser", type=id_arg):
        query = query.where(Contract.purchaser_id == purchaser)
    if vendor := args.get("vendor", type=id_arg):
        query = query.where(Contract.vendor_id == vendor)
    if year := args.get("year", type=year_arg):
        query = query.where(Contract.start_on <= date(year, 12, 31), Contract.end_on >= date(year, 1, 1))
    return query


@bp.get("/")
def index():
    today = clock.today()
    query = _filtered(visible_contracts(current_user), request.args)
    if status := request.args.get("status"):
        query = query.where(status_clause(status, today))
    page = paginate(
        query.order_by(Contract.start_on.desc(), Contract.id.desc()).options(*PARTY_LOADS),
        request.args.get("page", type=id_arg),
        request.args.get("per_page", type=id_arg),
    )
    views = view_contracts(page.items, today)
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.kind.in_([OrgKind.PURCHASER, OrgKind.VENDOR]))
        .order_by(Organisation.name)
    ).all()
    return render_template(
        "contracts/index.html", views=views, page=page, organisations=organisations, args=request.args
    )


@dataclass(frozen=True)
class ContractPanels:
    """The parts of the contract page, in the order it shows them."""

    procurement: ProcurementPanel
    finance: FinancePanel
    supplier: SupplierPanel
    documents: DocumentsPanel
    imports: ImportsPanel


def contract_panels(view: ContractView, user: User, today: date) -> ContractPanels:
    contract = view.contract
    return ContractPanels(
        procurement=procurement_panel(view, user, today),
        finance=finance_panel(contract, user, today),
        supplier=supplier_panel(contract, user, today),
        documents=documents_panel(contract),
        imports=imports_panel(contract, user),
    )


@bp.get("/<int:contract_id>")
def show(contract_id: int):
    contract = contract_for(current_user, contract_id)
    today = clock.today()
    view = view_contract(contract, today)
    return render_template("contracts/show.html", view=view, panels=contract_panels(view, current_user, today))
