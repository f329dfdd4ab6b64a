"""The vendor's pages for one of its own contracts: acceptance materials and submissions, inspections, staff.

Every contract is loaded through `contract_for`, so another vendor's contract is a 404; every
material, file, line and roster row is then looked up within that contract.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.exports import staff_roster_xlsx
from contractmgr.exports.schedule_xlsx import XLSX_MIMETYPE
from contractmgr.services import acceptance, inspections, staff_roster, staffing
from contractmgr.services.access import contract_for, owns_contract
from contractmgr.services.calendar import working_calendar
from contractmgr.services.storage import request_limit
from contractmgr.texts.messages import explain_violation, roster_refusal
from contractmgr.texts.supplier import uploaded_versions_text
from contractmgr.web.acceptance.shared import (
    acceptance_context,
    form_messages,
    inspection_download,
    material_download,
)
from contractmgr.web.actions import user_action
from contractmgr.web.files import send_temporary
from contractmgr.web.supplier import bp
from forms.supplier import (
    EndStaffForm,
    InspectionForm,
    RosterImportForm,
    StaffForm,
    SubmitAcceptanceForm,
    UploadMaterialsForm,
    line_choices,
)

# --- acceptance -------------------------------------------------------------------------------


def _acceptance_page(contract, *, status=200, upload_errors=None, submit_errors=None, upload_form=None):
    return render_template(
        "supplier/acceptance.html",
        **acceptance_context(contract),
        upload_form=upload_form or UploadMaterialsForm(),
        submit_form=SubmitAcceptanceForm(),
        upload_errors=upload_errors or {},
        submit_errors=submit_errors or {},
    ), status


@bp.get("/contracts/<int:contract_id>")
def acceptance_page(contract_id: int):
    return _acceptance_page(contract_for(current_user, contract_id))


@bp.url_value_preprocessor
def allow_a_file_per_material(endpoint: str | None, values: dict | None) -> None:
    """The multi-upload may carry one file of the upload limit per material of the contract. The request's
    limit is raised here because this runs before every before_request hook, the CSRF check among them,
    which reads the form first; so it is raised for the contract's own vendor only (the role guard has not
    run yet): anyone else's body keeps the single-file limit and is refused before it is read."""
    if endpoint == "vendor.upload_materials" and values and owns_contract(current_user, values["contract_id"]):
        request.max_content_length = request_limit(acceptance.material_count(values["contract_id"]))


@bp.post("/contracts/<int:contract_id>/materials/files")
def upload_materials(contract_id: int):
    """New versions of the materials a file is chosen for (in each row, one button; one file is a list of
    one): all kept, or none."""
    contract = contract_for(current_user, contract_id)
    form = UploadMaterialsForm()
    upload_errors: dict[int, list[str]] = {}
    if form.validate_on_submit():
        chosen = form.chosen(acceptance.materials_of(contract))
        with user_action(form) as action:
            versions = acceptance.upload_materials(chosen, by=current_user)
        if action.done:
            flash(uploaded_versions_text(versions))
            return redirect(url_for("vendor.acceptance_page", contract_id=contract.id, _anchor="materials"))
        upload_errors = _refused_by_material(action.violation, chosen)
    return _acceptance_page(contract, status=422, upload_form=form, upload_errors=upload_errors)


def _refused_by_material(violation, chosen) -> dict[int, list[str]]:
    """Each refused file's sentence under its material's row (material names are unique in a contract)."""
    if violation is None or violation.code != "materials_refused":
        return {}
    reasons = {name: explain_violation(refused) for name, refused in violation.params["refused"]}
    return {material.id: [reasons[material.name]] for material, _file in chosen if material.name in reasons}


@bp.get("/contracts/<int:contract_id>/files/<int:file_id>")
def download_material(contract_id: int, file_id: int):
    return material_download(contract_for(current_user, contract_id), file_id)


@bp.post("/contracts/<int:contract_id>/submissions")
def submit_acceptance(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = SubmitAcceptanceForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            submission = acceptance.submit_acceptance(
                contract, form.scope.data, by=current_user, today=clock.today(), calendar=working_calendar()
            )
        if action.done:
            flash(
                _("已提交验收材料（第 %(attempt)s 次），等待采购人审核。", attempt=submission.attempt)
                + (
                    _("本次提交已超过期限，系统已生成逾期交付违约金建议，由采购人确认或免除。")
                    if submission.late
                    else ""
                )
            )
            return redirect(url_for("vendor.acceptance_page", contract_id=contract.id, _anchor="history"))
        status = action.status  # 409 when a submission of the scope was made meanwhile
    else:
        status = 422
    return _acceptance_page(contract, status=status, submit_errors={form.scope.data: form_messages(form)})


# --- inspections ------------------------------------------------------------------------------


def _inspection_form(contract) -> InspectionForm:
    form = InspectionForm()
    form.line.choices = line_choices(contract)
    return form


def _inspections_page(contract, form, status=200):
    today = clock.today()
    return render_template(
        "supplier/inspections.html",
        contract=contract,
        form=form,
        overview=inspections.inspection_overview(contract, today),
        records=inspections.inspections_of(contract),
        file_endpoint="vendor.download_inspection",
    ), status


@bp.get("/contracts/<int:contract_id>/inspections")
def inspections_page(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = _inspection_form(contract)
    form.inspected_on.data = clock.today()
    return _inspections_page(contract, form)


@bp.post("/contracts/<int:contract_id>/inspections")
def record_inspection(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = _inspection_form(contract)
    if form.validate_on_submit():
        line = inspections.line_for(contract, form.line.data) or abort(404)
        with user_action(form) as action:
            inspections.record_inspection(
                line,
                inspected_on=form.inspected_on.data,
                inspector=form.inspector.data,
                findings=form.findings.data,
                upload=form.file.data,
                by=current_user,
                today=clock.today(),
            )
        if action.done:
            flash(_("已登记第 %(seq)s 项 %(day)s 的巡检。", seq=line.seq, day=form.inspected_on.data.isoformat()))
            return redirect(url_for("vendor.inspections_page", contract_id=contract.id))
    return _inspections_page(contract, form, 422)


@bp.get("/contracts/<int:contract_id>/inspections/<int:inspection_id>/file")
def download_inspection(contract_id: int, inspection_id: int):
    return inspection_download(contract_for(current_user, contract_id), inspection_id)


# --- staff ------------------------------------------------------------------------------------


def _staff_form(contract) -> StaffForm:
    form = StaffForm()
    form.lines.choices = line_choices(contract)
    return form


def _staff_page(contract, form, status=200, end_errors=None, import_form=None, import_rows=()):
    return render_template(
        "supplier/staff.html",
        contract=contract,
        form=form,
        end_form=EndStaffForm(),
        end_errors=end_errors or {},
        import_form=import_form or RosterImportForm(),
        import_rows=import_rows,
        overview=staffing.staffing_overview(contract, clock.today()),
        roster=staffing.assignments_of(contract),
    ), status


@bp.get("/contracts/<int:contract_id>/staff")
def staff_page(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return _staff_page(contract, _staff_form(contract))


@bp.post("/contracts/<int:contract_id>/staff")
def add_staff(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = _staff_form(contract)
    if form.validate_on_submit():
        lines = [inspections.line_for(contract, line_id) or abort(404) for line_id in form.lines.data or []]
        with user_action(form) as action:
            staffing.add_assignment(
                contract,
                person_name=form.person_name.data,
                staff_role=form.staff_role.data,
                lines=lines,
                on_site_from=form.on_site_from.data,
                on_site_to=form.on_site_to.data,
                id_number=form.id_number.data,
                match_known=True,
            )
        if action.done:
            flash(_("已登记驻场人员 %(name)s。", name=form.person_name.data.strip()))
            return redirect(url_for("vendor.staff_page", contract_id=contract.id))
    return _staff_page(contract, form, 422)


@bp.get("/contracts/<int:contract_id>/staff/template.xlsx")
def roster_template(contract_id: int):
    contract = contract_for(current_user, contract_id)
    return send_temporary(
        staff_roster_xlsx.roster_template(contract), f"驻场人员名单模板-{contract.record_number}.xlsx", XLSX_MIMETYPE
    )


@bp.post("/contracts/<int:contract_id>/staff/import")
def import_roster(contract_id: int):
    """The roster from the filled-in template: every row saved, or none and a sentence per wrong row."""
    contract = contract_for(current_user, contract_id)
    form = RosterImportForm()
    rows: list[str] = []
    if form.validate_on_submit():
        with user_action() as action:
            done = staff_roster.import_roster(contract, form.file.data, by=current_user)
        if action.done:
            flash(
                _(
                    "已从名单导入 %(people)s 人：新增 %(new)s 人，已登记 %(known)s 人；"
                    "新增 %(added)s 条驻场记录，按名单更新 %(updated)s 条。",
                    people=done.new_people + done.known_people,
                    new=done.new_people,
                    known=done.known_people,
                    added=len(done.added),
                    updated=len(done.updated),
                )
            )
            return redirect(url_for("vendor.staff_page", contract_id=contract.id))
        headline, rows = roster_refusal(action.violation)
        form.form_errors.append(headline)
    return _staff_page(contract, _staff_form(contract), 422, import_form=form, import_rows=rows)


@bp.post("/contracts/<int:contract_id>/staff/<int:assignment_id>/end")
def end_staff(contract_id: int, assignment_id: int):
    contract = contract_for(current_user, contract_id)
    assignment = staffing.assignment_for(contract, assignment_id) or abort(404)
    form = EndStaffForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            staffing.end_assignment(assignment, form.on_site_to.data)
        if action.done:
            flash(_("已记录 %(name)s 的驻场结束日期。", name=assignment.person_name))
            return redirect(url_for("vendor.staff_page", contract_id=contract.id))
    return _staff_page(contract, _staff_form(contract), 422, end_errors={assignment_id: form_messages(form)})
