"""Tenders and their items, for the procurement officer."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from contractmgr.extensions import db
from contractmgr.models import Role, Tender
from contractmgr.services.paging import paginate
from contractmgr.services.tenders import item_counts
from contractmgr.web import require_role
from contractmgr.web.arguments import id_arg
from forms.contracts import confirmation_forms

bp = Blueprint("tenders", __name__, url_prefix="/tenders")
bp.before_request(require_role(Role.PROCUREMENT, Role.ADMIN))


@bp.get("/")
def index():
    page = paginate(
        sa.select(Tender).options(joinedload(Tender.purchaser)).order_by(Tender.id.desc()),
        request.args.get("page", type=id_arg),
        request.args.get("per_page", type=id_arg),
    )
    return render_template(
        "tenders/index.html",
        page=page,
        item_counts=item_counts([tender.id for tender in page.items]),
        args=request.args,
    )


@bp.get("/<int:tender_id>")
def show(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    forms = confirmation_forms(tender) if current_user.role == Role.PROCUREMENT else {}
    return render_template("tenders/show.html", tender=tender, confirm_forms=forms)
