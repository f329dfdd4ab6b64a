"""The one table of stable codes → sentences, and `explain`, which the pages, the API and the CLI call.

Every code that the domain, the services or the importer raise (RuleViolation), that the contract
page shows as a notice, or that an import review finds is listed here, once, in area order; a test
(tests/test_texts.py) scans the source for raised codes and fails on one without its sentence here
or without an English translation. Each entry takes the code's params by name.
"""

from collections.abc import Callable

from contractmgr.formatting import gettext as _
from contractmgr.formatting import long_date, money, percent
from contractmgr.texts.finance import rate_percent
from contractmgr.texts.imports import JOB_MESSAGES, document_error_for, document_message, job_message, limit_message
from contractmgr.texts.imports import field_label as import_field_label
from contractmgr.texts.imports import kind_label as import_kind_label
from contractmgr.texts.imports import status_label as import_status_label
from contractmgr.texts.procurement import penalty_status_label
from contractmgr.texts.statutory import statutory_field_label
from contractmgr.texts.supplier import FORMAT_LABELS


def _day(value) -> str:
    return long_date(value.date() if hasattr(value, "date") else value) if value else "—"


def _listed(items) -> str:
    return _("、").join(map(str, items))


Message = Callable[..., str]


def _roster_where(p: dict) -> str:
    """Where a roster row's person is on site: a line (第 N 项) or the contract as a whole."""
    return _("第 %(seq)s 项", seq=p["seq"]) if p.get("seq") is not None else _("合同整体")


def _on_site_record(p: dict) -> dict[str, str]:
    """Who is on site where and when, as a record on file has it: from a day to a day, or from a day on
    (the params of a stint that another one overlaps)."""
    start = long_date(p["on_site_from"])
    period = (
        _("%(start)s 至 %(end)s", start=start, end=long_date(p["on_site_to"]))
        if p.get("on_site_to")
        else _("%(start)s 起", start=start)
    )
    return {"person": p["person"], "where": _roster_where(p), "period": period}


MESSAGES: dict[str, Message] = {
    # --- the contract page's notices (services/contracts.py) -----------------------------------
    "total_mismatch": lambda **p: _(
        "各行金额合计与合同总金额不符，相差 %(difference)s。", difference=money(p["difference"])
    ),
    "lines_waiting_confirmation": lambda **p: _(
        "第 %(seqs)s 项等待采购人和使用单位确认运维开始日期。", seqs=_listed(p["seqs"])
    ),
    "line_after_contract_end": lambda **p: _(
        "第 %(seq)s 项服务期至 %(end)s，晚于合同期满 %(days)s 天。",
        seq=p["seq"],
        end=long_date(p["end"]),
        days=p["days"],
    ),
    "staff_asked_below_minimum": lambda **p: _(
        "各项目要求的驻场人数合计少于合同承诺的 %(minimum)s 人。", minimum=p["minimum"]
    ),
    # --- contracts, renewals, supplements, evaluations and penalties ---------------------------
    "statutory_date_in_future": lambda **p: _(
        "%(field)s %(day)s 尚未到来：只能登记已经发生的日期。",
        field=statutory_field_label(p["field"]),
        day=_day(p["day"]),
    ),
    "signed_before_award_notice": lambda **p: _(
        "签订日期 %(signed_on)s 早于中标（成交）通知书发出日期 %(notice_on)s。",
        signed_on=_day(p["signed_on"]),
        notice_on=_day(p["notice_on"]),
    ),
    "statutory_date_needs_signing": lambda **p: _(
        "请先登记签订日期：%(field)s 自签订之日起计算。", field=statutory_field_label(p["field"])
    ),
    "sme_payment_days_out_of_range": lambda **p: _(
        "约定付款期限 %(days)s 日不符合《保障中小企业款项支付条例》第九条：最长不得超过 %(maximum)s 日。",
        days=p["days"],
        maximum=p["maximum"],
    ),
    "known_loss_negative": lambda **p: _("已知损失 %(amount)s 不能为负数。", amount=money(p["amount"])),
    "unknown_late_interest_rule": lambda **p: _("未知的逾期付款利息规则：%(rule)s。", rule=p["rule"]),
    "finance_submission_needs_proof": lambda **p: _("请上传向财政部门提交支付申请的证明文件。"),
    "acceptance_period_before_contract": lambda **p: _(
        "约定验收期限届满日 %(day)s 早于合同服务期起始日 %(contract_start)s。",
        day=_day(p["day"]),
        contract_start=_day(p["contract_start"]),
    ),
    "statutory_date_before_signing": lambda **p: _(
        "%(field)s %(day)s 早于签订日期 %(signed_on)s。",
        field=statutory_field_label(p["field"]),
        day=_day(p["day"]),
        signed_on=_day(p["signed_on"]),
    ),
    "period_ends_before_start": lambda **p: _(
        "期间止日 %(end)s 早于起日 %(start)s。", start=long_date(p["start"]), end=long_date(p["end"])
    ),
    "line_starts_before_contract": lambda **p: _(
        "项目开始日 %(line_start)s 早于合同服务期起始日 %(contract_start)s %(days)s 天：服务不能早于购买它的合同开始。",
        line_start=long_date(p["line_start"]),
        contract_start=long_date(p["contract_start"]),
        days=p["days_early"],
    ),
    "renewal_overlaps": lambda **p: _(
        "续签服务期自 %(new_start)s 起，与上一年合同（至 %(previous_end)s）重叠 %(days)s 天；续签应自上一年期满次日开始。",
        new_start=long_date(p["new_start"]),
        previous_end=long_date(p["previous_end"]),
        days=p["days_overlap"],
    ),
    "line_past_chain_limit": lambda **p: _(
        "服务期上限适用于每个运维项目：第 %(seq)s 项至 %(end)s，超出续签链上限 %(limit_end)s 共 %(days)s 天；请截至上限，或填写保留的理由。",
        seq=p["seq"],
        end=long_date(p["end"]),
        limit_end=long_date(p["limit_end"]),
        days=p["days_over"],
    ),
    "renewal_limit_exceeded": lambda **p: _(
        "总服务周期累计不超过 %(years)s 年（合同第四条）：本续签至 %(new_end)s，超出上限 %(limit_end)s 共 %(days)s 天。",
        years=p["max_years"],
        new_end=long_date(p["new_end"]),
        limit_end=long_date(p["limit_end"]),
        days=p["days_over"],
    ),
    "chain_vendor_change": lambda **p: _(
        "续签链中的合同乙方须一致（%(vendor)s）：中标供应商不能在续签链中更换。", vendor=p["vendor"]
    ),
    "chain_vendor_differs": lambda **p: _(
        "所选续签链的乙方是 %(chain_vendor)s，本合同的乙方是 %(vendor)s：续签链中的中标供应商须一致，"
        "请选择该供应商的续签链或新建续签链。",
        chain_vendor=p["chain_vendor"],
        vendor=p["vendor"],
    ),
    "already_renewed": lambda **p: _(
        "本合同已续签（续签链第 %(year)s 年），请在最新一年的合同上续签。", year=p["year"]
    ),
    "renewing_terminated_contract": lambda **p: _(
        "本合同已于 %(day)s 解除，不能续签。", day=long_date(p["terminated_on"])
    ),
    "supplement_cap_exceeded": lambda **p: _(
        "补充合同累计增加金额不得超过原中标金额的 %(ratio)s（合同第六条、《政府采购法》第四十九条）：上限 %(cap)s，"
        "已用 %(used)s，尚余 %(remaining)s，本次超出 %(over)s。",
        ratio=percent(p["cap_ratio"]),
        cap=money(p["cap"]),
        used=money(p["used"]),
        remaining=money(p["remaining"]),
        over=money(p["over_by"]),
    ),
    "supplement_lines_disagree": lambda **p: _(
        "各项变更合计 %(lines)s，与填写的增加金额 %(stated)s 不符，相差 %(difference)s。",
        lines=money(p["lines"]),
        stated=money(p["stated"]),
        difference=money(p["difference"]),
    ),
    "supplement_decrease": lambda **p: _(
        "补充合同合计为减少 %(amount)s：此处只登记增加费用的补充合同，减少请修改合同本身。",
        amount=money(-p["increase"]),
    ),
    "score_out_of_range": lambda **p: _("考评得分 %(score)s 不在 0 至 100 之间。", score=p["score"]),
    "unknown_evaluation_basis": lambda **p: _("未知的扣分口径：%(basis)s。", basis=p["basis"]),
    "penalty_already_decided": lambda **p: _(
        "该违约金已处理（%(status)s），不能再次确认或免除。", status=penalty_status_label(p["status"])
    ),
    "waiver_needs_reason": lambda **p: _("免除违约金须写明理由。"),
    "days_late_not_positive": lambda **p: _("逾期天数至少为 1，填写的是 %(days)s。", days=p["days"]),
    "attempt_not_positive": lambda **p: _("验收次数从 1 算起，填写的是 %(attempt)s。", attempt=p["attempt"]),
    "line_not_in_contract": lambda **p: _("所选项目不属于本合同。"),
    "item_not_in_tender": lambda **p: _("所填项目不属于该招标。"),
    "line_in_use": lambda **p: _("第 %(seq)s 项已有补充合同、驻场、巡检或验收记录引用，不能作废。", seq=p["seq"]),
    "void_needs_reason": lambda **p: _("作废须写明理由（一句话）：记录保留，不删除。"),
    "duplicate_line_seq": lambda **p: _("序号 %(seq)s 重复：每项须有自己的序号。", seq=p["seq"]),
    "line_two_start_rules": lambda **p: _("第 %(seq)s 项既有自定起始日又设为确认后开始，只能选一种。", seq=p["seq"]),
    "line_not_awaiting_confirmation": lambda **p: _("第 %(seq)s 项不是「确认后开始」的项目。", seq=p["seq"]),
    "total_change_after_payment": lambda **p: _(
        "已有付款记录，合同总金额（%(total)s）不能再修改；请以补充合同变更。", total=money(p["total"])
    ),
    "chain_starts_after_contract": lambda **p: _(
        "续签链起始日 %(chain)s 晚于本合同起始日 %(contract)s。",
        chain=long_date(p["chain_start"]),
        contract=long_date(p["contract_start"]),
    ),
    "chain_not_found": lambda **p: _("所选续签链已不存在，请重新选择。"),
    "chain_move_renewed": lambda **p: _(
        "本合同已由 %(name)s 续签，不能移出续签链；请先移动续签它的合同。", name=p["name"]
    ),
    "chain_year_past_limit": lambda **p: _(
        "续签链总服务周期不超过 %(max_years)s 年：本合同不能是第 %(year)s 年。",
        max_years=p["max_years"],
        year=p["year"],
    ),
    # --- the payment schedule and payments (domain/schedule.py, services/finance.py) -----------
    "milestone_ratios_not_whole": lambda **p: _("各期付款比例合计为 %(sum)s，应为 100%%。", sum=percent(p["sum"])),
    "milestone_ratio_negative": lambda **p: _(
        "付款比例不能为负数：%(ratios)s。", ratios=_listed(percent(ratio) for ratio in p["ratios"])
    ),
    "deduction_negative": lambda **p: _(
        "扣款「%(label)s」为 %(amount)s：扣款不能为负数，退款不从付款中抵扣。",
        label=p["label"],
        amount=money(p["amount"]),
    ),
    "date_in_future": lambda **p: _("日期 %(day)s 晚于今天，不能登记未来的日期。", day=long_date(p["day"])),
    "condition_already_met": lambda **p: _(
        "「%(label)s」已于 %(day)s 登记，无需重复勾选。", label=p["label"], day=long_date(p["day"])
    ),
    "condition_after_payment": lambda **p: _("该付款节点已有付款记录，不能撤销「%(label)s」。", label=p["label"]),
    "payment_not_positive": lambda **p: _("付款金额必须大于零。"),
    "voucher_missing": lambda **p: _("请输入凭证号。"),
    "payment_exceeds_outstanding": lambda **p: _(
        "付款金额 %(amount)s 超过该节点扣款后尚未支付的 %(outstanding)s，多出 %(excess)s（合同第七条、第十三条：扣款从应付款中抵扣）。",
        amount=money(p["amount"]),
        outstanding=money(p["outstanding"]),
        excess=money(p["excess"]),
    ),
    "lpr_rate_missing": lambda **p: _(
        "LPR 利率表中没有 %(day)s 当日适用的一年期 LPR，无法计算逾期付款利息；请管理员补录。",
        day=long_date(p["day"]),
    ),
    # --- imports (services/imports.py) --------------------------------------------------------
    "import_already_confirmed": lambda **p: _(
        "该文件已于 %(at)s 导入过，并已确认为%(kind)s《%(title)s》，不能重复导入。",
        at=_day(p["confirmed_at"] or p["at"]),
        kind=import_kind_label(p["kind"]),
        title=p["title"] or "—",
    ),
    "import_in_review": lambda **p: _("该文件已于 %(at)s 上传，尚待核对：请继续核对这次导入。", at=_day(p["at"])),
    "import_not_in_review": lambda **p: _("这次导入%(status)s，不能再修改。", status=import_status_label(p["status"])),
    "import_not_ready": lambda **p: _("还有 %(count)s 处需要修改后才能导入。", count=p["count"]),
    "import_field_required": lambda **p: _("请填写%(label)s。", label=import_field_label(p["field"])),
    "import_kind_award": lambda **p: _(
        "这是中标（成交）公告：请填写它所属的已有合同的编号（如 HT-000012），或改选为合同或招标文件导入。"
    ),
    "award_amount_differs": lambda **p: _(
        "公告的中标（成交）金额为 %(stated)s，合同的原中标金额为 %(amount)s；确认后合同金额不变。",
        stated=money(p["stated"]),
        amount=money(p["amount"]),
    ),
    "award_notice_replaced": lambda **p: _(
        "该合同已登记中标（成交）通知书发出日期 %(day)s，确认后将改为本页所填日期。", day=_day(p["day"])
    ),
    "import_line_field_required": lambda **p: _(
        "序号 %(seq)s：请填写%(label)s。", seq=p["seq"], label=import_field_label(p["field"])
    ),
    "import_text_too_long": lambda **p: _("不能超过 %(limit)s 个字。", limit=p["limit"]),
    "import_period_ends_before_start": lambda **p: _(
        "服务期结束日 %(end)s 早于起始日 %(start)s。", end=long_date(p["end"]), start=long_date(p["start"])
    ),
    "import_negative_amount": lambda **p: _("金额不能为负数。"),
    "import_no_lines": lambda **p: _("没有运维项目：请至少保留一行。"),
    "import_seq_not_positive": lambda **p: _("序号须为正整数。"),
    "import_duplicate_seq": lambda **p: _("序号 %(seq)s 重复：每个序号只能用一次。", seq=p["seq"]),
    "import_line_two_starts": lambda **p: _(
        "序号 %(seq)s 既有自定起始日，又标为“确认后开始”：只能选一种。", seq=p["seq"]
    ),
    "import_line_parent_unknown": lambda **p: _(
        "序号 %(seq)s 的上级序号“%(label)s”不是它上方任何一行的原文序号。", seq=p["seq"], label=p["label"]
    ),
    "import_annex_no_lines": lambda **p: _(
        "《%(name)s》中没有读到运维项目清单，未添加任何一行。请选择含清单表格的文件。", name=p["name"]
    ),
    "import_lot_field_required": lambda **p: _("请填写%(label)s。", label=import_field_label(p["field"])),
    "import_lot_repeated": lambda **p: _("包号“%(label)s”重复：每个包只能列一次。", label=p["label"]),
    "import_lot_unknown": lambda **p: _("所选的包“%(label)s”不在本页所列各包之中。", label=p["label"]),
    "import_lot_required": lambda **p: _(
        "招标项目 %(tender)s（招标采购文件编号 %(number)s）分为 %(n)s 包：请选择本合同所涉的包。",
        tender=p["tender"],
        number=p["number"],
        n=p["n"],
    ),
    "chain_year_with_chain": lambda **p: _(
        "续签链中的年份（第 %(year)s 年）只用于新的续签链：接在已有续签链之后时，年份按该链最近一份合同顺延。",
        year=p["year"],
    ),
    "import_line_lot_unknown": lambda **p: _(
        "序号 %(seq)s 所属的包“%(label)s”不在本页所列各包之中。", seq=p["seq"], label=p["label"]
    ),
    "contract_over_lot_ceiling": lambda **p: _(
        "合同总金额 %(total)s 超出招标文件 %(tender)s 第 %(lot)s 包的最高限价（预算） %(ceiling)s，多 %(difference)s。",
        total=money(p["total"]),
        tender=p["tender"],
        lot=p["lot"],
        ceiling=money(p["ceiling"]),
        difference=money(p["difference"]),
    ),
    "import_term_not_positive": lambda **p: _("服务期限至少 1 个月。"),
    "import_staff_negative": lambda **p: _("驻场人数不能为负数。"),
    "import_hours_out_of_range": lambda **p: _("时限须在 0 到 9999.99 小时之间。"),
    "import_milestone_ratio": lambda **p: _("第 %(seq)s 期付款比例须大于 0%% 且不超过 100%%。", seq=p["seq"]),
    "import_milestone_seq_repeated": lambda **p: _("付款期次重复。"),
    "import_milestone_ratios_sum": lambda **p: _(
        "各期付款比例合计为 %(percent)s%%，应为 100%%。", percent=f"{p['percent']:f}"
    ),
    "import_warnings_unacknowledged": lambda **p: _(
        "还有 %(count)s 条提示：请逐条核对（可直接修改对应字段），再勾选“我已逐条核对上述提示”后确认导入。",
        count=p["count"],
    ),
    "import_schema_invalid": lambda **p: _("数据格式有误（%(path)s）：%(detail)s", path=p["path"], detail=p["detail"]),
    # --- uploaded files (services/storage.py) -------------------------------------------------
    "file_empty": lambda **p: _("文件「%(name)s」是空的。", name=p["name"]),
    "file_too_large": lambda **p: _(
        "文件「%(name)s」超过 %(limit_mb)s MB 的上限。", name=p["name"], limit_mb=p["limit_mb"]
    ),
    "file_format_unsupported": lambda **p: _(
        "文件「%(name)s」的内容不是 PDF、Word (.docx)、Excel (.xlsx)、PNG 或 JPEG；旧版 .doc/.xls 请另存为 .docx/.xlsx 后上传。",
        name=p["name"],
    ),
    "file_encrypted": lambda **p: _(
        "文件「%(name)s」设有打开密码，审核人无法打开；请上传未加密的版本。", name=p["name"]
    ),
    "file_damaged": lambda **p: _(
        "文件「%(name)s」已损坏或不完整（可能上传中断）；请重新保存或重新下载该文件后再上传。", name=p["name"]
    ),
    "file_over_limit": lambda **p: _("文件「%(name)s」：%(reason)s", name=p["name"], reason=limit_message(p)),
    "file_format_not_allowed": lambda **p: _(
        "此处不接受 %(found)s 文件，只接受：%(allowed)s。", found=p["found"], allowed=p["allowed"]
    ),
    "file_format_mismatch": lambda **p: _(
        "文件「%(name)s」的内容是 %(found)s，与文件名不符（应以 %(expected)s 结尾）；请检查是否选错了文件。",
        name=p["name"],
        found=FORMAT_LABELS.get(p["found"], p["found"]),
        expected=p["expected"],
    ),
    # --- acceptance (services/acceptance.py, domain/acceptance.py) ----------------------------
    "acceptance_scope_unknown": lambda **p: _("没有这一验收范围：%(scope)s。", scope=p["scope"]),
    "acceptance_line_waiting_confirmation": lambda **p: _(
        "第 %(seq)s 项尚待采购人和使用单位确认运维开始日期，服务期未定，暂不能提交验收。", seq=p["seq"]
    ),
    "acceptance_awaiting_review": lambda **p: _(
        "第 %(attempt)s 次提交仍在等待采购人审核，审核后才能再次提交。", attempt=p["attempt"]
    ),
    "acceptance_already_passed": lambda **p: _("验收已通过，无需再提交。"),
    "acceptance_materials_missing": lambda **p: _(
        "还缺 %(count)s 项必交材料：%(names)s（合同第十一条）。", count=len(p["names"]), names=_listed(p["names"])
    ),
    "acceptance_decision_unknown": lambda **p: _("审核结论只能是「通过」或「不通过」。"),
    "acceptance_already_decided": lambda **p: _("第 %(attempt)s 次提交已经审核过了。", attempt=p["attempt"]),
    "acceptance_submission_superseded": lambda **p: _(
        "第 %(attempt)s 次提交已被之后的提交取代。", attempt=p["attempt"]
    ),
    "acceptance_failure_needs_reasons": lambda **p: _("不通过时必须写明理由，供应商据此整改。"),
    "acceptance_before_service_end": lambda **p: _(
        "服务期未满，最早可于 %(earliest)s 验收通过（合同第十一条），今天是 %(accepted_on)s。",
        earliest=long_date(p["earliest"]),
        accepted_on=long_date(p["accepted_on"]),
    ),
    "material_name_empty": lambda **p: _("请输入材料名称。"),
    "material_name_taken": lambda **p: _("已有名为「%(name)s」的材料。", name=p["name"]),
    "material_has_files": lambda **p: _(
        "「%(name)s」已有 %(count)s 个版本，文件不删除；如不再需要，请改为非必交。", name=p["name"], count=p["count"]
    ),
    "materials_none_chosen": lambda **p: _("请至少为一项材料选择文件。"),
    "materials_refused": lambda **p: (
        _("%(count)s 个文件未通过检查，本次没有保存任何文件；请更换后重新上传。", count=len(p["refused"]))
        + " "
        + " ".join(
            _("「%(material)s」：%(reason)s", material=name, reason=explain_violation(violation))
            for name, violation in p["refused"]
        )
    ),
    # --- inspections and staff (services/inspections.py, services/staffing.py) ----------------
    "inspection_needs_inspector": lambda **p: _("请填写巡检人。"),
    "inspection_in_future": lambda **p: _("巡检日期 %(day)s 晚于今天。", day=long_date(p["day"])),
    "inspection_before_contract": lambda **p: _(
        "巡检日期 %(day)s 早于合同服务期开始（%(start)s）。", day=long_date(p["day"]), start=long_date(p["start"])
    ),
    "staff_needs_name": lambda **p: _("请填写人员姓名。"),
    "staff_line_not_in_contract": lambda **p: _("所选项目不属于本合同。"),
    "assignment_ends_before_start": lambda **p: _(
        "%(person)s 的驻场结束日期 %(on_site_to)s 早于开始日期 %(on_site_from)s。",
        person=p["person"],
        on_site_to=long_date(p["on_site_to"]),
        on_site_from=long_date(p["on_site_from"]),
    ),
    "staff_already_on_site": lambda **p: _(
        "%(person)s 已登记在%(where)s驻场（%(period)s），与所填日期重叠，未重复登记。"
        "此人离场后再次驻场的，请先在名单中填写原记录的结束日期，再登记新的一段。",
        **_on_site_record(p),
    ),
    # --- the staff roster from Excel (services/staff_roster.py) --------------------------------
    "roster_not_template": lambda **p: _(
        "这不是驻场人员名单模板：第一行应依次为 %(expected)s。请下载模板，填好后再上传。", expected=p["expected"]
    ),
    "roster_too_many_rows": lambda **p: _("名单超过 %(rows)s 人，请拆分后分次导入。", rows=p["rows"]),
    "roster_empty": lambda **p: _("名单中没有人员（示例行不计）。"),
    "roster_already_imported": lambda **p: _(
        "名单文件 %(name)s 已导入过本合同，未重复导入。新增人员请另建名单只填新增的人，或逐人登记。", name=p["name"]
    ),
    "roster_rows_refused": lambda **p: " ".join(
        [_roster_headline(p["problems"]), *roster_problem_sentences(p["problems"])]
    ),
    "roster_text_too_long": lambda **p: _(
        "「%(column)s」超过 %(limit)s 个字。", column=roster_column_label(p["column"]), limit=p["limit"]
    ),
    "roster_bad_line": lambda **p: _(
        "驻场项目序号「%(text)s」不是数字；多个项目用顿号分隔，例如 1、12。", text=p["text"]
    ),
    "roster_unknown_line": lambda **p: _("本合同没有第 %(seq)s 项运维项目。", seq=p["seq"]),
    "roster_date_missing": lambda **p: _("请填写「%(column)s」。", column=roster_column_label(p["column"])),
    "roster_bad_date": lambda **p: _(
        "「%(column)s」无法识别「%(text)s」，请写成 2026-06-01。",
        column=roster_column_label(p["column"]),
        text=p["text"],
    ),
    "roster_date_out_of_range": lambda **p: _(
        "「%(column)s」读出的日期是 %(day)s，不在 %(first)s 至 %(last)s 之间（多为单元格里填了负数或过大的数字）；"
        "请写成 2026-06-01。",
        column=roster_column_label(p["column"]),
        day=long_date(p["day"]),
        first=long_date(p["earliest"]),
        last=long_date(p["latest"]),
    ),
    "roster_whole_id_number": lambda **p: (
        _(
            "工作表「%(sheet)s」%(column)s 列是完整的身份证号：名单只收身份证号后四位（如 123X），请删去完整号码后重新上传；"
            "这份文件没有保存。",
            sheet=p["sheet"],
            column=p["column"],
        )
        if p.get("sheet")
        else _(
            "%(column)s 列是完整的身份证号：名单只收身份证号后四位（如 123X），请只填后四位后重新上传；"
            "这份文件没有保存。",
            column=p["column"],
        )
    ),
    "roster_overlaps_record": lambda **p: _(
        "%(person)s 已登记在%(where)s驻场（%(period)s），与本行的日期重叠。开始日期不能靠重新上传名单更正："
        "请在本页结束或更正原记录，或把本行的开始日期改回原来的日期。",
        **_on_site_record(p),
    ),
    "roster_overlaps_row": lambda **p: _(
        "%(person)s 在%(where)s的驻场日期与第 %(row)s 行重叠：同一人在同一项目同时只能有一条记录。",
        person=p["person"],
        where=_roster_where(p),
        row=p["row"],
    ),
    "roster_end_differs": lambda **p: _(
        "%(person)s 在%(where)s的驻场结束日期已登记为 %(recorded)s，名单中是 %(sheet)s。结束日期不能靠重新上传名单更改："
        "请在合同页面更改，或把本行的结束日期改回 %(recorded)s 或留空。",
        person=p["person"],
        where=_roster_where(p),
        recorded=long_date(p["on_site_to"]),
        sheet=long_date(p["new_end"]),
    ),
    "roster_bad_id_number": lambda **p: _(
        "身份证号后四位应为 4 个字符：数字，末位可为 X（该列请设为文本，以免 Excel 去掉开头的 0）。"
    ),
    # --- the holiday calendar (services/holidays.py) ------------------------------------------
    "calendar_bad_date": lambda **p: _(
        "无法识别日期「%(text)s」，请写成 2027-10-01 或 2027年10月1日。", text=p["text"]
    ),
    "calendar_bad_range": lambda **p: _(
        "日期区间「%(text)s」有误：结束日应不早于开始日，且不超过 31 天。", text=p["text"]
    ),
    "calendar_year_out_of_range": lambda **p: _("年份 %(year)s 不在 2000 到 2100 之间。", year=p["year"]),
    "calendar_day_outside_year": lambda **p: _(
        "%(day)s 不在 %(year)s 年内；一次只录入一年的安排。", day=long_date(p["day"]), year=p["year"]
    ),
    "calendar_day_both": lambda **p: _("%(day)s 同时列为放假和上班，请只保留一种。", day=long_date(p["day"])),
    "calendar_workday_not_weekend": lambda **p: _(
        "%(day)s 是工作日（周一至周五），不必列为调休上班日；调休上班日应是周六或周日。", day=long_date(p["day"])
    ),
    "calendar_year_empty": lambda **p: _(
        "%(year)s 年没有任何放假日期；官方安排至少包括元旦、春节、国庆等假日。", year=p["year"]
    ),
    "calendar_file_too_large": lambda **p: _("文件过大：节假日文件不超过 %(kb)s KB。", kb=p["kb"]),
    "calendar_file_empty": lambda **p: _("文件中没有任何日期行。"),
    "calendar_file_type": lambda **p: _("不支持的文件「%(name)s」：请上传 .xlsx 或 .csv 文件。", name=p["name"]),
    "calendar_file_not_xlsx": lambda **p: _(
        "文件扩展名是 .xlsx，但内容不是 Excel 工作簿；请用 Excel 另存为 .xlsx 后重试。"
    ),
    "calendar_file_not_text": lambda **p: _("文件扩展名是 .csv，但内容不是文本；请用 Excel 另存为 CSV 后重试。"),
    "calendar_file_too_many_rows": lambda **p: _("文件行数过多：一年的安排不超过 %(rows)s 行。", rows=p["rows"]),
    "calendar_file_bad_row": lambda **p: (
        _("第 %(row)s 行：无法识别日期「%(text)s」（请写成 2027-10-01）。", row=p["row"], text=p["text"])
        if p["problem"] == "date"
        else _("第 %(row)s 行：类型「%(text)s」无法识别，应为「休」或「班」。", row=p["row"], text=p["text"])
    ),
    # --- the LPR table (services/holidays.py) -------------------------------------------------
    "lpr_out_of_range": lambda **p: _(
        "利率 %(percent)s%% 不合理：一年期 LPR 应大于 0 且不超过 %(maximum)s%%（按百分数填写，3.00 表示 3.00%%）。",
        percent=p["percent"],
        maximum=p["maximum"],
    ),
    "lpr_too_precise": lambda **p: _("利率 %(percent)s%% 最多三位小数。", percent=p["percent"]),
    "lpr_date_taken": lambda **p: _(
        "%(day)s 已有一年期 LPR %(percent)s%%，同一生效日只能有一个利率。",
        day=long_date(p["day"]),
        percent=rate_percent(p["percent"]),
    ),
    # --- users (services/users.py) ------------------------------------------------------------
    "username_taken": lambda **p: _("用户名 %(name)s 已存在。", name=p["name"]),
    "unknown_role": lambda **p: _("未知角色 %(role)s；可选 procurement、finance、vendor、admin。", role=p["role"]),
    "vendor_needs_organisation": lambda **p: _("供应商用户必须指定所属供应商单位。"),
    "only_vendors_have_organisation": lambda **p: _("只有供应商用户才能绑定供应商单位。"),
    "password_too_short": lambda **p: _("密码至少 %(minimum)s 个字符。", minimum=p["minimum"]),
    "password_is_username": lambda **p: _("密码不能与用户名相同。"),
    "password_too_common": lambda **p: _("这个密码过于常见，容易被猜中，请换一个。"),
    "current_password_wrong": lambda **p: _("当前密码不正确。"),
    "password_unchanged": lambda **p: _("新密码不能与当前密码相同。"),
    "token_before_new_password": lambda **p: _(
        "%(name)s 须先修改管理员重设的密码（登录网页时会要求）：在此之前 API 拒绝其令牌，修改密码时令牌也全部作废；请在其修改密码后再签发。",
        name=p["name"],
    ),
    "password_change_required": lambda **p: _(
        "管理员已重设您的密码：请先登录网页修改密码，再请管理员签发新的 API 令牌（修改密码后原有令牌均已作废）。"
    ),
    # --- search (services/search.py) ----------------------------------------------------------
    "search_too_long": lambda **p: _(
        "搜索词最多 %(limit)s 个字，您输入了 %(length)s 个；请缩短后再搜索。", limit=p["limit"], length=p["length"]
    ),
    # --- reminder settings (services/reminders.py) ---------------------------------------------
    "unknown_language": lambda **p: _(
        "未知语言 %(language)s；可选中文（zh_CN）或 English（en）。", language=p["language"]
    ),
    "unknown_reminder_category": lambda **p: _("未知的提醒类别：%(category)s。", category=p["category"]),
    # --- two requests at once (services/locking.py, web/actions.py) ----------------------------
    "concurrent_change": lambda **p: _("另一项操作刚刚修改了同一记录，本次操作未保存。请刷新页面查看最新情况后再试。"),
}


def explain(code: str, **params) -> str:
    """The sentence for a notice, warning or rule code, in the user's language."""
    if code in MESSAGES:
        return MESSAGES[code](**params)
    return _("规则检查未通过：%(code)s", code=code)


def roster_problem_sentences(problems) -> list[str]:
    """Each problem of an imported roster as 「第 5 行：…」, in row order."""
    return [_("第 %(row)s 行：%(reason)s", row=row, reason=explain_violation(problem)) for row, problem in problems]


def roster_refusal(violation) -> tuple[str, list[str]]:
    """A refused roster as a headline and, when rows were wrong, one sentence per problem (「第 5 行：…」)."""
    if violation.code != "roster_rows_refused":
        return explain_violation(violation), []
    problems = violation.params["problems"]
    return _roster_headline(problems), roster_problem_sentences(problems)


def _roster_headline(problems) -> str:
    return _("名单有 %(count)s 处错误，未导入任何人员；请改正后重新上传：", count=len(problems))


def roster_column_label(column: str) -> str:
    """A roster column's name in the user's language (the sheet's headers stay Chinese)."""
    return {
        "姓名": _("姓名"),
        "岗位": _("岗位"),
        "驻场开始日期": _("驻场开始日期"),
        "驻场结束日期": _("驻场结束日期"),
    }.get(column, column)


def explain_violation(violation) -> str:
    """The sentence for a broken rule (a RuleViolation), filled from its params."""
    return explain(violation.code, **violation.params)


def finding_text(finding) -> str:
    """An import finding's sentence: a warning's as the importer wrote it, or a problem's message."""
    return finding.message if finding.message else explain(finding.code, **finding.params)


def job_failure_message(code: str, params: dict, limit: int | None = None) -> str:
    """Why an import job ended without an import, worded now in the reader's language from the code
    and parameters it kept: a file that cannot be read, a job that stopped, or a broken rule."""
    document_error = document_error_for(code, params)
    if document_error is not None:
        return document_message(document_error, limit)
    if code in JOB_MESSAGES:
        return job_message(code)
    return explain(code, **params)
