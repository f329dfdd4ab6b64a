"""Signing in and out, and the language switch."""

from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_user, logout_user

from contractmgr.extensions import db, login_manager
from contractmgr.models import User
from contractmgr.services import sessions
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


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.username == form.username.data.strip()))
        if user and user.is_active and user.check_password(form.password.data):
            with committed():
                key = sessions.start_session(user)
            _start_cookie_session(key)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("用户名或密码不正确。"))
    return render_template("auth/login.html", form=form), 401 if form.form_errors else 200


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
