"""Imports: parse an uploaded file (nothing saved), then save it as a separate call."""
from contractmgr.web.api import bp  # noqa: F401 — routes register on bp

PATHS: dict = {}
SCHEMAS: dict = {}
