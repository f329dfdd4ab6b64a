"""The procurement officer's work on a contract: editing, confirmations, renewals, supplements, evaluations, penalties."""

from flask import Blueprint

from contractmgr.models import Role
from contractmgr.web import require_role

bp = Blueprint("procurement", __name__, url_prefix="/procurement")
bp.before_request(require_role(Role.PROCUREMENT))

# The views of this area live in modules beside this one, imported here so their routes register.
from contractmgr.web.procurement import contracts, panel, penalties, renewals, statutory  # noqa: E402, F401
