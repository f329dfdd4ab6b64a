"""What is due for each user, soonest first, and its iCalendar feed."""

from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")
bp.before_request(require_role())

from contractmgr.web.deadlines import views  # noqa: E402, F401 — routes register on bp
from contractmgr.web.deadlines.feed import feed_bp  # noqa: E402, F401 — registered beside bp, without its guard
