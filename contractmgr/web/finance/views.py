"""Finance's pages: the overview across contracts, a contract's schedule, one milestone (its checklist,
clock and payments), and the Excel exports of both (the overview's as a job: services.overview_export).
One service call and one commit per action."""

import logging

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from contractmgr import clock
from contractmgr import jobs as background
from contractmgr.exports.schedule_xlsx import XLSX_MIMETYPE, overview_workbook, schedule_workbook
from contractmgr.extensions import db
from contractmgr.models import Organisation, OrgKind
from contractmgr.services import finance, overview_export
from contractmgr.services import jobs as job_state
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.services.overview import STATUS_FILTERS, export_rows, month_totals, payment_overview
from contractmgr.services.schedule import condition_for, contract_schedule, milestone_for, unassigned_penalties
from contractmgr.texts.finance import (
    clock_event_label,
    clock_source_label,
    condition_label,
    provisional_text,
    rate_percent,
    status_kind_label,
    status_text,
)
from contractmgr.texts.labels import evaluation_basis_label, penalty_kind_label
from contractmgr.web.actions import committed, user_action
from contractmgr.web.arguments import id_arg
from contractmgr.web.files import send_stored, send_temporary
from contractmgr.web.finance import bp
from contractmgr.web.finance.chart import bar_chart, chart_svg
from forms.finance import ClockForm, ConditionForm, PaymentForm
from forms.statutory import DeliveryForm, FinanceSubmissionForm

log = logging.getLogger(__name__)

# Template globals (not a context processor: imported macros see globals but not the context).
for _name, _function in {
    "finance_status_text": status_text,
    "finance_provisional_text": provisional_text,
    "finance_penalty_label": penalty_kind_label,
    "finance_clock_event": clock_event_label,
    "finance_clock_source": clock_source_label,
    "finance_status_label": status_kind_label,
    "finance_rate": rate_percent,
    "finance_basis": evaluation_basis_label,
    "condition_label": condition_label,
    "finance_chart_svg": chart_svg,
}.items():
    bp.add_app_template_global(_function, _name)


def _overview_filters() -> dict:
    status = request.args.get("status") or None
    month = request.args.get("month") or None
    return dict(
        status=status if status in STATUS_FILTERS else None,
        purchaser_id=request.args.get("purchaser", type=id_arg),
        vendor_id=request.args.get("vendor", type=id_arg),
        month=month if month and len(month) == 7 else None,
    )


@bp.get("/")
def overview():
    result = payment_overview(
        visible_contracts(current_user),
        clock.today(),
        page=request.args.get("page", type=id_arg),
        per_page=request.args.get("per_page", type=id_arg),
        **_overview_filters(),
    )
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.kind.in_([OrgKind.PURCHASER, OrgKind.VENDOR]))
        .order_by(Organisation.name)
    ).all()
    return render_template(
        "finance/overview.html",
        overview=result,
        chart=bar_chart(result.months),
        organisations=organisations,
        args=request.args,
        statuses=STATUS_FILTERS,
    )


@bp.get("/overview.xlsx")
def overview_xlsx():
    today, visible, filters = clock.today(), visible_contracts(current_user), _overview_filters()
    return send_temporary(
        overview_workbook(export_rows(visible, today, **filters), month_totals(visible, today, **filters)),
        f"付款计划总览-{today:%Y%m%d}.xlsx",
        XLSX_MIMETYPE,
    )


@bp.post("/exports")
def queue_overview_export():
    """导出 Excel on the overview: the whole workbook is written by a job worker; the exports page shows
    it waiting, being written, then ready to download."""
    form = FlaskForm()  # only the CSRF token; the filters come as the overview's query arguments
    if not form.validate_on_submit():
        abort(400)
    with committed():
        job = overview_export.queue_export(
            _overview_filters(), clock.today(), str(get_locale()), by=current_user._get_current_object()
        )
    try:
        background.enqueue(current_app._get_current_object(), job)
    except Exception:  # the queue's storage is down: say so now rather than wait for ever
        log.exception("could not queue export job %s", job.id)
        with committed():
            job_state.give_up(job, "jobs_unavailable")
    return redirect(url_for("finance.exports"))


@bp.get("/exports")
def exports():
    listed = [(job, job_state.effective_state(job)) for job in overview_export.recent_exports(current_user)]
    return render_template(
        "finance/exports.html",
        exports=listed,
        files={job.id: overview_export.exported_file(job) for job, _state in listed},
        waiting=any(state in job_state.OPEN_STATES for _job, state in listed),
    )


@bp.get("/exports/<job_id>.xlsx")
def exported_file(job_id: str):
    job = overview_export.export_for(job_id, current_user)
    stored = overview_export.exported_file(job)
    if stored is None:
        abort(404)
    return send_stored(stored, job.filename)


@bp.get("/contracts/<int:contract_id>")
def schedule(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return render_template(
        "finance/schedule.html",
        schedule=contract_schedule(contract, clock.today()),
        unassigned=unassigned_penalties(contract),
    )


@bp.get("/contracts/<int:contract_id>/schedule.xlsx")
def schedule_xlsx(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return send_temporary(
        schedule_workbook(contract_schedule(contract, clock.today())),
        f"付款计划-合同{contract.id}-{clock.today():%Y%m%d}.xlsx",
        XLSX_MIMETYPE,
    )


def _milestone(contract_id: int, milestone_id: int):
    milestone = milestone_for(contract_for(current_user, contract_id), milestone_id)
    if milestone is None:
        abort(404)
    return milestone


def _milestone_page(
    milestone,
    *,
    payment_form=None,
    clock_form=None,
    condition_form=None,
    failed_condition=None,
    delivery_form=None,
    submission_form=None,
    status=422,
):
    schedule = contract_schedule(milestone.contract, clock.today())
    view = next(m for m in schedule.milestones if m.milestone.id == milestone.id)
    clock_form = clock_form or ClockForm(data={"started_on": milestone.clock_started_on})
    delivery_form = delivery_form or DeliveryForm(formdata=None, data={"delivered_on": milestone.delivered_on})
    submission_form = submission_form or FinanceSubmissionForm(
        formdata=None, data={"submitted_on": milestone.finance_submitted_on}
    )
    failed = any(
        f is not None and (f.errors or f.form_errors)
        for f in (payment_form, clock_form, condition_form, delivery_form, submission_form)
    )
    return render_template(
        "finance/milestone.html",
        schedule=schedule,
        view=view,
        payment_form=payment_form or PaymentForm(data={"paid_on": clock.today()}),
        clock_form=clock_form,
        condition_form=condition_form or ConditionForm(),
        failed_condition=failed_condition,
        delivery_form=delivery_form,
        submission_form=submission_form,
        today=clock.today(),
    ), status if failed else 200


@bp.get("/contracts/<int:contract_id>/milestones/<int:milestone_id>")
def milestone(contract_id: int, milestone_id: int):
    return _milestone_page(_milestone(contract_id, milestone_id))


def _attempt(form, run, success: str, milestone, **page):
    """Run one service action for a validated form: commit and redirect, or roll back and show the
    milestone page with the sentence on the form (409 when another action got there first)."""
    with user_action(form) as action:
        run()
    if not action.done:
        return _milestone_page(milestone, **page, status=action.status)
    flash(success)
    return redirect(url_for("finance.milestone", contract_id=milestone.contract_id, milestone_id=milestone.id))


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/payments")
def record_payment(contract_id: int, milestone_id: int):
    milestone = _milestone(contract_id, milestone_id)
    form = PaymentForm()
    if form.validate_on_submit():
        return _attempt(
            form,
            lambda: finance.record_payment(milestone, **form.to_data(), by=current_user, today=clock.today()),
            _("付款已登记。"),
            milestone,
            payment_form=form,
        )
    return _milestone_page(milestone, payment_form=form)


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/clock")
def record_clock(contract_id: int, milestone_id: int):
    milestone = _milestone(contract_id, milestone_id)
    form = ClockForm()
    if form.validate_on_submit():
        return _attempt(
            form,
            lambda: finance.record_clock_start(milestone, form.started_on.data, today=clock.today()),
            _("计时起算日已登记。"),
            milestone,
            clock_form=form,
        )
    return _milestone_page(milestone, clock_form=form)


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/conditions/<int:condition_id>")
def tick_condition(contract_id: int, milestone_id: int, condition_id: int):
    milestone = _milestone(contract_id, milestone_id)
    condition = condition_for(milestone, condition_id) or abort(404)
    form = ConditionForm()
    if form.validate_on_submit():
        return _attempt(
            form,
            lambda: finance.tick_condition(condition, form.met_on.data, by=current_user, today=clock.today()),
            _("已登记「%(label)s」。", label=condition.label),
            milestone,
            condition_form=form,
            failed_condition=condition_id,
        )
    return _milestone_page(milestone, condition_form=form, failed_condition=condition_id)


@bp.post("/contracts/<int:contract_id>/milestones/<int:milestone_id>/conditions/<int:condition_id>/untick")
def untick_condition(contract_id: int, milestone_id: int, condition_id: int):
    milestone = _milestone(contract_id, milestone_id)
    condition = condition_for(milestone, condition_id) or abort(404)
    form = FlaskForm()  # only the CSRF token: taking a tick back needs no other input
    if form.validate_on_submit():
        return _attempt(
            form,
            lambda: finance.untick_condition(condition),
            _("已撤销「%(label)s」。", label=condition.label),
            milestone,
            condition_form=form,
            failed_condition=condition_id,
        )
    return _milestone_page(milestone, condition_form=form, failed_condition=condition_id)
