"""The search box in the header: contracts, tenders, lines and suppliers, grouped by kind, for every
role (a vendor searches its own contracts only; services/search.py says who searches what)."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from contractmgr.domain.errors import RuleViolation
from contractmgr.services.search import Results, kinds_for, search
from contractmgr.texts.messages import explain_violation
from contractmgr.web import require_role
from contractmgr.web.arguments import id_arg

bp = Blueprint("search", __name__, url_prefix="/search")
bp.before_request(require_role())


@bp.get("/")
def index():
    per_page = request.args.get("per_page", type=id_arg)
    try:
        results = search(
            current_user,
            request.args.get("q", ""),
            kind=request.args.get("kind"),
            page=request.args.get("page", type=id_arg),
            per_page=per_page,
        )
    except RuleViolation as violation:
        return _page(Results(text="", pages={}, kinds=kinds_for(current_user)), {}, explain_violation(violation)), 422
    # one kind alone keeps its kind and page size in the page links; the grouped page links to each kind
    if results.kind:
        return _page(results, {"q": results.text, "kind": results.kind, "per_page": per_page})
    return _page(results, {"q": results.text})


def _page(results: Results, args: dict, error: str | None = None) -> str:
    return render_template("search/index.html", results=results, args=args, error=error)
