"""Every answer of /api/v1 other than success, registered once on the API blueprint: views raise, these
handlers roll the transaction back and answer `{"error": code, "message": …}` with the status.

HTTP errors (401, 403, 404, 413 …) are answered in JSON by the application's handler (web/errors.py)
for any path under /api/, including paths that match no route."""

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from contractmgr.domain.errors import Conflict, RuleViolation
from contractmgr.extensions import db
from contractmgr.services.imports import ImportNotReady
from contractmgr.services.locking import is_conflict
from contractmgr.services.storage import upload_limit
from contractmgr.texts.imports import document_message
from contractmgr.texts.messages import explain, finding_text
from importers import DocumentError, FileTooLarge, UnsupportedFormat


class ApiError(Exception):
    """A request the API refuses, with a stable `code`, a message and a status; `extra` joins the answer."""

    def __init__(self, code: str, message: str, status: int = 422, **extra):
        super().__init__(code, message)
        self.code, self.message, self.status, self.extra = code, message, status, extra


def findings_json(findings) -> list[dict]:
    return [{"code": f.code, "field": f.target, "message": finding_text(f)} for f in findings]


def _answer(code: str, message: str, status: int, **extra):
    db.session.rollback()  # nothing half-written: the refused action leaves no trace
    return jsonify(error=code, message=message, **extra), status


def _refused(error: ApiError):
    return _answer(error.code, error.message, error.status, **error.extra)


def _rule_broken(violation: RuleViolation):
    """A contract rule broken: the status and the parameters carried are the operation's (areas.Operation);
    a Conflict (another action got there first) is 409 whatever the operation."""
    operation = getattr(current_app.view_functions.get(request.endpoint), "operation", None)
    status = operation.refusal if operation and operation.refusal else 422
    if isinstance(violation, Conflict):
        status = 409
    carried = {key: violation.params.get(key) for key in (operation.carries if operation else ())}
    return _answer(violation.code, explain(violation.code, **violation.params), status, **carried)


def _not_ready(not_ready: ImportNotReady):
    """An import that cannot be confirmed yet: what stops it and the doubts still standing, each at its field."""
    problems = not_ready.problems
    message = finding_text(problems[0]) if len(problems) == 1 else explain(not_ready.code, **not_ready.params)
    return _answer(
        not_ready.code,
        message,
        422,
        problems=findings_json(problems),
        warnings=findings_json(not_ready.warnings),
    )


def _unreadable(error: DocumentError):
    status = 413 if isinstance(error, FileTooLarge) else 415 if isinstance(error, UnsupportedFormat) else 422
    return _answer(error.code, document_message(error, upload_limit()), status)


def _database_failed(error: SQLAlchemyError):
    """The database refused what the call wrote (a constraint, a lost connection …): undo it first — the
    session cannot even be read until then, so wording the answer would fail too — and answer JSON.
    A write that lost to a simultaneous request (a unique key taken meanwhile, a deadlock, a lock not
    granted: `services.locking.is_conflict`) is 409 `concurrent_change` with its sentence, not a 500."""
    db.session.rollback()
    if is_conflict(error):
        return _answer("concurrent_change", explain("concurrent_change"), 409)
    current_app.logger.exception("database error on %s %s", request.method, request.path, exc_info=error)
    return _answer("server_error", _("服务器出错，请稍后再试。"), 500)


def register(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, _refused)
    bp.register_error_handler(RuleViolation, _rule_broken)
    bp.register_error_handler(ImportNotReady, _not_ready)
    bp.register_error_handler(DocumentError, _unreadable)
    bp.register_error_handler(SQLAlchemyError, _database_failed)
