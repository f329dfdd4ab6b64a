"""The contract list (search and filters) and the contract page, for every role that may see them."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.models import Contract, Organisation
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.services.contracts import view_contract
from contractmgr.web import require_role

bp = Blueprint("contracts", __name__, url_prefix="/contracts")
bp.before_request(require_role())


def _filtered(query: sa.Select, args) -> sa.Select:
    if text := args.get("q", "").strip():
        like = f"%{text}%"
        query = query.where(
            sa.or_(
                Contract.title.ilike(like), Contract.procurement_number.ilike(like), Contract.filing_number.ilike(like)
            )
        )
    if purchaser := args.get("purchaser", type=int):
        query = query.where(Contract.purchaser_id == purchaser)
    if vendor := args.get("vendor", type=int):
        query = query.where(Contract.vendor_id == vendor)
    if year := args.get("year", type=int):
        query = query.where(Contract.start_on <= date(year, 12, 31), Contract.end_on >= date(year, 1, 1))
    return query


@bp.get("/")
def index():
    query = _filtered(visible_contracts(current_user), request.args)
    views = [view_contract(c, date.today()) for c in db.session.scalars(query.order_by(Contract.start_on.desc()))]
    if status := request.args.get("status"):
        views = [view for view in views if view.status == status]
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    return render_template("contracts/index.html", views=views, organisations=organisations, args=request.args)


@bp.get("/<int:contract_id>")
def show(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return render_template("contracts/show.html", view=view_contract(contract, date.today()))
