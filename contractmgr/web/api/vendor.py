"""The vendor portal: acceptance materials, submissions and reviews."""
from contractmgr.web.api import bp  # noqa: F401 — routes register on bp

PATHS: dict = {}
SCHEMAS: dict = {}
