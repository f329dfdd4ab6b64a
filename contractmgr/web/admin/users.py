"""Users and roles."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services.users import create_user
from contractmgr.web.actions import user_action
from contractmgr.web.admin import bp
from forms.admin import UserForm


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
    return render_template("admin/users.html", users=users, form=form), 422 if form.errors or form.form_errors else 200
