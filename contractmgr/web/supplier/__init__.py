"""The vendor portal: acceptance materials and submissions, inspections, the staff roster (own contracts only)."""

from flask import Blueprint

from contractmgr.models import Role
from contractmgr.web import require_role

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
bp.before_request(require_role(Role.VENDOR))

from contractmgr.web.supplier import panel, views  # noqa: E402, F401 — template globals, routes
