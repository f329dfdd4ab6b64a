"""The signed-in user's own account: changing one's password (which comes first after an administrator
has reset it), and one's reminder settings."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.services.reminders import update_reminder_settings
from contractmgr.services.users import change_password
from contractmgr.web import require_role
from contractmgr.web.actions import user_action
from contractmgr.web.auth import SESSION_KEY
from forms.auth import PasswordChangeForm
from forms.reminders import ReminderSettingsForm

bp = Blueprint("account", __name__, url_prefix="/account")
bp.before_request(require_role())  # every role, signed in


#: what a user who must choose a new password may still reach: that page, signing out, the language switch
OPEN_BEFORE_NEW_PASSWORD = {"account.password", "auth.logout", "auth.login", "auth.set_language", "static"}


def new_password_first():
    """A before_request for every page: after an administrator's reset, the user's first stop is choosing
    a new password, and every other page sends them there. The API refuses their tokens itself (403
    password_change_required, web/api/__init__.py)."""
    if request.endpoint in OPEN_BEFORE_NEW_PASSWORD or request.blueprint and request.blueprint.startswith("api"):
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("account.password"))
    return None


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change one's password: the current one required; this session stays, every other one and every
    API token ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            change_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                keep_session_key=session.get(SESSION_KEY),
            )
        if action.done:
            flash(_("密码已修改；您在其他地方的登录和 API 令牌均已失效。"))
            return redirect(url_for("dashboard.index"))
    failed = form.errors or form.form_errors
    return render_template(
        "account/password.html", form=form, reset=current_user.must_change_password
    ), 422 if failed else 200


@bp.route("/reminders", methods=["GET", "POST"])
def reminders():
    """Where one's daily digest of deadlines goes, its language, and the categories one receives."""
    form = ReminderSettingsForm.for_user(current_user)  # a POST's fields (even no box ticked) replace these
    if form.validate_on_submit():
        with user_action(form) as action:
            update_reminder_settings(
                current_user, email=form.email.data, locale=form.locale.data, receive=form.receive.data
            )
        if action.done:
            flash(_("提醒设置已保存。"))
            return redirect(url_for("account.reminders"))
    failed = form.errors or form.form_errors
    return render_template("account/reminders.html", form=form), 422 if failed else 200
