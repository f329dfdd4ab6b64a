"""Finance records the day a payment's service was delivered: an SME vendor's statutory 30 days run from
it where the payment does not wait for acceptance (《保障中小企业款项支付条例》第九条)."""

from flask_babel import gettext as _

from contractmgr import clock
from contractmgr.services import sme
from contractmgr.texts.statutory import due_basis_text
from contractmgr.web.finance import bp
from contractmgr.web.finance.views import _attempt, _milestone, _milestone_page
from forms.statutory import DeliveryForm

bp.add_app_template_global(due_basis_text, "finance_due_basis")


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/delivery")
def record_delivery(contract_id: int, milestone_id: int):
    milestone = _milestone(contract_id, milestone_id)
    form = DeliveryForm()
    if form.validate_on_submit():
        done = _attempt(
            form,
            lambda: sme.record_delivery(milestone, form.delivered_on.data, today=clock.today()),
            _("交付日期已登记。"),
            milestone,
        )
        if done:
            return done
    return _milestone_page(milestone, delivery_form=form)
