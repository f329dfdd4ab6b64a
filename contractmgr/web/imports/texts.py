"""What the import pages, the API and the CLI say, in the user's language: messages for the codes of
services/imports.py, the importer's errors (each with its next step), and labels."""

from flask_babel import get_locale
from flask_babel import gettext as _

from contractmgr.formatting import long_date
from contractmgr.web.messages import explain, register_messages
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


def _day(value) -> str:
    return long_date(value.date() if hasattr(value, "date") else value) if value else "—"


def _field(name: str) -> str:
    return FIELD_LABELS[name]() if name in FIELD_LABELS else name


def kind_label(kind: str | None) -> str:
    return KIND_LABELS[kind]() if kind in KIND_LABELS else "—"


def status_label(status: str) -> str:
    return STATUS_LABELS[status]()


register_messages(
    {
        "import_already_confirmed": lambda **p: _(
            "该文件已于 %(at)s 导入过，并已确认为%(kind)s《%(title)s》，不能重复导入。",
            at=_day(p["confirmed_at"] or p["at"]),
            kind=kind_label(p["kind"]),
            title=p["title"] or "—",
        ),
        "import_in_review": lambda **p: _("该文件已于 %(at)s 上传，尚待核对：请继续核对这次导入。", at=_day(p["at"])),
        "import_not_in_review": lambda **p: _("这次导入%(status)s，不能再修改。", status=status_label(p["status"])),
        "import_not_ready": lambda **p: _("还有 %(count)s 处需要修改后才能导入。", **p),
        "import_field_required": lambda **p: _("请填写%(label)s。", label=_field(p["field"])),
        "import_line_field_required": lambda **p: _(
            "序号 %(seq)s：请填写%(label)s。", seq=p["seq"], label=_field(p["field"])
        ),
        "import_text_too_long": lambda **p: _("不能超过 %(limit)s 个字。", **p),
        "import_period_ends_before_start": lambda **p: _(
            "服务期结束日 %(end)s 早于起始日 %(start)s。", end=long_date(p["end"]), start=long_date(p["start"])
        ),
        "import_negative_amount": lambda **p: _("金额不能为负数。"),
        "import_no_lines": lambda **p: _("没有运维项目：请至少保留一行。"),
        "import_seq_not_positive": lambda **p: _("序号须为正整数。"),
        "import_duplicate_seq": lambda **p: _("序号 %(seq)s 重复：每个序号只能用一次。", **p),
        "import_line_two_starts": lambda **p: _("序号 %(seq)s 既有自定起始日，又标为“确认后开始”：只能选一种。", **p),
        "import_term_not_positive": lambda **p: _("服务期限至少 1 个月。"),
        "import_staff_negative": lambda **p: _("驻场人数不能为负数。"),
        "import_hours_out_of_range": lambda **p: _("时限须在 0 到 9999.99 小时之间。"),
        "import_milestone_ratio": lambda **p: _("第 %(seq)s 期付款比例须大于 0%% 且不超过 100%%。", **p),
        "import_milestone_seq_repeated": lambda **p: _("付款期次重复。"),
        "import_milestone_ratios_sum": lambda **p: _(
            "各期付款比例合计为 %(percent)s%%，应为 100%%。", percent=f"{p['percent']:f}"
        ),
        "import_warnings_unacknowledged": lambda **p: _(
            "还有 %(count)s 条提示：请逐条核对（可直接修改对应字段），再勾选“我已逐条核对上述提示”后确认导入。", **p
        ),
        "import_schema_invalid": lambda **p: _("数据格式有误（%(path)s）：%(detail)s", **p),
    }
)


def finding_text(finding) -> str:
    """A warning's sentence as the importer wrote it, or a problem's message."""
    return finding.message if finding.message else explain(finding.code, **finding.params)


def document_message(error: DocumentError, limit: int | None = None) -> str:
    """Why the file cannot be read and what to do next, in the user's language."""
    english = str(get_locale() or "zh_CN").startswith("en")
    message = error.message_en if english else error.message
    if isinstance(error, FileTooLarge) and limit:
        message = _("%(message)s（上限 %(mb)s MB）", message=message, mb=round(limit / (1024 * 1024), 1))
    return message
