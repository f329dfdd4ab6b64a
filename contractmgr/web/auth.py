"""Signing in and out, and the language switch."""

import math
import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_user, logout_user

from contractmgr.extensions import limiter, login_manager
from contractmgr.models import User
from contractmgr.services import sessions
from contractmgr.services.users import authenticate
from contractmgr.texts.security import throttled_text, wrong_credentials_text
from contractmgr.web.actions import committed
from forms.auth import LoginForm

bp = Blueprint("auth", __name__)


#: the key of the server-side session (services/sessions.py) in the signed session cookie
SESSION_KEY = "login_key"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, only while the server-side session of the cookie's key is live."""
    found = sessions.live_session(
        session.get(SESSION_KEY),
        int(user_id),
        idle=timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]),
        longest=timedelta(hours=current_app.config["SESSION_MAX_HOURS"]),
    )
    return found.user if found else None


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never an absolute URL an attacker could plant."""
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("dashboard.index")


def _account() -> str:
    """The throttling key of the account a sign-in names (whether or not it exists)."""
    return "account:" + request.form.get("username", "").strip().lower()[:80]


def _failed(response) -> bool:
    return response.status_code == 401


# Only failed sign-ins count (deduct_when); once an account or an address has used up its allowance,
# every attempt, right or wrong, is answered 429 until the window has passed.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account, methods=["POST"], deduct_when=_failed
)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            with committed():
                key = sessions.start_session(user)
            _start_cookie_session(key)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(wrong_credentials_text())
    return render_template("auth/login.html", form=form), 401 if form.form_errors else 200


@bp.errorhandler(RateLimitExceeded)
def throttled(error: RateLimitExceeded):
    """Too many failed sign-ins: the login page again, with a sentence, 429 and Retry-After."""
    breached = limiter.current_limit
    seconds = max(1, breached.reset_at - int(time.time())) if breached is not None else 60
    form = LoginForm()
    form.form_errors.append(throttled_text(math.ceil(seconds / 60)))
    response = current_app.make_response((render_template("auth/login.html", form=form), 429))
    response.headers["Retry-After"] = str(seconds)
    return response


def _start_cookie_session(key: str) -> None:
    """A fresh cookie session for a new sign-in (nothing carried over but the language), holding its key."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session[SESSION_KEY] = key


@bp.post("/logout")
def logout():
    with committed():
        sessions.end_session(session.get(SESSION_KEY))
    logout_user()
    session.pop(SESSION_KEY, None)
    flash(_("您已退出登录。"))
    return redirect(url_for("auth.login"))


@bp.post("/language/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        refresh()  # drop the locale Flask-Babel cached for this context
    return redirect(_safe_next(request.form.get("next")))
