"""Generated documents: the annex, supplementary contracts, acceptance reports, OCDS."""
from contractmgr.web.api import bp  # noqa: F401 — routes register on bp

PATHS: dict = {}
SCHEMAS: dict = {}
