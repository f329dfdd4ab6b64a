"""The deadlines page, and issuing or revoking the secret URL of the user's calendar feed."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.services import deadlines
from contractmgr.services.calendar import working_calendar
from contractmgr.texts.deadlines import deadline_link, deadline_text, due_text
from contractmgr.web.deadlines import bp
from forms.common import ActionForm

#: items the page shows at first, and at most ("more" doubles it)
SHOWN, MAX_SHOWN = 100, 3200


def _page(new_feed_url: str | None = None):
    today = clock.today()
    shown = min(max(request.args.get("show", type=int) or SHOWN, 1), MAX_SHOWN)
    items = deadlines.deadlines_for(current_user, today, working_calendar(), limit=shown + 1)
    return render_template(
        "deadlines/index.html",
        items=items[:shown],
        more=min(shown * 2, MAX_SHOWN) if len(items) > shown and shown < MAX_SHOWN else None,
        today=today,
        form=ActionForm(),
        deadline_text=deadline_text,
        due_text=due_text,
        deadline_link=deadline_link,
        new_feed_url=new_feed_url,
    )


@bp.get("/")
def index():
    return _page()


@bp.post("/feed")
def issue_feed():
    """Answers the page itself, with the new URL: only its digest is kept, so it is shown this once."""
    if not ActionForm().validate_on_submit():
        abort(400)
    token = deadlines.issue_calendar_token(current_user)
    db.session.commit()
    flash(_("已生成新的日历订阅地址；之前的地址已失效。"))
    return _page(url_for("calendar_feed.feed", token=token, _external=True))


@bp.post("/feed/revoke")
def revoke_feed():
    if not ActionForm().validate_on_submit():
        abort(400)
    deadlines.revoke_calendar_token(current_user)
    db.session.commit()
    flash(_("日历订阅地址已停用。"))
    return redirect(url_for("deadlines.index", _anchor="feed"))
