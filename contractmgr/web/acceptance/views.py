"""Acceptance review and the purchaser's view of a vendor's inspections and staff."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.domain.acceptance import REWORK_WORKING_DAYS
from contractmgr.models import AcceptanceSubmission, Contract
from contractmgr.services import acceptance, inspections, staffing
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.services.calendar import working_calendar
from contractmgr.services.contracts import LIST_LOADS
from contractmgr.services.paging import paginate
from contractmgr.web.acceptance import bp
from contractmgr.web.acceptance.shared import acceptance_context, form_messages, inspection_download, material_download
from contractmgr.web.actions import user_action
from contractmgr.web.arguments import id_arg
from forms.acceptance import EditMaterialForm, MaterialForm, ReviewForm
from forms.common import ActionForm, VoidForm


@bp.get("/")
def index():
    """Every contract's acceptance at a glance; submissions awaiting review first."""
    today, calendar = clock.today(), working_calendar()
    waiting = (
        sa.select(AcceptanceSubmission.id)
        .where(AcceptanceSubmission.contract_id == Contract.id, AcceptanceSubmission.decision.is_(None))
        .exists()
    )
    page = paginate(
        visible_contracts(current_user)
        .order_by(sa.case((waiting, 0), else_=1), Contract.end_on, Contract.id)
        .options(*LIST_LOADS),
        request.args.get("page", type=id_arg),
        request.args.get("per_page", type=id_arg),
    )
    submissions = acceptance.submissions_of([c.id for c in page.items])
    rows = [(c, acceptance.scopes_of(c, calendar, today, submissions[c.id])) for c in page.items]
    return render_template("acceptance/index.html", rows=rows, page=page, args=request.args)


def _review_form(submission_id: int, **kwargs) -> ReviewForm:
    # One form per pending submission (the contract and each line with its own year can wait at
    # once): the prefix keeps their fields' ids apart.
    return ReviewForm(prefix=f"review-{submission_id}", **kwargs)


def _review_page(contract, *, status=200, reviewed=None, material_form=None, material_errors=None):
    """The page; `reviewed` is (submission id, its form with errors) after a refused review."""
    context = acceptance_context(contract)
    forms = {
        scope.pending.id: _review_form(scope.pending.id, formdata=None) for scope in context["scopes"] if scope.pending
    }
    if reviewed is not None:
        forms[reviewed[0]] = reviewed[1]
    return render_template(
        "acceptance/contract.html",
        **context,
        review_forms=forms,
        material_form=material_form or MaterialForm(),
        edit_form=EditMaterialForm(),
        material_errors=material_errors or {},
    ), status


@bp.get("/contracts/<int:contract_id>")
def acceptance_page(contract_id: int):
    return _review_page(contract_for(current_user, contract_id))


@bp.post("/contracts/<int:contract_id>/submissions/<int:submission_id>/review")
def review(contract_id: int, submission_id: int):
    contract = contract_for(current_user, contract_id)
    submission = acceptance.submission_for(contract, submission_id) or abort(404)
    form = _review_form(submission.id)
    if form.validate_on_submit():
        with user_action(form) as action:
            acceptance.review_submission(
                submission,
                form.decision.data,
                form.reasons.data,
                by=current_user,
                today=clock.today(),
                calendar=working_calendar(),
            )
        if action.done:
            flash(
                _("验收通过。")
                if submission.decision == "pass"
                else _(
                    "已判定不通过：供应商须在 %(days)s 个工作日内整改并重新提交；违约金建议已生成，待确认或免除。",
                    days=REWORK_WORKING_DAYS,
                )
            )
            return redirect(url_for("acceptance.acceptance_page", contract_id=contract.id, _anchor="history"))
    return _review_page(contract, status=422, reviewed=(submission.id, form))


@bp.get("/contracts/<int:contract_id>/files/<int:file_id>")
def download_material(contract_id: int, file_id: int):
    return material_download(contract_for(current_user, contract_id), file_id)


# --- the list of materials -------------------------------------------------------------------


@bp.post("/contracts/<int:contract_id>/materials")
def add_material(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = MaterialForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            material = acceptance.add_material(contract, form.name.data, form.required.data)
        if action.done:
            flash(_("已添加验收材料「%(name)s」。", name=material.name))
            return redirect(url_for("acceptance.acceptance_page", contract_id=contract.id, _anchor="materials"))
    return _review_page(contract, status=422, material_form=form)


@bp.post("/contracts/<int:contract_id>/materials/<int:material_id>")
def update_material(contract_id: int, material_id: int):
    contract = contract_for(current_user, contract_id)
    material = acceptance.material_for(contract, material_id) or abort(404)
    form = EditMaterialForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            acceptance.update_material(
                material, name=form.name.data, required=form.required.data, position=form.position.data
            )
        if action.done:
            flash(_("已保存验收材料「%(name)s」。", name=material.name))
            return redirect(url_for("acceptance.acceptance_page", contract_id=contract.id, _anchor="materials"))
    return _review_page(contract, status=422, material_errors={material_id: form_messages(form)})


@bp.post("/contracts/<int:contract_id>/materials/<int:material_id>/void")
def void_material(contract_id: int, material_id: int):
    contract = contract_for(current_user, contract_id)
    material = acceptance.material_for(contract, material_id) or abort(404)
    form = VoidForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            acceptance.void_material(material, form.reason.data, by=current_user)
        if action.done:
            flash(_("已作废验收材料「%(name)s」；它与理由一并保留在「已作废」中。", name=material.name))
            return redirect(url_for("acceptance.acceptance_page", contract_id=contract.id, _anchor="materials"))
    return _review_page(contract, status=422, material_errors={material_id: form_messages(form)})


@bp.post("/contracts/<int:contract_id>/materials/defaults")
def restore_materials(contract_id: int):
    contract = contract_for(current_user, contract_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    with user_action() as action:
        added = acceptance.restore_default_materials(contract)
    if not action.done:
        flash(action.message)
    elif added:
        flash(_("已补齐合同第十一条列明的材料：%(names)s。", names=_("、").join(m.name for m in added)))
    else:
        flash(_("合同第十一条列明的六项材料都已在清单中。"))
    return redirect(url_for("acceptance.acceptance_page", contract_id=contract.id, _anchor="materials"))


# --- inspections and staff, read-only -------------------------------------------------------------


@bp.get("/contracts/<int:contract_id>/inspections")
def inspections_page(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return render_template(
        "acceptance/inspections.html",
        contract=contract,
        overview=inspections.inspection_overview(contract, clock.today()),
        records=inspections.inspections_of(contract),
        file_endpoint="acceptance.download_inspection",
    )


@bp.get("/contracts/<int:contract_id>/inspections/<int:inspection_id>/file")
def download_inspection(contract_id: int, inspection_id: int):
    return inspection_download(contract_for(current_user, contract_id), inspection_id)


@bp.get("/contracts/<int:contract_id>/staff")
def staff_page(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return render_template(
        "acceptance/staff.html",
        contract=contract,
        overview=staffing.staffing_overview(contract, clock.today()),
        roster=staffing.assignments_of(contract),
    )
