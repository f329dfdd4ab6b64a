"""Finance records the day a payment's service was delivered (an SME vendor's statutory 30 days run from
it where the payment does not wait for acceptance, 《保障中小企业款项支付条例》第九条), and the day the
payment application went to the finance department with its proof (洛阳 contract 第十三条 2: submitted
by the due date, no interest accrues); the proof is served after the same checks as the milestone."""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.services import sme
from contractmgr.texts.statutory import clause_label, due_basis_text, interest_rule_text
from contractmgr.web.files import send_stored
from contractmgr.web.finance import bp
from contractmgr.web.finance.views import _attempt, _milestone, _milestone_page
from forms.statutory import DeliveryForm, FinanceSubmissionForm

bp.add_app_template_global(due_basis_text, "finance_due_basis")
bp.add_app_template_global(interest_rule_text, "finance_interest_rule")
bp.add_app_template_global(clause_label, "clause_label")


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/delivery")
def record_delivery(contract_id: int, milestone_id: int):
    milestone = _milestone(contract_id, milestone_id)
    form = DeliveryForm()
    if form.validate_on_submit():
        return _attempt(
            form,
            lambda: sme.record_delivery(milestone, form.delivered_on.data, today=clock.today()),
            _("交付日期已登记。"),
            milestone,
            delivery_form=form,
        )
    return _milestone_page(milestone, delivery_form=form)


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/finance-submission")
def record_finance_submission(contract_id: int, milestone_id: int):
    milestone = _milestone(contract_id, milestone_id)
    form = FinanceSubmissionForm()
    if form.validate_on_submit():
        return _attempt(
            form,
            lambda: sme.record_finance_submission(
                milestone, form.submitted_on.data, form.proof.data, by=current_user, today=clock.today()
            ),
            _("向财政部门提交支付申请的日期和证明已登记。"),
            milestone,
            submission_form=form,
        )
    return _milestone_page(milestone, submission_form=form)


@bp.get("/contracts/<int:contract_id>/milestones/<int:milestone_id>/finance-submission")
def finance_submission_file(contract_id: int, milestone_id: int):
    milestone = _milestone(contract_id, milestone_id)
    if milestone.finance_submission_file is None:
        abort(404)
    return send_stored(milestone.finance_submission_file)
