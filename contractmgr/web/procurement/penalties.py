"""Evaluations and their deductions, the basis they are counted on, and penalties: propose, confirm, waive."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.formatting import money
from contractmgr.services import evaluations, penalties, statutory
from contractmgr.services.access import contract_for
from contractmgr.texts.labels import clause_figures, evaluation_basis_label, penalty_kind_label
from contractmgr.web.actions import user_action
from contractmgr.web.procurement import bp
from contractmgr.web.procurement.common import status_of
from forms.contracts import BasisForm, DecideForm, EvaluationForm, PenaltyForm, WaiveForm


def _to_contract(contract, anchor: str):
    return redirect(url_for("contracts.show", contract_id=contract.id) + anchor)


@bp.route("/contracts/<int:contract_id>/evaluations/new", methods=["GET", "POST"])
def new_evaluation(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = EvaluationForm(data=dict(period_start=contract.start_on, period_end=contract.end_on))
    if form.validate_on_submit():
        with user_action(form) as action:
            result = evaluations.record_evaluation(
                contract,
                score=form.score.data,
                evaluated_on=form.evaluated_on.data,
                period_start=form.period_start.data,
                period_end=form.period_end.data,
                note=form.note.data or "",
                by=current_user,
            )
        if action.done:
            flash(_evaluation_message(result.assessment))
            return _to_contract(contract, "#penalties")
    return render_template("procurement/evaluation.html", form=form, contract=contract), status_of(form)


def _evaluation_message(assessment) -> str:
    if assessment.full_payment:
        return _("考评 %(score)s 分：全额支付，不扣款。", score=assessment.score)
    return _(
        "考评 %(score)s 分：%(basis)s扣 %(points)s 分，拟扣款 %(amount)s，待确认。",
        score=assessment.score,
        basis=evaluation_basis_label(assessment.basis),
        points=assessment.points_deducted,
        amount=money(assessment.amount),
    )


@bp.post("/contracts/<int:contract_id>/evaluation-basis")
def set_basis(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = BasisForm()
    if form.validate_on_submit():
        with user_action() as action:
            recounted = evaluations.set_evaluation_basis(contract, form.evaluation_basis.data)
        if not action.done:
            return render_template("errors/error.html", code=422, message=action.message), 422
        flash(
            _(
                "考评扣分口径已改为「%(basis)s」，重算了 %(n)s 笔待确认的考评扣款。",
                basis=evaluation_basis_label(contract.evaluation_basis),
                n=len(recounted),
            )
        )
        return _to_contract(contract, "#penalties")
    return render_template("errors/error.html", code=422, message=_("请选择扣分口径。")), 422


@bp.route("/contracts/<int:contract_id>/penalties/new", methods=["GET", "POST"])
def new_penalty(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = PenaltyForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            if form.kind.data == "late_delivery":
                penalty = penalties.assess_late_delivery(contract, form.days.data, by=current_user)
            else:
                penalty = penalties.assess_acceptance_failure(contract, form.attempt.data or 1, by=current_user)
        if action.done:
            flash(
                _(
                    "已提出%(kind)s %(amount)s，待确认。",
                    kind=penalty_kind_label(penalty.kind),
                    amount=money(penalty.amount),
                )
            )
            return _to_contract(contract, "#penalties")
    return render_template(
        "procurement/penalty.html", form=form, contract=contract, figures=clause_figures()
    ), status_of(form)


@bp.post("/contracts/<int:contract_id>/penalties/<int:penalty_id>/confirm")
def confirm_penalty(contract_id: int, penalty_id: int):
    contract = contract_for(current_user, contract_id)
    penalty = penalties.contract_penalty(contract, penalty_id)
    form = DecideForm()
    status = 422
    if form.validate_on_submit():
        with user_action(form) as action:
            statutory.record_known_loss(penalty, form.known_loss.data)
            penalties.confirm_penalty(penalty, by=current_user)
        if action.done:
            flash(
                _(
                    "%(kind)s %(amount)s 已确认，将从付款中抵扣。",
                    kind=penalty_kind_label(penalty.kind),
                    amount=money(penalty.amount),
                )
            )
            return _to_contract(contract, "#penalties")
        status = action.status  # 409 when it was decided meanwhile
    return render_template(
        "procurement/waive.html", form=WaiveForm(), decide_form=form, contract=contract, penalty=penalty
    ), status


@bp.route("/contracts/<int:contract_id>/penalties/<int:penalty_id>/waive", methods=["GET", "POST"])
def waive_penalty(contract_id: int, penalty_id: int):
    contract = contract_for(current_user, contract_id)
    penalty = penalties.contract_penalty(contract, penalty_id)
    form = WaiveForm()
    status = None
    if form.validate_on_submit():
        with user_action(form) as action:
            penalties.waive_penalty(penalty, reason=form.reason.data, by=current_user)
        if action.done:
            flash(
                _("%(kind)s %(amount)s 已免除。", kind=penalty_kind_label(penalty.kind), amount=money(penalty.amount))
            )
            return _to_contract(contract, "#penalties")
        status = action.status  # 409 when it was decided meanwhile
    return render_template(
        "procurement/waive.html", form=form, decide_form=None, contract=contract, penalty=penalty
    ), status or status_of(form)
