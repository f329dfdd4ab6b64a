"""What is due for each user, soonest first, and its iCalendar feed."""
from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")
bp.before_request(require_role())

# The views of this area live in modules beside this one, imported here so their routes register:
# from contractmgr.web.deadlines import views  # noqa: E402, F401
