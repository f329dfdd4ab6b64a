"""The procurement officer's work on a contract: editing, confirmations, renewals, supplements, evaluations, penalties."""
from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("procurement", __name__, url_prefix="/procurement")
bp.before_request(require_role("procurement"))

# The views of this area live in modules beside this one, imported here so their routes register:
# from contractmgr.web.procurement import views  # noqa: E402, F401
