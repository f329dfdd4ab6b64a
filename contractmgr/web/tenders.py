"""Tenders and their items, for the procurement officer."""

import sqlalchemy as sa
from flask import Blueprint, render_template

from contractmgr.extensions import db
from contractmgr.models import Role, Tender
from contractmgr.web import require_role

bp = Blueprint("tenders", __name__, url_prefix="/tenders")
bp.before_request(require_role(Role.PROCUREMENT, Role.ADMIN))


@bp.get("/")
def index():
    return render_template(
        "tenders/index.html", tenders=db.session.scalars(sa.select(Tender).order_by(Tender.id.desc())).all()
    )


@bp.get("/<int:tender_id>")
def show(tender_id: int):
    return render_template("tenders/show.html", tender=db.get_or_404(Tender, tender_id))
