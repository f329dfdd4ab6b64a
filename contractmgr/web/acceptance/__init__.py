"""The purchaser's side of the vendor portal: acceptance review (pass, or fail with reasons), the list
of acceptance materials, and the vendor's inspections and staff roster as read-only pages.

Procurement officers review and edit; finance and administrators read (finance needs to know an
acceptance passed before milestone 2). One guard says both.
"""

from flask import Blueprint, abort, request
from flask_login import current_user

from contractmgr.models import Role
from contractmgr.web import require_role

bp = Blueprint("acceptance", __name__, url_prefix="/acceptance")

_signed_in_reader = require_role(Role.PROCUREMENT, Role.FINANCE, Role.ADMIN)


@bp.before_request
def guard():
    """Readers: procurement, finance, admin. Anything but reading: procurement only."""
    denied = _signed_in_reader()
    if denied is not None:
        return denied
    if request.method not in ("GET", "HEAD") and current_user.role != Role.PROCUREMENT:
        abort(403)
    return None


from contractmgr.web.acceptance import views  # noqa: E402, F401 — routes register on bp
