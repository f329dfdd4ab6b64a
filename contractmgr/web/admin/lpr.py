"""The one-year LPR table (一年期贷款市场报价利率) that late-payment interest is computed from."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.formatting import long_date
from contractmgr.models import LprRate
from contractmgr.services.holidays import add_lpr_rate
from contractmgr.web.admin import bp
from contractmgr.web.finance.texts import rate_percent
from contractmgr.web.messages import explain, register_messages
from forms.admin_calendar import LprForm

register_messages(
    {
        "lpr_out_of_range": lambda **p: _(
            "利率 %(percent)s%% 不合理：一年期 LPR 应大于 0 且不超过 %(maximum)s%%（按百分数填写，3.00 表示 3.00%%）。",
            **p,
        ),
        "lpr_too_precise": lambda **p: _("利率 %(percent)s%% 最多三位小数。", **p),
        "lpr_date_taken": lambda **p: _(
            "%(day)s 已有一年期 LPR %(percent)s%%，同一生效日只能有一个利率。",
            day=long_date(p["day"]),
            percent=rate_percent(p["percent"]),
        ),
    }
)


@bp.route("/lpr", methods=["GET", "POST"])
def lpr():
    form = LprForm()
    if form.validate_on_submit():
        try:
            add_lpr_rate(form.effective_on.data, form.one_year_percent.data)
        except RuleViolation as violation:
            db.session.rollback()
            form.form_errors.append(explain(violation.code, **violation.params))
        else:
            db.session.commit()
            flash(_("已添加 %(day)s 起的一年期 LPR。", day=long_date(form.effective_on.data)))
            return redirect(url_for("admin.lpr"))
    rates = db.session.scalars(sa.select(LprRate).order_by(LprRate.effective_on.desc())).all()
    return render_template("admin/lpr.html", rates=rates, form=form), 422 if form.errors or form.form_errors else 200
