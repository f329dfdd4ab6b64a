"""What the import pages, the API and the CLI say, in the user's language: the importer's errors (each
with its next step) and the labels of an import's fields, kinds and states."""

from flask_babel import get_locale
from flask_babel import gettext as _

from importers import DocumentError, FileTooLarge

FIELD_LABELS = {
    "title": lambda: _("项目名称"),
    "purchaser": lambda: _("甲方（采购人）"),
    "supplier": lambda: _("乙方（供应商）"),
    "total_amount": lambda: _("合同总金额"),
    "service_start": lambda: _("服务期起始日"),
    "service_end": lambda: _("服务期结束日"),
    "unit": lambda: _("服务单位"),
    "name": lambda: _("运维项目"),
}
KIND_LABELS = {"contract": lambda: _("合同"), "tender": lambda: _("招标文件")}
STATUS_LABELS = {"review": lambda: _("待核对"), "confirmed": lambda: _("已导入"), "discarded": lambda: _("已放弃")}
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


def field_label(name: str) -> str:
    return FIELD_LABELS[name]() if name in FIELD_LABELS else name


def kind_label(kind: str | None) -> str:
    return KIND_LABELS[kind]() if kind in KIND_LABELS else "—"


def status_label(status: str) -> str:
    return STATUS_LABELS[status]()


def document_message(error: DocumentError, limit: int | None = None) -> str:
    """Why the file cannot be read and what to do next, in the user's language."""
    english = str(get_locale() or "zh_CN").startswith("en")
    message = error.message_en if english else error.message
    if isinstance(error, FileTooLarge) and limit:
        message = _("%(message)s（上限 %(mb)s MB）", message=message, mb=round(limit / (1024 * 1024), 1))
    return message


#: What the upload page says of a job that ended without an import (other than a file that cannot be
#: read, or a broken rule, which have their own sentences).
JOB_MESSAGES = {
    "cancelled": lambda: _("已取消读取，文件没有导入。"),
    "job_lost": lambda: _("读取中断：处理上传文件的后台进程已停止。请重新上传；如仍出错，请联系管理员。"),
    "jobs_unavailable": lambda: _("后台处理暂时不可用，文件没有导入。请稍后重新上传；如仍出错，请联系管理员。"),
    "internal": lambda: _("读取文件时出错，请重新上传；如仍出错，请联系管理员。"),
}


def job_message(code: str) -> str:
    return JOB_MESSAGES[code]()


def document_error_for(code: str, params: dict) -> DocumentError | None:
    """The importer's error of this code (as a job kept it), to be worded again; None for another code."""
    pending: list[type[DocumentError]] = [DocumentError]
    while pending:
        kind = pending.pop()
        if kind.code == code:
            return kind(**params)
        pending.extend(kind.__subclasses__())
    return None
