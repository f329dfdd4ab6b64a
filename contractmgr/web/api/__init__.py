"""The JSON API under /api/v1: bearer tokens, the same role and ownership rules as the pages."""

from flask import Blueprint, abort, g, request

from contractmgr.extensions import csrf
from contractmgr.models import ApiToken

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies are honoured here: every call carries its bearer token

PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = ApiToken.find_user(token.strip()) if scheme.lower() == "bearer" and token else None
    if user is None:
        abort(401)
    # The token's user is the user of this request only: Flask-Login reads `g._login_user` first, so
    # the session cookie is ignored, and nothing is written to the session (no cookie comes back).
    g._login_user = user
    g.api_user = user


#: the API modules: each registers its routes on bp and lists them in PATHS and SCHEMAS for the OpenAPI document
API_MODULES = ("contracts", "imports", "procurement", "finance", "vendor", "documents")

from contractmgr.web.api import contracts, documents, finance, imports, openapi, procurement, vendor  # noqa: E402, F401
