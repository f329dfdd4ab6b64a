"""The law around a contract: recording the award notice, signing, publication and filing days, and
the vendor's SME status with the contract's SME payment terms."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.domain.statutory import CLAUSES
from contractmgr.services import sme, statutory
from contractmgr.services.access import contract_for
from contractmgr.texts.statutory import sme_rule_text
from contractmgr.web.actions import user_action
from contractmgr.web.procurement import bp
from contractmgr.web.procurement.common import status_of
from forms.statutory import SmeForm, StatutoryForm

bp.add_app_template_global(sme_rule_text, "sme_rule_text")


@bp.route("/contracts/<int:contract_id>/statutory", methods=["GET", "POST"])
def record_statutory(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = StatutoryForm(obj=contract)
    if form.validate_on_submit():
        with user_action(form) as action:
            statutory.record_statutory_dates(contract, form.to_record(), clock.today())
        if action.done:
            flash(_("法定期限的日期已登记。"))
            return redirect(url_for("contracts.show", contract_id=contract.id, _anchor="statutory"))
    return render_template(
        "procurement/statutory.html", form=form, contract=contract, clauses=CLAUSES.items()
    ), status_of(form)


@bp.route("/contracts/<int:contract_id>/sme", methods=["GET", "POST"])
def sme_terms(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = SmeForm() if request.method == "POST" else SmeForm.for_contract(contract)
    if form.validate_on_submit():
        with user_action(form) as action:
            sme.set_sme_terms(contract, form.to_terms())
        if action.done:
            flash(_("中小企业款项支付条款已保存。"))
            return redirect(url_for("contracts.show", contract_id=contract.id, _anchor="sme"))
    return render_template("procurement/sme.html", form=form, contract=contract), status_of(form)
