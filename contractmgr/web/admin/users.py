"""Users and roles."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services.sessions import set_active
from contractmgr.services.users import create_user
from contractmgr.web.actions import user_action
from contractmgr.web.admin import bp
from forms.admin import UserForm
from forms.common import ActionForm


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = UserForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            create_user(form.username.data, form.role.data, form.password.data, vendor_name=form.vendor.data or None)
        if action.done:
            flash(_("用户 %(name)s 已创建。", name=form.username.data))
            return redirect(url_for("admin.users"))
    users = db.session.scalars(sa.select(User).order_by(User.role, User.username)).all()
    return render_template(
        "admin/users.html", users=users, form=form, action_form=ActionForm()
    ), 422 if form.errors or form.form_errors else 200


@bp.post("/users/<int:user_id>/active")
def set_user_active(user_id: int):
    """Disable (ending the user's sessions and API tokens) or enable a user; never oneself."""
    user = db.get_or_404(User, user_id)
    form = ActionForm()
    if not form.validate_on_submit() or user.id == current_user.id:
        abort(400)
    active = not user.is_active
    with user_action(form):
        set_active(user, active)
    if active:
        flash(_("用户 %(name)s 已启用。", name=user.username))
    else:
        flash(_("用户 %(name)s 已停用，其登录会话和 API 令牌均已失效。", name=user.username))
    return redirect(url_for("admin.users"))
