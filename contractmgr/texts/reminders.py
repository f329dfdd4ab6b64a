"""What the reminders say: the categories a user can turn off, each item's stage, and the e-mail digest."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from contractmgr.formatting import gettext as _
from contractmgr.formatting import long_date
from contractmgr.texts.deadlines import contract_numbers

CATEGORY_LABELS = {
    "acceptance": _l("验收：提交与整改后重新提交验收材料"),
    "payment": _l("付款：各笔款项的付款期限"),
    "statutory": _l("法定期限：签订、公告、备案合同"),
    "contract": _l("合同事务：设立本地服务机构、决定是否续签"),
}


def stage_text(stage: str) -> str:
    if stage == "overdue":
        return _("已逾期")
    return _("还有 %(days)s 个工作日到期", days=stage)


def digest_subject(count: int, today) -> str:
    return _("运维合同管理：%(day)s 的期限提醒（%(count)s 项）", day=long_date(today), count=count)


def digest_body(user, reminders, today, absolute) -> str:
    """The digest's plain text: one paragraph per item, each with its stage, due day, contract and link.
    `absolute` turns a page's path into the address to click."""
    lines = [
        _("%(name)s，您好：", name=user.display_name or user.username),
        "",
        _("以下期限需要您关注（%(day)s）：", day=long_date(today)),
        "",
    ]
    for reminder in reminders:
        lines += [
            _(
                "· %(stage)s：%(what)s（期限 %(day)s）",
                stage=stage_text(reminder.stage),
                what=reminder.summary,
                day=long_date(reminder.due_on),
            ),
            "  "
            + _("%(title)s（%(numbers)s）", title=reminder.contract.title, numbers=contract_numbers(reminder.contract)),
            f"  {absolute(reminder.link)}",
            "",
        ]
    lines += [
        _("这些提醒也列在系统的“提醒”页。不想再收到某类提醒，或要改用英文，请在提醒设置中修改："),
        absolute(url_for("account.reminders")),
    ]
    return "\n".join(lines) + "\n"
