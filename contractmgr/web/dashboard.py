"""The first page after signing in: the contracts a user may see, with their status and notices."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import Contract, Role, Tender
from contractmgr.services.access import visible_contracts
from contractmgr.services.contracts import ContractView, view_contract
from contractmgr.services.schedule import MilestoneView
from contractmgr.web import require_role
from contractmgr.web.finance.panel import next_payment

bp = Blueprint("dashboard", __name__)
bp.before_request(require_role())


@dataclass(frozen=True)
class ContractCard:
    view: ContractView
    #: the first milestone not yet paid in full; None once every one is paid
    next_payment: MilestoneView | None


@bp.get("/")
def index():
    contracts = db.session.scalars(visible_contracts(current_user).order_by(Contract.start_on.desc())).all()
    today = clock.today()
    cards = [ContractCard(view_contract(contract, today), next_payment(contract, today)) for contract in contracts]
    tenders = (
        []
        if current_user.role == Role.VENDOR
        else db.session.scalars(sa.select(Tender).order_by(Tender.id.desc())).all()
    )
    return render_template("dashboard/index.html", cards=cards, tenders=tenders)
