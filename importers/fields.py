"""The header fields of a contract or tender, read from its body text (everything outside the
line-item table).

The wording follows the two real documents: the 洛阳 renewal contract (项目名称, 备案编号, 招标采购文件编号,
甲方/乙方, 第四条 period, 第六条 total, 大写 and the 10% cap, 第七条 milestones, 第十三条 penalties) and the
安阳 tender's chapter 2 (项目名称, 注3 staff, 四、服务期, 五、运维考评). A field the text does not state stays
None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
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
    read_upper_amount,
)

_CONTRACT_LABELS = r"政府采购管理部门备案编号|备案编号|招标采购文件编号|甲方|乙方|签订时间|签订日期"


def guess_kind(text: str) -> Kind:
    """ "contract" or "tender", from the evidence `kind_evidence` finds."""
    return kind_evidence(text)[0]


#: What names a document's kind in its heading, most telling first. An award notice (中标公告 …) is
#: kept as "award": the officer says on review whether it becomes a contract or a tender.
_KIND_WORDS: list[tuple[str, Kind]] = [
    (r"中标[（(]成交[）)]结果公告|中标结果公告|成交结果公告|中标公告|成交公告|中标候选人公示", "award"),
    (r"续签合同|合同书|协议书|采购合同|服务合同|运维合同", "contract"),
    (r"招标文件|竞争性磋商文件|竞争性谈判文件|询价通知书|询价文件|单一来源采购文件|服务需求一览表|采购需求", "tender"),
]


def kind_evidence(text: str) -> tuple[Kind, str]:
    """(kind, the words that decided it): a kind word in the first lines (the heading) wins; then
    甲方 and 乙方 with a contract total; else a tender."""
    text = normalise(text) or ""
    heading = "\n".join(text.split("\n")[:3])
    for pattern, kind in _KIND_WORDS:
        match = re.search(pattern, heading)
        if match:
            return kind, match[0]
    has_parties = re.search(r"(?m)^甲方[^:：\n]{0,6}[:：]", text) and re.search(r"(?m)^乙方[^:：\n]{0,6}[:：]", text)
    if has_parties:
        return "contract", "甲方、乙方"
    for pattern, kind in _KIND_WORDS:
        match = re.search(pattern, text)
        if match:
            return kind, match[0]
    if "合同总金额" in text:
        return "contract", "合同总金额"
    return "tender", ""


def section(text: str, start: str, end: str | None = None) -> str:
    """The text from the heading `start` (e.g. 第六条) up to the heading `end`, or "" if absent."""
    at = text.find(start)
    if at < 0:
        return ""
    stop = text.find(end, at + len(start)) if end else -1
    return text[at : stop if stop > 0 else None]


def _field(text: str, label: str) -> str | None:
    """The value after 「label：」 at the start of a line; the label may be numbered (「一、」「1.」)
    and followed by a bracketed role (「采购人（甲方）：」「供应商(乙方):」)."""
    match = re.search(
        rf"(?m)^[ \t]*(?:[一二三四五六七八九十]+、|\d+[.、．])?[ \t]*(?:{label})"
        rf"(?:[（(][^）)\n]{{1,8}}[）)])?[ \t]*[:：][ \t]*(.+)$",
        text,
    )
    value = one_line(match[1]) if match else None
    return value.rstrip("。；;，,") if value else None


#: A line that starts a new field: 「label：」 within its first characters
_NEXT_FIELD = re.compile(r"^[^:：\n]{1,14}[:：]")


def read_title(text: str) -> str | None:
    """项目名称 (or 招标项目名称), joined across the line break a long title wraps onto (a following
    line that is not a field of its own, not blank, not numbered)."""
    match = re.search(r"(?m)(?:招标)?项目名称\s*[:：]\s*(.*)$", text)
    if not match:
        return None
    title = match[1]
    rest = text[match.end() :].split("\n")[1:3]
    for line in rest:
        if (
            not line.strip()
            or _NEXT_FIELD.match(line)
            or re.match(
                rf"\s*(?:\d|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章]|{_CONTRACT_LABELS})", line
            )
        ):
            break
        if len(squash_title(title)) >= 40 or len(line) > 30:
            break
        title += line
    return one_line(title) or None


def squash_title(text: str) -> str:
    return "".join(text.split())


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
    # a PDF wraps the sentence over several lines: read it whole, up to its 。
    for sentence in re.split(r"。|\n(?=[一二三四五六七八九十]+、|注\s*\d|\d+[.、．])", normalise(text) or ""):
        sentence = sentence.replace("\n", "")
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


# -- what every kind of document states in its own words ---------------------------------------------

_PURCHASER = r"采购人名称|采购人|采购单位|甲方|买方"
_SUPPLIER = r"中标[（(]成交[）)]供应商|中标供应商|成交供应商|中标人|成交人|供应商名称|供应商|乙方|卖方"
_AGENCY = r"采购代理机构名称|采购代理机构|招标代理机构|集中采购机构|代理机构"
_NUMBER_LABELS = r"项目编号|招标编号|采购编号|采购项目编号|招标采购文件编号|采购文件编号|项目号"
#: a total in figures or words: contracts and notices first, a tender's budget last
_TOTAL_LABELS = (
    r"合同总金额|合同总价款|合同总价|合同价款|合同金额|总价款|中标[（(]成交[）)]金额|中标金额|成交金额|投标总价|"
    r"总金额|预算金额|采购预算|项目预算|最高限价"
)
_FEE_WORDS = re.compile(r"代理费|代理服务费|服务费由|保证金|招标费")
_MONEY = r"[¥￥]?\s*[\d,]+(?:\.\d+)?\s*(?:万元|元|万)?"


#: labels a scanned line may start with, whose colon OCR can lose (「项目编号XXRY-2024-031」): three
#: characters or more, so that a clause starting 「甲方应……」 is never taken for a label
_LINE_LABELS = "|".join(
    label
    for labels in (r"招标项目名称|项目名称", _NUMBER_LABELS, _PURCHASER, _SUPPLIER, _AGENCY, _TOTAL_LABELS, "服务期限")
    for label in labels.split("|")
    if len(label) >= 3
)
_LOST_COLON = re.compile(rf"^((?:{_LINE_LABELS})(?:[（(][^）)\n]{{1,8}}[）)])?)(?=[^\s:：（(])")


def restore_label_colon(line: str) -> str:
    """A short scanned line that starts with a field's label and lost its colon to OCR, with the colon
    back: 「项目编号XXRY-2024-031」 → 「项目编号：XXRY-2024-031」. A sentence (a comma, a full stop) is
    left as it is: 「采购人应当……，」 states no field."""
    if len(line) > 40 or re.search("[，。；,;]", line):
        return line
    return _LOST_COLON.sub(r"\1：", line)


def apply_common_fields(document: ParsedDocument, text: str) -> None:
    """What any kind of document states with the labels procurement documents use, for the fields
    the kind's own reading left empty: title, number, purchaser, supplier, agency, total, period.
    A label names its role (「采购人（甲方）」 is the purchaser, 「采购代理机构」 never is); an agency's
    fee is never the contract amount."""
    text = normalise(text) or ""
    document.title = document.title or read_title(text) or ""
    document.procurement_number = document.procurement_number or _field(text, _NUMBER_LABELS)
    document.agency = document.agency or _field(text, _AGENCY)
    document.purchaser = document.purchaser or _party(text, _PURCHASER, document.agency)
    document.supplier = document.supplier or _party(text, _SUPPLIER, document.agency)
    if document.total_amount is None:
        read_total(document, text)
    if document.service_period is None:
        document.service_period = read_period(text)
    period = document.service_period
    if period is not None and period.months is None and period.start and period.end:
        period.months = _months_between(period.start, period.end)


def _party(text: str, labels: str, agency: str | None) -> str | None:
    for match in re.finditer(
        rf"(?m)^[ \t]*(?:[一二三四五六七八九十]+、|\d+[.、．])?[ \t]*(?:{labels})"
        rf"(?:[（(][^）)\n]{{1,8}}[）)])?[ \t]*[:：][ \t]*(.+)$",
        text,
    ):
        value = (one_line(match[1]) or "").rstrip("。；;，,")
        if value and value != agency and not _FEE_WORDS.search(match[0]) and not re.match(r"[\d¥￥]", value):
            return value
    return None


def read_total(document: ParsedDocument, text: str) -> None:
    """The total: 「合同总价：人民币328,000.00元（大写：…）」「中标金额：407.14万元」, a sentence whose
    figure is only in 大写 (「总价款为人民币壹拾万元整」), never an agency's fee or a lot's budget."""
    for sentence in re.split(r"[。\n]", text):
        if _FEE_WORDS.search(sentence) or re.search(r"第[一二三四五六七八九十\d]+包|包\s*\d|标段", sentence):
            continue
        label = re.search(rf"(?:{_TOTAL_LABELS})", sentence)
        if not label:
            continue
        rest = sentence[label.end() :]
        figures = re.search(rf"^\s*(?:为|是)?\s*[:：]?\s*(?:人民币)?\s*({_MONEY})", rest)
        upper = find_upper_amount(rest) or _bare_upper(rest)
        amount = parse_amount(figures[1]) if figures and re.search(r"\d", figures[1]) else None
        if amount is None and upper is not None:
            amount = read_upper_amount(upper)
        if amount is not None:
            document.total_amount = amount
            document.total_amount_upper = document.total_amount_upper or upper
            return


def _bare_upper(text: str) -> str | None:
    # at least one numeral word: the 「万元」 of 「407.14万元」 is a unit, not a total in words
    match = re.search(
        r"(?:人民币)?\s*((?=[拾佰仟万亿]*[零壹贰叁肆伍陆柒捌玖])[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元圆][零壹贰叁肆伍陆柒捌玖角分整正]*)",
        text,
    )
    return match[1] if match else None


def read_period(text: str) -> ServicePeriod | None:
    """The service period in prose: 「自2024年1月1日起至2024年12月31日止」, 「2023年10月21日至2024年7月20日止」,
    「自合同签订之日起一年」, 「服务期：12个月」, 「8个月（2024年9月至2025年4月）」."""
    start, end = parse_period(text)
    if start is None:
        match = re.search(
            r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*[至到\-—~～]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日",
            text,
        )
        if match:
            start, end = _safe_date(match[1], match[2], match[3]), _safe_date(match[4], match[5], match[6])
    stated = re.search(
        rf"(?:服务期限|服务期|合同期限|履约期限|运维期限)\s*(?:为)?\s*[:：]?\s*(?:自[^，。,；]*?之日起)?\s*({NUMBER}\s*(?:个)?\s*(?:年|月|个月))",
        text,
    )
    signing = re.search(rf"自合同签订之日起\s*({NUMBER}\s*(?:个)?\s*(?:年|个月))", text)
    term = stated or signing
    months = parse_term(term[1]).months if term else None
    if months is None and start and end:
        months = _months_between(start, end)
    if start or end or months:
        return ServicePeriod(start, end, months)
    return None


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _months_between(start: date, end: date) -> int | None:
    """Whole months from `start` to `end` inclusive (2024-01-01 … 2024-12-31 → 12), or None."""
    following = end + timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    return months if following.day == start.day and months > 0 else None
