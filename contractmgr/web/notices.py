"""The in-app notices: the reminders sent to the user, newest first, each linking to its item's page;
the unread count is in the header (templating.py). Marking read is a POST with CSRF."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.services.reminders import mark_read, notices_for
from contractmgr.texts.reminders import stage_text
from contractmgr.web import require_role
from forms.common import ActionForm

bp = Blueprint("notices", __name__, url_prefix="/notices")
bp.before_request(require_role())  # every role, signed in; each sees only their own


@bp.get("/")
def index():
    return render_template(
        "notices/index.html", notices=notices_for(current_user), form=ActionForm(), stage_text=stage_text
    )


@bp.post("/<int:notice_id>/read")
def read(notice_id: int):
    _mark(notice_id)
    return redirect(url_for("notices.index"))


@bp.post("/read")
def read_all():
    _mark(None)
    flash(_("全部提醒已标为已读。"))
    return redirect(url_for("notices.index"))


def _mark(notice_id: int | None) -> None:
    if not ActionForm().validate_on_submit():
        abort(400)
    mark_read(current_user, notice_id)
    db.session.commit()
