"""What the pages say about the law's deadlines: the clause each comes from, what it asks, and the
date fields an officer records."""

from contractmgr.domain.sme import SME_MAX_AGREED_DAYS, SME_PAYMENT_DAYS
from contractmgr.domain.statutory import FILE_WITHIN_WORKING_DAYS, PUBLISH_WITHIN_WORKING_DAYS, SIGN_WITHIN_DAYS
from contractmgr.formatting import gettext as _
from contractmgr.formatting import short_date

CLAUSE_LABELS = {
    "gpl_46": lambda: _("《政府采购法》第四十六条"),
    "gpl_47": lambda: _("《政府采购法》第四十七条"),
    "gpl_regulation_50": lambda: _("《政府采购法实施条例》第五十条"),
    "sme_9": lambda: _("《保障中小企业款项支付条例》第九条"),
    "sme_10": lambda: _("《保障中小企业款项支付条例》第十条"),
    "sme_17": lambda: _("《保障中小企业款项支付条例》第十七条"),
}

SME_STARTS = {
    "delivery": lambda: _("服务交付"),
    "acceptance": lambda: _("验收合格"),
    "acceptance_period_end": lambda: _("约定验收期限届满"),
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


def sme_rule_text() -> str:
    """The SME payment rules in one paragraph, for the pages that set or show them."""
    return _(
        "供应商为中小企业时，《保障中小企业款项支付条例》第九条：自服务交付之日起 %(days)s 日内付款，合同另有约定的从其约定，"
        "但最长不超过 %(max)s 日；第十条：以验收合格为付款条件的，自验收合格之日起算，采购人拖延验收的，自约定验收期限届满之日起算。"
        "系统同时计算合同约定的到期日和条例规定的到期日，以较早者为准。",
        days=SME_PAYMENT_DAYS,
        max=SME_MAX_AGREED_DAYS,
    )


def due_basis_text(view) -> str:
    """Beside a payment's due date for an SME vendor: both dates, their clauses, and which one counts."""
    contract_due = short_date(view.contract_due.on) if view.contract_due else _("未定")
    if view.sme is None:
        return _(
            "合同约定 %(contract)s（合同第七条）；中小企业条例期限尚未起算：交付或验收日期未登记。",
            contract=contract_due,
        )
    sentence = _(
        "合同约定 %(contract)s（合同第七条）；%(clause)s %(statutory)s（自%(event)s %(start)s 起 %(days)s 日）。",
        contract=contract_due,
        clause=clause_label(view.sme.clause),
        statutory=short_date(view.sme.due.on),
        event=SME_STARTS[view.sme.basis](),
        start=short_date(view.sme.starts_on),
        days=view.sme.days,
    )
    if view.due_basis == "contract":
        return sentence + _("以合同约定为准（较早）。")
    return sentence + _("以条例规定为准（较早）。")


def interest_rule_text(view) -> str:
    """Which rule prices a late payment of this milestone, and whether the fiscal exemption holds."""
    rule = {
        "contract_lpr": lambda: _("逾期付款利息：按合同约定，一年期 LPR 日利率（合同第十三条 2）。"),
        "sme_statutory": lambda: _(
            "逾期付款利息：合同未约定，供应商为中小企业，按%(clause)s每日万分之五计算。", clause=clause_label("sme_17")
        ),
        "none": lambda: _("逾期付款利息：合同未约定，供应商不是中小企业，不计逾期利息。"),
    }[view.interest_rule]()
    submitted = view.milestone.finance_submitted_on
    if submitted is None or view.interest_rule != "contract_lpr":
        return rule
    due = short_date(view.due.on) if view.due else _("未定")
    if view.exempt:
        return rule + _(
            "采购人已于 %(day)s（不晚于到期日 %(due)s）向财政部门提交支付申请，款项未到不视为违约（合同第十三条 2），"
            "不计逾期利息。",
            day=short_date(submitted),
            due=due,
        )
    return rule + _(
        "采购人于 %(day)s 向财政部门提交支付申请，晚于到期日 %(due)s，不适用合同第十三条 2 的免责。",
        day=short_date(submitted),
        due=due,
    )
