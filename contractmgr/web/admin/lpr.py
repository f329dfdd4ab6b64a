"""The one-year LPR table (一年期贷款市场报价利率) that late-payment interest is computed from."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from contractmgr.extensions import db
from contractmgr.formatting import long_date
from contractmgr.models import LprRate
from contractmgr.services.holidays import add_lpr_rate
from contractmgr.web.actions import user_action
from contractmgr.web.admin import bp
from forms.admin_calendar import LprForm


@bp.route("/lpr", methods=["GET", "POST"])
def lpr():
    form = LprForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            add_lpr_rate(form.effective_on.data, form.one_year_percent.data)
        if action.done:
            flash(_("已添加 %(day)s 起的一年期 LPR。", day=long_date(form.effective_on.data)))
            return redirect(url_for("admin.lpr"))
    rates = db.session.scalars(sa.select(LprRate).order_by(LprRate.effective_on.desc())).all()
    return render_template("admin/lpr.html", rates=rates, form=form), 422 if form.errors or form.form_errors else 200
