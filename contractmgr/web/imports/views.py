"""Upload a tender or contract file, watch it being read, review and correct what was found, confirm
or discard. Nothing becomes a tender or contract before the officer confirms it."""

from __future__ import annotations

import logging
from decimal import Decimal

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from contractmgr import clock
from contractmgr import jobs as background
from contractmgr.domain.errors import Conflict, NotFound, RuleViolation
from contractmgr.domain.schedule import DEFAULT_RATIOS
from contractmgr.extensions import db
from contractmgr.formatting import percent
from contractmgr.models import ImportRecord, Job
from contractmgr.services import chain_placement, imports
from contractmgr.services import jobs as job_state
from contractmgr.services.storage import FORM_ROOM, upload_limit
from contractmgr.texts.imports import (
    FORMAT_LABELS,
    JOB_MESSAGES,
    document_error_for,
    document_message,
    job_message,
    kind_label,
    limit_message,
    ocr_note,
    source_note,
    status_label,
    upload_too_large_message,
)
from contractmgr.texts.messages import explain, finding_text
from contractmgr.web.actions import committed, user_action
from contractmgr.web.files import send_stored
from contractmgr.web.imports import bp
from forms.imports import DiscardForm, ReviewForm, UploadForm, chain_choices, field_id, form_values
from importers import DocumentError, FileTooLarge, UnsupportedFormat
from importers.limits import MAX_LINES, MAX_SCAN_PAGES

log = logging.getLogger(__name__)


@bp.context_processor
def labels() -> dict:
    return {
        "import_kind_label": kind_label,
        "import_status_label": status_label,
        "import_format_label": lambda fmt: FORMAT_LABELS.get(fmt, fmt),
    }


# -- upload ----------------------------------------------------------------------------------


@bp.url_value_preprocessor
def allow_page_images(endpoint: str | None, values: dict | None) -> None:
    """Several page images may come in one upload: their sum is bounded, each one by the upload limit. The
    request's limit is raised here, before every before_request hook (the CSRF check reads the form first),
    and for a procurement officer only (the role guard has not run yet): anyone else's body keeps the
    single-file limit and is refused before it is read."""
    if endpoint == "imports.new" and current_user.is_authenticated and current_user.role == "procurement":
        request.max_content_length = imports.images_limit() + FORM_ROOM


@bp.route("/", methods=["GET", "POST"])
def new():
    form = UploadForm()
    if not form.validate_on_submit():
        if _wants_json() and request.method == "POST":
            return jsonify(state="failed", message=" ".join(form.file.errors) or _("请选择要导入的文件。")), 422
        return _upload_page(form)
    try:
        received = imports.receive(form.file.data)
    except DocumentError as error:
        if _wants_json():
            return jsonify(_document_failure(error)), _status_of(error)
        return _refused(form, error)
    try:
        if _wants_json():
            return _start_job(received)
        with committed():
            page_files = imports.keep_page_images(received.images, by=current_user)
            record = imports.import_file(received.path, received.filename, by=current_user, page_files=page_files)
    except (DocumentError, RuleViolation) as error:
        return _refused(form, error)
    finally:
        received.discard()
    return redirect(url_for("imports.review", import_id=record.id))


def _refused(form: UploadForm, error: Exception):
    """The upload page saying why the file was not imported (or the review it was uploaded for)."""
    if isinstance(error, RuleViolation) and error.code == "import_in_review":
        flash(explain(error.code, **error.params))
        return redirect(url_for("imports.review", import_id=error.params["import_id"]))
    if isinstance(error, DocumentError):
        form.form_errors.append(document_message(error, upload_limit()))
        return _upload_page(form, status=_status_of(error))
    form.form_errors.append(explain(error.code, **error.params))
    return _upload_page(form, status=409, earlier=error.params)


def _upload_page(form: UploadForm, status: int | None = None, earlier: dict | None = None):
    status = status or (422 if form.errors or form.form_errors else 200)
    return render_template(
        "imports/new.html",
        form=form,
        earlier=earlier,
        recent=imports.recent_imports(),
        limit_mb=upload_limit() // (1024 * 1024),
        images_limit=imports.images_limit(),
        images_limit_mb=imports.images_limit() // (1024 * 1024),
        max_scan_pages=MAX_SCAN_PAGES,
    ), status


def _status_of(error: DocumentError) -> int:
    if isinstance(error, FileTooLarge):
        return 413
    return 415 if isinstance(error, UnsupportedFormat) else 422


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _start_job(received: imports.Received):
    """Keep the upload (and its page images) in the file store, queue a job for it and answer its
    progress address (202)."""
    # Content imported before, or a file over a limit or no document at all, is refused at once: it is
    # neither kept nor queued.
    try:
        with committed():
            job = job_state.queue_upload(received, by=current_user)
    except RuleViolation as violation:
        return jsonify(_violation_json(violation)), 200 if violation.code == "import_in_review" else 409
    except DocumentError as error:
        return jsonify(_document_failure(error)), _status_of(error)
    try:
        background.enqueue_import(current_app._get_current_object(), job.id)
    except Exception:  # the queue's storage is down: say so now rather than poll for ever
        log.exception("could not queue import job %s", job.id)
        with committed():
            job_state.give_up(job, "jobs_unavailable")
        return jsonify(_job_json(job)), 503
    return jsonify(_job_json(job)), 202


def _document_failure(error: DocumentError) -> dict:
    return {"state": "failed", "error": error.code, "message": document_message(error, upload_limit())}


@bp.get("/jobs/<job_id>")
def job(job_id: str):
    try:
        found = job_state.job_for(job_id, current_user)
    except NotFound:
        return jsonify(state="failed", message=_("找不到这次上传的进度，请重新上传。")), 404
    return jsonify(_job_json(found))


@bp.post("/jobs/<job_id>/cancel")
def cancel_job(job_id: str):
    """Stop reading an upload (CSRF token in the X-CSRFToken header); nothing is imported."""
    try:
        found = job_state.job_for(job_id, current_user)
    except NotFound:
        return jsonify(state="failed", message=_("找不到这次上传的进度，请重新上传。")), 404
    with committed():
        job_state.cancel(found)
    return jsonify(_job_json(found))


def _job_json(job: Job) -> dict:
    """What the upload page's script needs: the state, the pages read, where to poll, cancel or go."""
    state = job_state.effective_state(job)
    if state == "done":
        return {"state": "done", "redirect": url_for("imports.review", import_id=job.import_record_id)}
    if state == "cancelled":
        return {"state": "cancelled", "message": job_message("cancelled")}
    if state == "lost":
        return {"state": "failed", "error": "job_lost", "message": job_message("job_lost")}
    if state == "failed":
        return _failure_json(job.error_code or "internal", job_state.decode(job.error_params))
    return {
        "state": state,
        "done": job.done,
        "total": job.total,
        "ocr": job.reads_by_ocr,
        "filename": job.filename,
        "poll": url_for("imports.job", job_id=job.id),
        "cancel": url_for("imports.cancel_job", job_id=job.id),
    }


def _failure_json(code: str, params: dict) -> dict:
    """A failed job's answer, worded now in the reader's language from the code and parameters kept."""
    document_error = document_error_for(code, params)
    if document_error is not None:
        return _document_failure(document_error)
    if code in JOB_MESSAGES:
        return {"state": "failed", "error": code, "message": job_message(code)}
    return _violation_json(RuleViolation(code, **params))


def _violation_json(violation: RuleViolation) -> dict:
    params = violation.params
    if violation.code == "import_in_review":
        flash(explain(violation.code, **params))
        return {"state": "done", "redirect": url_for("imports.review", import_id=params["import_id"])}
    answer = {"state": "failed", "error": violation.code, "message": explain(violation.code, **params)}
    if violation.code == "import_already_confirmed":
        answer.update(link=url_for("imports.review", import_id=params["import_id"]), link_text=_("查看那次导入"))
    return answer


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    message = upload_too_large_message(upload_limit(), imports.images_limit())
    if _wants_json():
        return jsonify(state="failed", error="file_too_large", message=message), 413
    form = UploadForm(formdata=None)
    form.form_errors.append(message)
    return _upload_page(form, status=413)


# -- review ----------------------------------------------------------------------------------


@bp.route("/<int:import_id>", methods=["GET", "POST"])
def review(import_id: int):
    record = db.get_or_404(ImportRecord, import_id)
    if record.status != "review":
        if request.method == "POST":  # confirmed or discarded since the review page was read
            flash(explain("import_not_in_review", status=record.status, import_id=record.id))
            return _record_page(record), 409
        return _record_page(record)
    if len(record.payload.get("line_items") or []) > MAX_LINES:
        # Kept before the line limit: a page of that many fields cannot be built (100,000 lines ran out of
        # memory). Say so, and offer to discard it; the file can be split and imported again.
        return _record_page(record, too_many_lines=len(record.payload["line_items"])), 422
    if request.method == "GET":
        if record.draft:  # what the officer typed last time, not yet saved: shown as typed
            return _review_page(record, ReviewForm(formdata=MultiDict(record.draft)))
        placement = chain_placement.propose_chain(record.payload).placement
        return _review_page(record, ReviewForm.for_payload(record.payload, placement=placement))
    form = ReviewForm()
    if not form.validate():
        _keep_draft(record)
        return _review_page(record, form, status=422)
    payload = form.to_payload(record.payload)
    if form.confirm.data:
        return _confirm(record, form, payload)
    if form.add_line.data:
        payload["line_items"].append(imports.blank_line(payload))
    if form.add_annex.data:
        return _add_annex(record, form, payload)
    return _save(record, form, payload)


def _add_annex(record: ImportRecord, form: ReviewForm, payload: dict):
    """Save the corrections and append the lines of the file chosen on the review (an annex)."""
    upload = form.annex.data
    if not upload or not upload.filename:
        form.annex.errors = [_("请选择要读入清单的文件。")]
        return _review_page(record, form, status=422)
    path = imports.spool(upload)
    try:
        with committed():
            added = imports.add_annex_lines(record, payload, path, upload.filename, by=current_user)
    except DocumentError as error:
        form.annex.errors = [document_message(error, upload_limit())]
        return _review_page(record, form, status=_status_of(error))
    except imports.ImportNotReady as not_ready:
        return _review_page(record, form, not_ready.problems, status=422)
    except RuleViolation as violation:
        form.annex.errors = [explain(violation.code, **violation.params)]
        return _review_page(record, form, status=422)
    finally:
        path.unlink(missing_ok=True)
    flash(_("已从《%(name)s》读入 %(n)s 项，接在原有各项之后；尚未导入。", name=upload.filename, n=added))
    return redirect(url_for("imports.review", import_id=record.id) + "#lines")


def _confirm(record: ImportRecord, form: ReviewForm, payload: dict):
    if payload["kind"] == "award":
        return _confirm_award(record, form, payload)
    try:
        with committed():
            created = imports.confirm_import(
                record,
                payload,
                acknowledge_warnings=form.acknowledge_warnings.data,
                signed_on=form.signed_on.data,
                placement=form.placement(),
            )
    except imports.ImportNotReady as not_ready:
        _keep_draft(record)
        return _review_page(
            record,
            ReviewForm.for_payload(payload, form.signed_on.data, form.placement()),
            not_ready.problems,
            not_ready.warnings,
            status=422,
        )
    except Conflict as conflict:  # confirmed or discarded meanwhile, perhaps by a simultaneous request
        flash(explain(conflict.code, **conflict.params))
        return _record_page(record), 409
    except RuleViolation as violation:
        flash(explain(violation.code, **violation.params))
        return redirect(url_for("imports.review", import_id=record.id))
    flash(_("已导入《%(title)s》，共 %(n)s 项。", title=created.title, n=len(payload["line_items"])))
    if record.kind == "tender":
        return redirect(url_for("tenders.show", tender_id=created.id))
    return redirect(url_for("contracts.show", contract_id=created.id))


def _confirm_award(record: ImportRecord, form: ReviewForm, payload: dict):
    """An award notice confirmed as one: its date recorded on the contract it belongs to."""
    award = imports.AwardNotice(form.award_contract.data, form.award_notice_on.data)
    try:
        with committed():
            contract = imports.confirm_award_notice(
                record, payload, award, acknowledge_warnings=form.acknowledge_warnings.data, today=clock.today()
            )
    except imports.ImportNotReady as not_ready:
        again = ReviewForm.for_payload(payload, form.signed_on.data)
        again.award_contract.data, again.award_notice_on.data = award.contract_number, award.notice_on
        return _review_page(record, again, not_ready.problems, not_ready.warnings, status=422)
    except Conflict as conflict:
        flash(explain(conflict.code, **conflict.params))
        return _record_page(record), 409
    flash(_("已将中标（成交）通知书发出日期记入合同《%(title)s》。", title=contract.title))
    return redirect(url_for("contracts.show", contract_id=contract.id))


def _save(record: ImportRecord, form: ReviewForm, payload: dict):
    try:
        with committed():
            imports.save_review(record, payload)
    except imports.ImportNotReady as not_ready:
        _keep_draft(record)
        return _review_page(
            record,
            ReviewForm.for_payload(payload, form.signed_on.data, form.placement()),
            not_ready.problems,
            status=422,
        )
    except RuleViolation as violation:
        flash(explain(violation.code, **violation.params))
        return redirect(url_for("imports.review", import_id=record.id))
    flash(_("修改已保存，尚未导入。"))
    anchor = f"#lines-{len(payload['line_items']) - 1}-seq" if form.add_line.data else ""
    return redirect(url_for("imports.review", import_id=record.id) + anchor)


#: Form keys that are not the officer's entries: the token and the buttons.
_NOT_DRAFTED = {"csrf_token", "confirm", "save", "add_line"}


def _keep_draft(record: ImportRecord) -> None:
    """Keep the form as submitted (its own small transaction: the refused action wrote nothing); the
    audit names the fields changed from the form as the page showed it (the last draft, or the document)."""
    shown = record.draft or form_values(
        ReviewForm.for_payload(record.payload, placement=chain_placement.propose_chain(record.payload).placement)
    )
    submitted = {key: request.form.getlist(key) for key in request.form if key not in _NOT_DRAFTED}
    with committed():
        imports.keep_draft(record, submitted, shown)


def _review_page(record: ImportRecord, form: ReviewForm, problems=None, warnings=None, status: int = 200):
    """The review screen: every field editable, each warning and problem beside its field."""
    payload = record.payload
    if problems is None:
        problems = imports.payload_problems(payload)
    if warnings is None:
        schema_broken = any(problem.code == "import_schema_invalid" for problem in problems)
        warnings = [] if schema_broken else imports.review_warnings(payload)
    notes: dict[str | None, list[tuple[str, str]]] = {}
    for kind, findings in (("error", problems), ("warn", warnings)):
        for finding in findings:
            notes.setdefault(field_id(finding.target), []).append((kind, finding_text(finding)))
    flagged_lines = {int(key.split("-")[1]) for key in notes if key and key.startswith("lines-")}
    # where each field was read and how sure the importer is (document schema v2; a v1 payload has none)
    for path, source in (payload.get("sources") or {}).items():
        target = field_id(path)
        if target:
            kind = "source" if source.get("confidence") == "high" else "source doubtful"
            notes.setdefault(target, []).append((kind, source_note(source.get("where"), source.get("confidence"))))
            if source.get("ocr_confidence") is not None:
                notes[target].extend(_ocr_notes(record, path, source))
    earlier = db.session.scalars(
        sa.select(ImportRecord).where(ImportRecord.sha256 == record.sha256, ImportRecord.id != record.id)
    ).all()
    proposal = chain_placement.propose_chain(payload)
    form.chain.choices = chain_choices(proposal)
    return render_template(
        "imports/review.html",
        record=record,
        form=form,
        problems=problems,
        warnings=warnings,
        notes=notes,
        flagged_lines=flagged_lines,
        finding_text=finding_text,
        field_id=field_id,
        earlier=earlier,
        same_numbers=imports.records_with_same_number(payload),
        chain_proposal=proposal,
        discard_form=DiscardForm(),
        default_split=" / ".join(percent(ratio) for ratio in DEFAULT_RATIOS),
        **_hierarchy(form),
        lot_budget_sum=_lot_budget_sum(form),
        tender_lots=imports.offered_tender_lots(
            {"kind": form.kind.data, "procurement_number": form.procurement_number.data, "lots": form.lots.entries}
        ),
        award_contracts=imports.award_contracts(payload) if form.kind.data == "award" else [],
    ), status


def _lot_budget_sum(form: ReviewForm) -> Decimal | None:
    """The lots' budgets added up, when every lot states one (the document's total is checked against it)."""
    budgets = [entry.form.budget.data for entry in form.lots]
    if not budgets or any(budget is None for budget in budgets):
        return None
    return sum(budgets, Decimal(0))


def _hierarchy(form: ReviewForm) -> dict:
    """How deep each line sits in a list numbered 一 / 1 / 1.1, the sum the total is checked against
    (the lines at the top: each parent carries its children's amounts), and each lot's lines: their
    totals and the lines whose row is headed by their lot's group."""
    lines = [entry.form for entry in form.lines]
    parents = imports.line_parents([line.label.data for line in lines], [line.parent.data for line in lines])
    depths: list[int] = []
    for parent in parents:
        depths.append(0 if parent is None else depths[parent] + 1)
    top = [line.amount.data for line, parent in zip(lines, parents, strict=True) if parent is None]
    amounts = [amount for amount in top if amount is not None]
    lots = [(lot.form.label.data or "", lot.form.name.data or "", lot.form.budget.data) for lot in form.lots]
    line_lots = [line.lot.data or None for line in lines]
    totals = imports.lot_totals(
        lots,
        [(lot, line.amount.data, parent is None) for lot, line, parent in zip(line_lots, lines, parents, strict=True)],
    )
    return {
        "lot_totals": totals,
        "lot_group_heads": imports.lot_group_heads(totals, line_lots),
        "lot_labels": {label for label, _, _ in lots},
        "line_depths": depths,
        "top_line_sum": sum(amounts, Decimal(0)),
        "top_lines": len(top),
        "top_amounts": len(amounts),
    }


def _ocr_notes(record: ImportRecord, path: str, source: dict) -> list[tuple[str, str]]:
    """The recogniser's score for a field read by OCR; a doubtful one also shows its page crop (a
    "crop" note carries the crop's address)."""
    text = ocr_note(source["ocr_confidence"], source["page"])
    if imports.ocr_doubtful(source):
        return [("source doubtful ocr", text), ("crop", url_for("imports.crop", import_id=record.id, path=path))]
    return [("source ocr", text)]


def _record_page(record: ImportRecord, too_many_lines: int | None = None):
    return render_template(
        "imports/show.html",
        record=record,
        created=imports.created_from(record),
        warnings=record.payload.get("warnings", []),
        over_limit=limit_message({"what": "lines", "limit": MAX_LINES, "found": too_many_lines})
        if too_many_lines
        else None,
        discard_form=DiscardForm() if too_many_lines else None,
    )


@bp.post("/<int:import_id>/discard")
def discard(import_id: int):
    record = db.get_or_404(ImportRecord, import_id)
    if DiscardForm().validate_on_submit():
        with user_action() as action:
            imports.discard_import(record)
        if not action.done:
            flash(action.message)
        else:
            flash(_("已放弃这次导入：没有建立任何记录，原文件仍保留。"))
            return redirect(url_for("imports.new"))
    return redirect(url_for("imports.review", import_id=record.id))


@bp.get("/<int:import_id>/annexes/<sha256>")
def annex(import_id: int, sha256: str):
    """A file whose lines were added on the review, as uploaded."""
    record = db.get_or_404(ImportRecord, import_id)
    stored = imports.annex_file(record, sha256)
    if stored is None:
        abort(404)
    return send_stored(stored, stored.original_name)


@bp.get("/<int:import_id>/file")
def download(import_id: int):
    """The original file as uploaded (procurement officers see every import)."""
    record = db.get_or_404(ImportRecord, import_id)
    return send_stored(record.stored_file, imports.download_name(record))


@bp.get("/<int:import_id>/crop/<path:path>")
def crop(import_id: int, path: str):
    """The page area a field was read from by OCR, as a PNG (procurement officers see every import)."""
    record = db.get_or_404(ImportRecord, import_id)
    png = imports.field_crop(record, path)
    if png is None:
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
