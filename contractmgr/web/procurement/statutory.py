"""Recording the law's dates on a contract: award notice, signing, publication and filing."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.domain.statutory import CLAUSES
from contractmgr.services import statutory
from contractmgr.services.access import contract_for
from contractmgr.web.actions import user_action
from contractmgr.web.procurement import bp
from contractmgr.web.procurement.common import status_of
from forms.statutory import StatutoryForm


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
