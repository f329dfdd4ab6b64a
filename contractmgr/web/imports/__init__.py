"""Importing tender and contract files: upload, review what was found, confirm (procurement officers)."""

from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("imports", __name__, url_prefix="/imports")
bp.before_request(require_role("procurement"))

# The views of this area live in modules beside this one, imported here so their routes register:
from contractmgr.web.imports import views  # noqa: E402, F401
