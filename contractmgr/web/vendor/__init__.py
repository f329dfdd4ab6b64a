"""The vendor portal: acceptance materials and submissions, inspections, the staff roster (own contracts only)."""
from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
bp.before_request(require_role("vendor"))

# The views of this area live in modules beside this one, imported here so their routes register:
# from contractmgr.web.vendor import views  # noqa: E402, F401
