"""The header fields of a contract or tender, read from its body text (everything outside the
line-item table).

The wording follows the two real documents: the 洛阳 renewal contract (项目名称, 备案编号, 招标采购文件编号,
甲方/乙方, 第四条 period, 第六条 total, 大写 and the 10% cap, 第七条 milestones, 第十三条 penalties) and the
安阳 tender's chapter 2 (项目名称, 注3 staff, 四、服务期, 五、运维考评). A field the text does not state stays
None.
"""

from __future__ import annotations

import re
from typing import Literal

from importers.document import Evaluation, Kind, Milestone, ParsedDocument, Penalty, ServicePeriod
from importers.text import (
    NUMBER,
    cn_int,
    find_upper_amount,
    normalise,
    one_line,
    parse_amount,
    parse_period,
    parse_term,
    percent_ratio,
    permille_ratio,
)

_CONTRACT_LABELS = r"政府采购管理部门备案编号|备案编号|招标采购文件编号|甲方|乙方|签订时间|签订日期"


def guess_kind(text: str) -> Kind:
    """ "contract" when the text names 甲方 and 乙方 with contract clauses, else "tender"."""
    text = normalise(text) or ""
    is_contract = re.search(r"(?m)^甲方[:：]", text) and re.search(r"(?m)^乙方[:：]", text)
    return "contract" if is_contract or "合同总金额" in text else "tender"


def section(text: str, start: str, end: str | None = None) -> str:
    """The text from the heading `start` (e.g. 第六条) up to the heading `end`, or "" if absent."""
    at = text.find(start)
    if at < 0:
        return ""
    stop = text.find(end, at + len(start)) if end else -1
    return text[at : stop if stop > 0 else None]


def _field(text: str, label: str) -> str | None:
    match = re.search(rf"(?m)^[ \t]*(?:{label})[ \t]*[:：][ \t]*(.+)$", text)
    value = one_line(match[1]) if match else None
    return value or None


def read_title(text: str) -> str | None:
    """项目名称 (or 招标项目名称), joined across the line break a long title wraps onto."""
    match = re.search(
        rf"(?:招标)?项目名称\s*[:：]\s*(.+?)(?=\n\s*(?:{_CONTRACT_LABELS})|\n\s*\n|\n\d|$)", text, flags=re.S
    )
    return one_line(match[1]) if match else None


def apply_contract_fields(document: ParsedDocument, text: str) -> None:
    """Fill `document`'s header fields from a contract's body text."""
    text = normalise(text) or ""
    document.title = read_title(text) or document.title
    document.filing_number = _field(text, r"政府采购管理部门备案编号|备案编号")
    document.procurement_number = _field(text, r"招标采购文件编号|采购文件编号")
    document.purchaser = _field(text, "甲方")
    document.supplier = _field(text, "乙方")
    _apply_period(document, section(text, "第四条", "第五条") or text)
    _apply_total(document, section(text, "第六条", "第七条"))
    document.payment_milestones = read_milestones(section(text, "第七条", "第八条"))
    document.penalties = read_penalties(section(text, "第十三条", "第十四条"))
    renewal = re.search(r"总服务周期累计不超过\s*(\S{1,2}?)\s*年", text)
    document.renewal_max_total_years = cn_int(renewal[1]) if renewal else None


def _apply_period(document: ParsedDocument, clause: str) -> None:
    start, end = parse_period(clause)
    stated = re.search(rf"服务期限?为?\s*({NUMBER}\s*年)", clause)
    months = parse_term(stated[1]).months if stated else None
    if start or end or months:
        document.service_period = ServicePeriod(start, end, months)


def _apply_total(document: ParsedDocument, clause: str) -> None:
    flat = one_line(clause) or ""
    total = re.search(r"总金额\s*[:：]?\s*([¥￥]?\s*[\d,]+(?:\.\d+)?\s*元?)", flat)
    document.total_amount = parse_amount(total[1]) if total else None
    document.total_amount_upper = find_upper_amount(flat)
    cap = re.search(r"不得超过原中标金额的\s*(\d+(?:\.\d+)?)\s*%", flat)
    document.change_cap_ratio = percent_ratio(cap[1]) if cap else None


_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "首": 1}
_INSTALMENT = re.compile(r"第([一二三四五])次付款\s*[:：]?(.*?)(?=第[一二三四五]次付款|$)", re.S)


def read_milestones(clause: str) -> list[Milestone]:
    """第一次付款 … 合同总额的70%，5789980.00元 … within 30个工作日 → Milestone per instalment."""
    milestones = []
    for match in _INSTALMENT.finditer(one_line(clause) or ""):
        body = match[2]
        ratio = re.search(r"(\d+(?:\.\d+)?)\s*%", body)
        amount = re.search(r"%\s*[，,]?\s*([¥￥]?[\d,]+\.\d{2})\s*元", body)
        due = re.search(r"([^，。；,]*?)\s*(\d+)\s*个工作日内", body)
        milestones.append(
            Milestone(
                seq=_ORDINALS[match[1]],
                ratio=percent_ratio(ratio[1]) if ratio else None,
                amount=parse_amount(amount[1]) if amount else None,
                due_working_days=int(due[2]) if due else None,
                trigger=(due[1].lstrip("…且并") or None) if due else None,
            )
        )
    return milestones


PenaltyKind = Literal["late_per_day", "late_over_days", "acceptance_failed", "acceptance_failed_again"]

_PENALTY_PATTERNS: list[tuple[PenaltyKind, str, str | None]] = [
    ("late_per_day", r"每逾期一日[^。；]*?合同总金额的?\s*(\d+(?:\.\d+)?)\s*%", None),
    ("late_over_days", r"逾期超过\s*(\d+)\s*日的[^。；]*?合同总金额的?\s*(\d+(?:\.\d+)?)\s*%", "days"),
    ("acceptance_failed_again", r"限期内验收仍未合格的[^。；]*?合同总金额的?\s*(\d+(?:\.\d+)?)\s*%", None),
    ("acceptance_failed", r"验收未合格[^。；]*?合同总金额的?\s*(\d+(?:\.\d+)?)\s*%", None),
]
#: The purchaser's late payment: interest at the published LPR, a rate that is no fixed ratio.
_LATE_PAYMENT = re.compile(r"甲方[^。；]*?未按合同规定的期限[^。；]*?支付[^。；]*?违约金")


def read_penalties(clause: str) -> list[Penalty]:
    """The vendor's penalties of 第十三条 that carry a ratio of the contract total, in the order
    late per day, late over N days, failed acceptance, failed again."""
    flat = one_line(clause) or ""
    found: dict[str, Penalty] = {}
    for kind, pattern, extra in _PENALTY_PATTERNS:
        match = re.search(pattern, flat)
        if not match:
            continue
        days = int(match[1]) if extra == "days" else None
        ratio = percent_ratio(match[match.lastindex or 0])
        found[kind] = Penalty(kind=kind, text=_sentence_around(flat, match), ratio=ratio, days=days)
    order = ["late_per_day", "late_over_days", "acceptance_failed", "acceptance_failed_again"]
    penalties = [found[kind] for kind in order if kind in found]
    late_payment = _LATE_PAYMENT.search(flat)
    if late_payment:
        penalties.append(Penalty(kind="other", text=late_payment[0]))
    return penalties


def _sentence_around(text: str, match: re.Match[str]) -> str:
    start = max(text.rfind(mark, 0, match.start()) for mark in "。；，、") + 1
    return text[start : match.end()].strip()


# -- tender ----------------------------------------------------------------------------------


def apply_tender_fields(document: ParsedDocument, text: str) -> None:
    """Fill `document`'s header fields from a tender's body text (chapter 2, 采购需求)."""
    text = normalise(text) or ""
    document.title = read_title(text) or document.title
    document.procurement_number = _field(text, r"招标编号|项目编号|采购文件编号")
    document.purchaser = _field(text, r"采购人|采购人名称")
    staff = re.search(r"驻场人员人数[^。\n]{0,6}?不少于\s*(\d+)\s*人", text)
    document.min_onsite_staff = int(staff[1]) if staff else None
    term = section(text, "服务期", "运维考评") or text
    start, end = parse_period(term)
    stated = re.search(rf"服务期\s*[:：]\s*({NUMBER}\s*年)", term)
    months = parse_term(stated[1]).months if stated else None
    if start or end or months:
        document.service_period = ServicePeriod(start, end, months)
    document.evaluation = read_evaluation(section(text, "运维考评"))


def confirmation_seqs(text: str) -> set[int]:
    """The 序号 of lines that start when purchaser and user confirm (tender 四、服务期:
    「其中序号16…、序号24…、序号30…自签订合同、经采购人和使用单位确认运维开始之日起一年」)."""
    seqs: set[int] = set()
    for sentence in re.split(r"[。\n]", normalise(text) or ""):
        if re.search(r"确认[^，。；]{0,12}开始之日", sentence):
            seqs.update(int(number) for number in re.findall(r"序号\s*(\d+)", sentence))
    return seqs


def read_evaluation(clause: str) -> Evaluation | None:
    """五、运维考评: 「90分以上（含90分）则100%支付」「每扣1分，扣减总合同价款的2‰」「60分以下…终止合同」."""
    flat = one_line(clause) or ""
    full = re.search(r"(\d+)\s*分以上.{0,20}?100\s*%\s*支付", flat)
    per_point = re.search(r"每扣\s*1\s*分[，,]?\s*扣减[^，。；]*?(\d+(?:\.\d+)?)\s*(‰|%)", flat)
    below = re.search(r"(\d+)\s*分以下", flat)
    if not (full or per_point or below):
        return None
    ratio = None
    if per_point:
        ratio = permille_ratio(per_point[1]) if per_point[2] == "‰" else percent_ratio(per_point[1])
    return Evaluation(
        full_payment_min_score=int(full[1]) if full else None,
        deduction_ratio_per_point=ratio,
        termination_below_score=int(below[1]) if below else None,
    )
