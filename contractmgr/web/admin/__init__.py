"""Administration: users and roles, the holiday calendar, the LPR table."""

from flask import Blueprint

from contractmgr.models import Role
from contractmgr.web import require_role

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_role(Role.ADMIN))

from contractmgr.web.admin import (  # noqa: E402, F401
    calendar,
    lpr,
    users,  # noqa: E402, F401 — routes register on bp
)
