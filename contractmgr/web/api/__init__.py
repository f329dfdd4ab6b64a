"""The JSON API under /api/v1: bearer tokens, the same role and ownership rules as the pages.

Its routes live in role areas (areas.py), one blueprint each with its guard, nested in this one, which
authenticates every call and answers every refusal (errors.py). A route outside every area is closed."""

from flask import Blueprint, abort, g, request

from contractmgr.extensions import csrf
from contractmgr.models import ApiToken
from contractmgr.texts.messages import explain
from contractmgr.web.api import areas, errors

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies are honoured here: every call carries its bearer token

PUBLIC_ENDPOINTS = {"api.openapi"}
AREA_BLUEPRINTS = {f"api.{area.name}" for area in areas.AREAS}


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
    if user.must_change_password:
        # as on the pages (account.new_password_first): after an administrator's reset nothing opens until
        # the user has chosen a new password, and choosing it revokes every token. Checked once the user is
        # known to the request, so the refusal is in their language.
        raise errors.ApiError("password_change_required", explain("password_change_required"), 403)
    if request.blueprint not in AREA_BLUEPRINTS:
        abort(403)  # a route declared outside the role areas has no guard: closed until it joins one


errors.register(bp)

#: the API modules: each declares its routes in an area, and the components of the OpenAPI document in SCHEMAS
API_MODULES = ("contracts", "imports", "procurement", "finance", "acceptance", "documents")

from contractmgr.web.api import acceptance, contracts, documents, finance, imports, openapi, procurement  # noqa: E402, F401

for _area in areas.AREAS:
    csrf.exempt(_area)  # Flask-WTF looks at the nested blueprint itself, not its parent
    bp.register_blueprint(_area)
