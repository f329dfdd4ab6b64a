"""The first page after signing in: the contracts a user may see, with their status and notices."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from contractmgr import clock
from contractmgr.domain.statutory import StatutoryDeadline
from contractmgr.extensions import db
from contractmgr.models import Contract, Role, Tender
from contractmgr.services import statutory
from contractmgr.services.access import visible_contracts
from contractmgr.services.calendar import working_calendar
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
    #: the law's deadlines still to meet (signing, publication, filing), soonest first
    statutory: list[StatutoryDeadline]


@bp.get("/")
def index():
    contracts = db.session.scalars(visible_contracts(current_user).order_by(Contract.start_on.desc())).all()
    today = clock.today()
    # the calendar costs queries: only loaded when some contract has a statutory deadline to count
    calendar = working_calendar() if any(statutory.needs_calendar(c) for c in contracts) else None
    cards = [
        ContractCard(
            view_contract(contract, today),
            next_payment(contract, today),
            [d for d in statutory.contract_deadlines(contract, calendar) if not d.done] if calendar else [],
        )
        for contract in contracts
    ]
    tenders = (
        []
        if current_user.role == Role.VENDOR
        else db.session.scalars(sa.select(Tender).order_by(Tender.id.desc())).all()
    )
    return render_template("dashboard/index.html", cards=cards, tenders=tenders, today=today)
