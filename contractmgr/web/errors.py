"""Error pages: HTML for people, JSON under /api/."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.exceptions import NotFound as HTTPNotFound

from contractmgr.domain.errors import NotFound
from contractmgr.extensions import db
from contractmgr.services.locking import is_conflict
from contractmgr.texts.messages import explain
from contractmgr.web.arguments import RefusedInput


def _message(error: HTTPException) -> str:
    if isinstance(error, RefusedInput):
        return error.description  # the sentence says what to change
    messages = {
        400: _("请求有误。"),
        401: _("请先登录。"),
        403: _("您的角色无权访问此页面。"),
        404: _("找不到该页面或记录，或您无权查看。"),
        405: _("不支持该操作。"),
        413: _("文件过大，请上传不超过 %(mb)s MB 的文件。", mb=_limit_mb()),
        422: _("提交的数据不符合规则。"),
        500: _("服务器出错，请稍后再试。"),
    }
    return messages.get(error.code, error.description or _("服务器出错，请稍后再试。"))


def _limit_mb() -> int:
    from flask import current_app

    return current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template(
            "errors/error.html", code=400, message=_("表单已过期或缺少安全令牌，请返回刷新页面后重试。")
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code >= 500:
            db.session.rollback()  # an unexpected error may leave a broken transaction: words need the user
        # werkzeug's own headers but its HTML content type: 405's Allow (the methods the path takes), 429's Retry-After
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        if request.path.startswith("/api/"):
            return jsonify(error=error.name, message=_message(error)), error.code, headers
        page = render_template("errors/error.html", code=error.code, message=_message(error))
        return page, error.code, headers

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        return http_error(error)

    @app.errorhandler(IntegrityError)
    @app.errorhandler(OperationalError)
    def concurrent_change(error):
        # A commit outside `committed()` (the API's views) that lost to a simultaneous request: the
        # same 409 and sentence as a user action's Conflict. Any other database error stays a 500.
        if not is_conflict(error):
            raise error
        db.session.rollback()
        message = explain("concurrent_change")
        if request.path.startswith("/api/"):
            return jsonify(error="concurrent_change", message=message), 409
        return render_template("errors/error.html", code=409, message=message), 409

    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        # A service found no such record, or none the user may see: the same 404 as a missing page.
        return http_error(HTTPNotFound())
