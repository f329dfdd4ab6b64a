"""Finance: payment schedules, what each payment waits for, deductions, payments, Excel exports."""

from flask import Blueprint

from contractmgr.web import require_role

bp = Blueprint("finance", __name__, url_prefix="/finance")
bp.before_request(require_role("finance"))

# The views of this area live in modules beside this one, imported here so their routes register:
from contractmgr.web.finance import sme, views  # noqa: E402, F401
