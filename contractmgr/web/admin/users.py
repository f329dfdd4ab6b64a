"""Users and roles: create, change role, reset a password, revoke API tokens and the calendar feed,
set where their reminders go, disable or enable. Never oneself (an administrator cannot lock themselves out)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services.reminders import update_reminder_settings
from contractmgr.services.sessions import set_active
from contractmgr.services.users import (
    change_role,
    create_user,
    last_logins,
    live_token_counts,
    reset_password,
    revoke_access,
    user_changes,
)
from contractmgr.texts.labels import role_label
from contractmgr.web.actions import user_action
from contractmgr.web.admin import bp
from contractmgr.web.procurement.panel import audit_lines
from forms.admin import ResetPasswordForm, RoleForm, UserForm
from forms.common import ActionForm
from forms.reminders import ReminderSettingsForm

#: how many of the latest changes to users the page lists
CHANGES_SHOWN = 30


def _page(form: UserForm, status: int = 200, *, failed_user: int | None = None, failed_form=None):
    users = db.session.scalars(sa.select(User).order_by(User.role, User.username)).all()
    role_forms = {}
    password_forms = {}
    reminder_forms = {}
    for user in users:
        reminder_forms[user.id] = ReminderSettingsForm.for_user(user, prefix=f"reminders-{user.id}", formdata=None)
        role_forms[user.id] = RoleForm(
            prefix=f"role-{user.id}", data={"role": user.role, "vendor": user.vendor.name if user.vendor else ""}
        )
        password_forms[user.id] = ResetPasswordForm(prefix=f"password-{user.id}", formdata=None)
    if failed_user is not None and failed_form is not None:
        kinds = {RoleForm: role_forms, ResetPasswordForm: password_forms, ReminderSettingsForm: reminder_forms}
        kinds[type(failed_form)][failed_user] = failed_form
    return render_template(
        "admin/users.html",
        users=users,
        form=form,
        action_form=ActionForm(),
        role_forms=role_forms,
        password_forms=password_forms,
        reminder_forms=reminder_forms,
        last_logins=last_logins(),
        tokens=live_token_counts(),
        changes=audit_lines(user_changes(CHANGES_SHOWN)),
    ), status


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = UserForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            create_user(form.username.data, form.role.data, form.password.data, vendor_name=form.vendor.data or None)
        if action.done:
            flash(_("用户 %(name)s 已创建。", name=form.username.data))
            return redirect(url_for("admin.users"))
    return _page(form, 422 if form.errors or form.form_errors else 200)


def _other_user(user_id: int) -> User:
    """The user to change: never the administrator themselves (400)."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(400)
    return user


@bp.post("/users/<int:user_id>/active")
def set_user_active(user_id: int):
    """Disable (ending the user's sessions and API tokens) or enable a user; never oneself."""
    user = _other_user(user_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    active = not user.is_active
    with user_action(form):
        set_active(user, active)
    if active:
        flash(_("用户 %(name)s 已启用。", name=user.username))
    else:
        flash(_("用户 %(name)s 已停用，其登录会话和 API 令牌均已失效。", name=user.username))
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/role")
def set_user_role(user_id: int):
    """Give another user another role (a vendor user names its organisation)."""
    user = _other_user(user_id)
    form = RoleForm(prefix=f"role-{user.id}")
    if form.validate_on_submit():
        with user_action(form) as action:
            change_role(user, form.role.data, vendor_name=form.vendor.data)
        if action.done:
            flash(_("用户 %(name)s 的角色已改为%(role)s。", name=user.username, role=role_label(user.role)))
            return redirect(url_for("admin.users"))
    return _page(UserForm(formdata=None), 422, failed_user=user.id, failed_form=form)


@bp.post("/users/<int:user_id>/password")
def reset_user_password(user_id: int):
    """Set a new password for another user: their sessions end and their API tokens are revoked."""
    user = _other_user(user_id)
    form = ResetPasswordForm(prefix=f"password-{user.id}")
    if form.validate_on_submit():
        with user_action(form) as action:
            reset_password(user, form.password.data)
        if action.done:
            flash(_("用户 %(name)s 的密码已重设，其登录会话和 API 令牌均已失效。", name=user.username))
            return redirect(url_for("admin.users"))
    return _page(UserForm(formdata=None), 422, failed_user=user.id, failed_form=form)


@bp.post("/users/<int:user_id>/revoke")
def revoke_user_access(user_id: int):
    """Revoke another user's API tokens and calendar feed URL; their sign-in sessions stay."""
    user = _other_user(user_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    with user_action(form):
        count = revoke_access(user)
    flash(_("用户 %(name)s 的 %(count)s 个 API 令牌和日历订阅链接已撤销。", name=user.username, count=count))
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reminders")
def set_user_reminders(user_id: int):
    """Another user's reminder e-mail address, language and categories (one's own: the account page)."""
    user = _other_user(user_id)
    form = ReminderSettingsForm.for_user(user, prefix=f"reminders-{user.id}")
    if form.validate_on_submit():
        with user_action(form) as action:
            update_reminder_settings(user, email=form.email.data, locale=form.locale.data, receive=form.receive.data)
        if action.done:
            flash(_("用户 %(name)s 的提醒设置已保存。", name=user.username))
            return redirect(url_for("admin.users"))
    return _page(UserForm(formdata=None), 422, failed_user=user.id, failed_form=form)
