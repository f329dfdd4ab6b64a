"""The procurement officer's operations: renewals, supplements, evaluations, penalties."""
from contractmgr.web.api import bp  # noqa: F401 — routes register on bp

PATHS: dict = {}
SCHEMAS: dict = {}
