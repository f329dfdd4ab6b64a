"""Documents out: the contract annex, supplementary contracts and acceptance reports as Word files."""

from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("documents", __name__, url_prefix="/documents")
bp.before_request(require_role("procurement", "finance", "admin", "vendor"))

# The views of this area live in modules beside this one, imported here so their routes register:
from contractmgr.web.documents import views  # noqa: E402, F401
