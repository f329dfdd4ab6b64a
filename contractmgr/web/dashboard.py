"""The first page after signing in: the contracts a user may see, with their status and notices."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.models import Contract, Role, Tender
from contractmgr.services.access import visible_contracts
from contractmgr.services.contracts import view_contract
from contractmgr.web import require_role

bp = Blueprint("dashboard", __name__)
bp.before_request(require_role())


@bp.get("/")
def index():
    contracts = db.session.scalars(visible_contracts(current_user).order_by(Contract.start_on.desc())).all()
    views = [view_contract(contract, date.today()) for contract in contracts]
    tenders = (
        []
        if current_user.role == Role.VENDOR
        else db.session.scalars(sa.select(Tender).order_by(Tender.id.desc())).all()
    )
    return render_template("dashboard/index.html", views=views, tenders=tenders)
