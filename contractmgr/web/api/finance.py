"""Finance: the payment schedule of a contract."""
from contractmgr.web.api import bp  # noqa: F401 — routes register on bp

PATHS: dict = {}
SCHEMAS: dict = {}
