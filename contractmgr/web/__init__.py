"""Blueprints, one per area; each carries a single role guard so no route can forget it."""

from collections.abc import Callable

from flask import Flask, abort
from flask_login import current_user


def require_role(*roles: str) -> Callable[[], None]:
    """A before_request guard: signed in (else the login page), and one of `roles` (else 403)."""

    def guard() -> None:
        from contractmgr.extensions import login_manager

        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if roles and current_user.role not in roles:
            abort(403)
        return None

    return guard


def register(app: Flask) -> None:
    from contractmgr.web import (
        acceptance,
        account,
        admin,
        arguments,
        auth,
        contracts,
        dashboard,
        deadlines,
        documents,
        errors,
        finance,
        imports,
        notices,
        procurement,
        search,
        supplier,
        tenders,
    )
    from contractmgr.web.api import bp as api_bp

    arguments.install(app)
    for area in (
        auth,
        dashboard,
        contracts,
        tenders,
        imports,
        procurement,
        finance,
        supplier,
        acceptance,
        deadlines,
        documents,
        admin,
        account,
        search,
        notices,
    ):
        app.register_blueprint(area.bp)
    # The calendar feed is read by calendar applications without a session: its secret URL is the
    # key, so it is registered on its own, outside the deadlines blueprint's login guard.
    app.register_blueprint(deadlines.feed_bp)
    app.register_blueprint(api_bp)
    app.before_request(account.new_password_first)
    errors.register(app)
