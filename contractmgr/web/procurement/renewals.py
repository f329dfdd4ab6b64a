"""Renewing a contract, adding a supplementary contract, and the full audit trail of a contract."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.formatting import money
from contractmgr.services import renewals, supplements
from contractmgr.services.access import contract_for
from contractmgr.services.contract_overview import audit_trail
from contractmgr.web.actions import user_action
from contractmgr.web.procurement import bp
from contractmgr.web.procurement.common import status_of
from contractmgr.web.procurement.panel import audit_lines
from forms.contracts import RenewalForm, SupplementForm


@bp.route("/contracts/<int:contract_id>/renewal", methods=["GET", "POST"])
def renew(contract_id: int):
    contract = contract_for(current_user, contract_id)
    proposed = renewals.default_renewal_period(contract)
    form = RenewalForm(data=dict(start_on=proposed.start, end_on=proposed.end, title=contract.title))
    if form.validate_on_submit():
        with user_action(form) as action:
            renewal = renewals.record_renewal(contract, **form.to_kwargs())
        if action.done:
            flash(
                _(
                    "已续签：续签链第 %(year)s 年，%(start)s 至 %(end)s。",
                    year=renewal.year_in_chain,
                    start=renewal.start_on.isoformat(),
                    end=renewal.end_on.isoformat(),
                )
            )
            return redirect(url_for("contracts.show", contract_id=renewal.id))
    return render_template(
        "procurement/renewal.html",
        form=form,
        contract=contract,
        status=renewals.chain_status_for(contract.chain),
        renewed_by=renewals.renewal_of(contract),
        line_cuts=renewals.proposed_line_cuts(contract, proposed),
    ), status_of(form)


@bp.route("/contracts/<int:contract_id>/supplements/new", methods=["GET", "POST"])
def new_supplement(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = SupplementForm()
    form.set_lines(contract.lines)
    if form.validate_on_submit():
        with user_action(form) as action:
            supplement, cap = supplements.record_supplement(
                contract,
                increase=form.increase.data,
                reason=form.reason.data,
                signed_on=form.signed_on.data,
                changes=form.to_changes(),
            )
        if action.done:
            flash(
                _(
                    "补充合同第 %(seq)s 号已登记，增加 %(amount)s；上限尚余 %(left)s。",
                    seq=supplement.seq,
                    amount=money(supplement.increase_amount),
                    left=money(cap.remaining),
                )
            )
            return redirect(url_for("contracts.show", contract_id=contract.id) + "#supplements")
    return render_template(
        "procurement/supplement.html", form=form, contract=contract, cap=supplements.cap_status_for(contract.chain)
    ), status_of(form)


@bp.get("/contracts/<int:contract_id>/audit")
def audit(contract_id: int):
    contract = contract_for(current_user, contract_id)
    entries, total = audit_trail(contract, limit=None)
    return render_template("procurement/audit.html", contract=contract, audit=audit_lines(entries), total=total)
