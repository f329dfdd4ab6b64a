"""What the pages say about the law's deadlines: the clause each comes from, what it asks, and the
date fields an officer records."""

from flask_babel import gettext as _

from contractmgr.domain.statutory import FILE_WITHIN_WORKING_DAYS, PUBLISH_WITHIN_WORKING_DAYS, SIGN_WITHIN_DAYS

CLAUSE_LABELS = {
    "gpl_46": lambda: _("《政府采购法》第四十六条"),
    "gpl_47": lambda: _("《政府采购法》第四十七条"),
    "gpl_regulation_50": lambda: _("《政府采购法实施条例》第五十条"),
}

KIND_LABELS = {
    "signing": lambda: _("自中标（成交）通知书发出之日起 %(days)s 日内签订合同", days=SIGN_WITHIN_DAYS),
    "publication": lambda: _("自签订之日起 %(days)s 个工作日内公告合同", days=PUBLISH_WITHIN_WORKING_DAYS),
    "filing": lambda: _("自签订之日起 %(days)s 个工作日内将合同副本备案", days=FILE_WITHIN_WORKING_DAYS),
}

FIELD_LABELS = {
    "award_notice_on": lambda: _("中标（成交）通知书发出日期"),
    "signed_on": lambda: _("签订日期"),
    "published_on": lambda: _("合同公告日期"),
    "filed_on": lambda: _("备案日期"),
}


def clause_label(clause: str) -> str:
    return CLAUSE_LABELS.get(clause, lambda: clause)()


def statutory_kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, lambda: kind)()


def statutory_field_label(field: str) -> str:
    return FIELD_LABELS.get(field, lambda: field)()


def statutory_text(kind: str, clause: str) -> str:
    """「自签订之日起 2 个工作日内公告合同（《政府采购法实施条例》第五十条）」"""
    return _("%(what)s（%(clause)s）", what=statutory_kind_label(kind), clause=clause_label(clause))
