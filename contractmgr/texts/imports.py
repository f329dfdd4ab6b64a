"""What the import pages, the API and the CLI say, in the user's language: the importer's errors (each
with its next step) and the labels of an import's fields, kinds and states."""

from flask_babel import get_locale, pgettext

from contractmgr.formatting import gettext as _
from importers import DocumentError, FileOverLimit, FileTooLarge

FIELD_LABELS = {
    "title": lambda: _("项目名称"),
    "purchaser": lambda: _("甲方（采购人）"),
    "supplier": lambda: _("乙方（供应商）"),
    "total_amount": lambda: _("合同总金额"),
    "service_start": lambda: _("服务期起始日"),
    "service_end": lambda: _("服务期结束日"),
    "unit": lambda: _("服务单位"),
    "name": lambda: _("运维项目"),
    "lot_no": lambda: _("包号"),
    "award_notice_on": lambda: _("中标（成交）通知书发出日期"),
    "lot_name": lambda: _("包名称"),
}
KIND_LABELS = {
    "contract": lambda: pgettext("document kind", "合同"),
    "tender": lambda: _("招标文件"),
    "award": lambda: _("中标（成交）公告"),
}
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
    if isinstance(error, FileOverLimit):
        message = limit_message(error.params)
    else:
        message = error.message_en if english else error.message
    if isinstance(error, FileTooLarge) and (limit or error.params.get("limit")):
        mb = round((error.params.get("limit") or limit) / (1024 * 1024), 1)
        message = _("%(message)s（上限 %(mb)s MB）", message=message, mb=mb)
    if error.params.get("file"):  # one of several page images
        message = _("《%(file)s》：%(message)s", file=error.params["file"], message=message)
    return message


def upload_too_large_message(limit: int, images_limit: int) -> str:
    """An upload over the request's limit: one file, or page images together."""
    english = str(get_locale() or "zh_CN").startswith("en")
    return _(
        "%(message)s（上限 %(mb)s MB；页面图片合计上限 %(total)s MB）",
        message=FileTooLarge.message_en if english else FileTooLarge.message,
        mb=round(limit / (1024 * 1024), 1),
        total=images_limit // (1024 * 1024),
    )


def _then(problem: str, next_step: str) -> str:
    """Two sentences: what is wrong with the file, then what to do."""
    return _("%(problem)s%(next_step)s", problem=problem, next_step=next_step)


def _save_again() -> str:
    return _("请用Word或Excel打开后重新另存，再上传。")


def _trim() -> str:
    return _("请删去无关内容或拆分文件后再上传。")


#: What each limit of importers.limits says, with its figure (params: limit, and ref or found).
LIMIT_MESSAGES = {
    "members": lambda **p: _then(_("文件内部的部件超过 %(limit)s 个，不像正常的Word或Excel文件。", **p), _save_again()),
    "unpacked": lambda **p: _then(_("文件解压后超过 %(mb)s MB，可能是“压缩炸弹”，未读取。", **p), _trim()),
    "xml": lambda **p: _then(_("文件正文解压后超过 %(mb)s MB。", **p), _trim()),
    "ratio": lambda **p: _then(_("文件的压缩比超过 %(limit)s 倍，可能是“压缩炸弹”，未读取。", **p), _save_again()),
    "inflates": lambda **p: _then(_("文件内部部件解压后比它声明的更大，可能是“压缩炸弹”，未读取。"), _save_again()),
    "elements": lambda **p: _then(_("文件结构过于复杂（超过 %(limit)s 个XML元素）。", **p), _trim()),
    "characters": lambda **p: _then(_("文档超过 %(limit)s 个字。", **p), _trim()),
    "paragraphs": lambda **p: _then(_("文档超过 %(limit)s 个段落。", **p), _("请删去空段落和无关内容后再上传。")),
    "sheet_cells": lambda **p: _then(
        _("一个工作表中的单元格超过 %(limit)s 个。", **p), _("请只保留运维项目清单后再上传。")
    ),
    "sheet_range": lambda **p: _then(
        _("工作表的范围 %(ref)s 超过 %(limit)s 个单元格。", **p),
        _("请删除清单以外多余的行和列（或把清单复制到新工作表）后再上传。"),
    ),
    "merged_range": lambda **p: _then(
        _("工作表中的合并单元格（%(ref)s）合计超过 %(limit)s 个单元格。", **p), _("请取消多余的合并后再上传。")
    ),
    "pages": lambda **p: _then(
        _("PDF 超过 %(limit)s 页。", **p), _("请只上传合同或招标文件本身（含附件清单），或拆分后再上传。")
    ),
    "pixels": lambda **p: _then(
        _("图片超过 %(limit)s 像素（可能是“解压炸弹”），未读取。", **p),
        _("请以 150–300 dpi 重新扫描，或把照片缩小后再上传。"),
    ),
    "images_total": lambda **p: _then(
        _("这些页面图片合计超过 %(mb)s MB。", **p), _("请以 150–300 dpi 扫描并保存为 JPEG 后再上传。")
    ),
    "lines": lambda **p: _then(
        _("清单有 %(found)s 行，超过每份文件 %(limit)s 行的上限。", **p), _("请拆分为几份文件分别导入。")
    ),
}


def limit_message(params: dict) -> str:
    """The sentence for a file over one of the importer's limits (FileOverLimit.params)."""
    limit = int(params["limit"])
    values = {
        "limit": f"{limit:,}",
        "mb": f"{limit / (1024 * 1024):g}",
        "ref": params.get("ref", ""),
        "found": f"{params['found']:,}" if isinstance(params.get("found"), int) else "",
    }
    return LIMIT_MESSAGES[params["what"]](**values)


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


CONFIDENCE_LABELS = {
    "high": lambda: _("高"),
    "medium": lambda: _("中（推定）"),
    "low": lambda: _("低（存疑）"),
}


def source_note(where: str | None, confidence: str) -> str:
    """Where the importer read a field and how sure it is, as the review page shows it beside the field."""
    level = CONFIDENCE_LABELS[confidence]() if confidence in CONFIDENCE_LABELS else confidence
    if where:
        return _("读自：%(where)s；把握：%(level)s", where=where, level=level)
    return _("把握：%(level)s", level=level)


def ocr_note(score: float, page: int) -> str:
    """How sure the recogniser was of a field read from a scan, and the page it is on."""
    return _("识别置信度：%(score)s（第 %(page)s 页）", score=f"{score:.0%}", page=page)
