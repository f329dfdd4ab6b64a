"""The first page after signing in: the contracts a user may see, with their status and notices, a page at a
time (latest start first), and the latest tenders."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from contractmgr import clock
from contractmgr.domain.statutory import StatutoryDeadline
from contractmgr.extensions import db
from contractmgr.models import Contract, Role, Tender, TenderItem
from contractmgr.services import statutory
from contractmgr.services.access import visible_contracts
from contractmgr.services.calendar import working_calendar
from contractmgr.services.contracts import PARTY_LOADS, ContractView, view_contracts
from contractmgr.services.overview import StoredView, next_payments
from contractmgr.services.paging import paginate
from contractmgr.web import require_role
from contractmgr.web.arguments import id_arg

bp = Blueprint("dashboard", __name__)
bp.before_request(require_role())


@dataclass(frozen=True)
class ContractCard:
    view: ContractView
    #: the first milestone not yet paid in full, from its stored state; None once every one is paid
    next_payment: StoredView | None
    #: the law's deadlines still to meet (signing, publication, filing), soonest first
    statutory: list[StatutoryDeadline]


#: contracts per page of the dashboard, and how many of the latest tenders it shows
CARDS_PER_PAGE = 20
LATEST_TENDERS = 5


@bp.get("/")
def index():
    page = paginate(
        visible_contracts(current_user).order_by(Contract.start_on.desc(), Contract.id.desc()).options(*PARTY_LOADS),
        request.args.get("page", type=id_arg),
        request.args.get("per_page", type=id_arg) or CARDS_PER_PAGE,
    )
    contracts = page.items
    today = clock.today()
    # the calendar costs queries: only loaded when some contract has a statutory deadline to count
    calendar = working_calendar() if any(statutory.needs_calendar(c) for c in contracts) else None
    payments = next_payments([c.id for c in contracts], today)
    cards = [
        ContractCard(
            view,
            payments.get(view.contract.id),
            [d for d in statutory.contract_deadlines(view.contract, calendar) if not d.done] if calendar else [],
        )
        for view in view_contracts(contracts, today)
    ]
    tenders = (
        []
        if current_user.role == Role.VENDOR
        else db.session.scalars(
            sa.select(Tender)
            .options(joinedload(Tender.purchaser), selectinload(Tender.items).joinedload(TenderItem.unit))
            .order_by(Tender.id.desc())
            .limit(LATEST_TENDERS)
        ).all()
    )
    return render_template(
        "dashboard/index.html", cards=cards, page=page, tenders=tenders, today=today, args=request.args
    )
