"""Signing in and out, and the language switch."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_user, logout_user

from contractmgr.extensions import db, login_manager
from contractmgr.models import User
from forms.auth import LoginForm

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


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
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("用户名或密码不正确。"))
    return render_template("auth/login.html", form=form), 401 if form.form_errors else 200


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("您已退出登录。"))
    return redirect(url_for("auth.login"))


@bp.post("/language/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        refresh()  # drop the locale Flask-Babel cached for this context
    return redirect(_safe_next(request.form.get("next")))
