"""Chinese text helpers: clean up extracted text and read the small facts tenders and contracts state
in words — amounts, terms, on-site staff, service levels (SLA), inspection cycles.

Every reader returns None when the text does not state the fact: the importer never guesses.
Money comes from `contractmgr.domain.money`, periods from `contractmgr.domain.periods`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractmgr.domain.money import parse_figures, parse_upper
from importers.document import Sla

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: CJK ideographs plus full-width punctuation (，。：；（）《》“”、…) and the 【】 brackets
CJK_OR_PUNCT = CJK + r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2014-\u201f\u2026"
_H_SPACE = r"[ \t\u00a0\u3000]+"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{CJK_OR_PUNCT}]){_H_SPACE}|{_H_SPACE}(?=[{CJK_OR_PUNCT}])")


def normalise(text: str | None) -> str | None:
    """`text` with the spaces that PDF and Word conversions put inside Chinese ("运 维", "2025 年",
    "管理局 2025") removed, runs of other spaces collapsed, and blank lines dropped. Line breaks stay:
    callers decide whether they matter. Full-width letters and digits become ASCII (NFKC would also
    turn Chinese punctuation into ASCII, so only the ASCII-range forms are folded), and an ASCII
    colon, semicolon or comma next to Chinese becomes full-width (：；，)."""
    if text is None:
        return None
    text = _fold_fullwidth_alnum(text).replace("\r", "\n")
    text = _ASCII_PUNCT_NEXT_TO_CJK.sub(lambda match: _FULL_WIDTH[match[0]], text)
    text = _SPACE_NEXT_TO_CJK.sub("", text)
    text = re.sub(r"[ \t\u00a0]{2,}", " ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# pdfminer reads the CID fonts' full-width ：；， as ASCII; Chinese text writes them full-width
_FULL_WIDTH = {":": "：", ";": "；", ",": "，"}
_ASCII_PUNCT_NEXT_TO_CJK = re.compile(rf"(?<=[{CJK_OR_PUNCT})])[:;,]|[:;,](?=[{CJK_OR_PUNCT}])")


def one_line(text: str | None) -> str | None:
    """`normalise(text)` on a single line: for names and header fields, where a break is only a wrap.
    A wrap between Latin words becomes a space; between Chinese characters, nothing."""
    text = normalise(text)
    if text is None:
        return None
    text = re.sub(r"(?<=[A-Za-z0-9])\n(?=[A-Za-z0-9])", " ", text)
    return text.replace("\n", "")


def squash(text: str | None) -> str:
    """`text` without any whitespace: for comparing texts whose wrapping differs."""
    return "".join((text or "").split())


def _fold_fullwidth_alnum(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", char) if "\uff10" <= char <= "\uff5a" else char for char in text)


# -- numbers --------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMBER = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十半]+)"


def cn_number(text: str) -> Decimal | None:
    """A small number written in figures or Chinese: "15", "0.5", "两" → 2, "十二" → 12, "半" → 0.5.
    None for anything else."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    if text == "半":
        return Decimal("0.5")
    if text and all(char in _CN_DIGITS for char in text):
        return Decimal(int("".join(str(_CN_DIGITS[char]) for char in text)))
    match = re.fullmatch(r"([一二两三四五六七八九])?十([一二三四五六七八九])?", text)
    if match:
        tens = _CN_DIGITS[match[1]] if match[1] else 1
        return Decimal(tens * 10 + (_CN_DIGITS[match[2]] if match[2] else 0))
    return None


def cn_int(text: str) -> int | None:
    value = cn_number(text)
    return int(value) if value is not None and value == int(value) else None


def parse_amount(text: str | None) -> Decimal | None:
    """The amount in figures in a cell or sentence (250000.00, 250,000.00, ¥250000.00元), or None."""
    if not text or not text.strip():
        return None
    return parse_figures(normalise(text) or "")


def percent_ratio(text: str) -> Decimal:
    """ "70" (per cent) → Decimal("0.70"); keeps the figure's digits, so 10% reads "0.10"."""
    return Decimal(text).scaleb(-2)


def permille_ratio(text: str) -> Decimal:
    """ "2" (per mille, ‰) → Decimal("0.002")."""
    return Decimal(text).scaleb(-3)


# -- amounts in upper-case words -------------------------------------------------------------

_UPPER_RUN = re.compile(r"(?:人民币)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正]{2,}")


def find_upper_amount(text: str) -> str | None:
    """The upper-case amount after 大写 in `text` (捌佰贰拾柒万壹仟肆佰元整), as printed, or None."""
    match = re.search(r"大写\s*[:：]?\s*(" + _UPPER_RUN.pattern + ")", normalise(text) or "")
    return match[1] if match else None


def read_upper_amount(words: str) -> Decimal | None:
    """The value of upper-case words, or None when they are not legal upper-case money words."""
    try:
        return parse_upper(words)
    except ValueError:
        return None


# -- dates and terms -------------------------------------------------------------------------

DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"


def _date_of(match: re.Match[str], first_group: int = 1) -> date | None:
    year, month, day = (int(match[first_group + i]) for i in range(3))
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Term:
    """A service term as a line or clause states it: how long, and from when if not the default."""

    months: int | None = None
    start: date | None = None
    start_on_confirmation: bool = False


_CONFIRMATION = re.compile(r"确认[^，。；]{0,12}开始之日")


def parse_term(text: str | None) -> Term:
    """「1年」「1 年」「一年」「12个月」 → 12 months; 「1年 (服务期自2026年7月27日起)」 also gives the
    line's own start; 「自签订合同、经采购人和使用单位确认运维开始之日起一年」 starts on confirmation."""
    text = one_line(text) or ""
    return Term(
        months=_term_months(text), start=_own_start(text), start_on_confirmation=bool(_CONFIRMATION.search(text))
    )


def _term_months(text: str) -> int | None:
    years = re.search(rf"({NUMBER})\s*(?:个)?(?:年|周年)", _without_dates(text))
    if years and (year_count := cn_number(years[1])) is not None:
        return int(year_count * 12)
    months = re.search(rf"({NUMBER})\s*个\s*月", text)
    if months and (month_count := cn_int(months[1])) is not None:
        return month_count
    return None


def _without_dates(text: str) -> str:
    # "2026年" is a date's year, not a term of 2026 years
    return re.sub(DATE, "", re.sub(r"\d{4}\s*年", "", text))


def _own_start(text: str) -> date | None:
    match = re.search(rf"自\s*{DATE}\s*(?:起|开始)", text)
    return _date_of(match) if match else None


def parse_period(text: str) -> tuple[date | None, date | None]:
    """(start, end) from 「自2026年5月22日起至2027年5月21日」 (with or without 止), else (None, None)."""
    match = re.search(rf"自\s*{DATE}\s*(?:起)?\s*至\s*{DATE}", normalise(text) or "")
    if not match:
        return None, None
    return _date_of(match, 1), _date_of(match, 4)


# -- staff -----------------------------------------------------------------------------------

_STAFF = re.compile(
    rf"({NUMBER})\s*名[^，。；;,\n]{{0,12}}?驻场|驻场[^，。；;,\n]{{0,6}}?({NUMBER})\s*(?:名|人)"
    rf"|(?<![\d.])({NUMBER})\s*人[^，。；;,\n]{{0,12}}?驻场"
)


def parse_onsite_staff(text: str | None) -> int | None:
    """On-site staff a line asks for: 「需安排2名技术人员驻场」 → 2, 「5名技术人员驻场」 → 5,
    「1 名人员驻场：5*8h」 → 1, 「派驻两名驻场技术人员」 → 2. None when no number of 驻场 staff is
    stated (the caller decides whether "no 驻场 at all" means 0)."""
    text = (normalise(text) or "").replace("\n", "")  # a cell's wrapped line breaks a phrase in two
    for match in _STAFF.finditer(text):
        count = cn_int(match[1] or match[2] or match[3])
        if count is not None:
            return count
    return None


def mentions_onsite(text: str | None) -> bool:
    return "驻场" in (text or "")


# -- service levels ----------------------------------------------------------------------------

_SERVICE_HOURS = re.compile(r"(?<![\d.])([1-7])\s*[*×xX]\s*(24|1\d|[1-9])\s*(?:h|H|小时)?")


def parse_service_hours(text: str | None) -> str | None:
    """「7*24h」「7×24 小时」「5*8h」「6*8h」 → "7*24h" / "5*8h" (the first one stated), or None."""
    match = _SERVICE_HOURS.search(text or "")
    return f"{match[1]}*{match[2]}h" if match else None


_DURATION = re.compile(rf"({NUMBER})\s*(个)?\s*(小时|分钟|min|h(?![A-Za-z])|H(?![A-Za-z]))")


def _durations(text: str) -> list[tuple[int, Decimal]]:
    """(position, hours) of every duration in `text`: 「0.5小时」 → 0.5, 「15分钟」 → 0.25, 「两个小时」 → 2;
    「实时」 (real time) counts as 0."""
    found = [(match.start(), Decimal(0)) for match in re.finditer("实时", text)]
    for match in _DURATION.finditer(text):
        value = cn_number(match[1])
        if value is not None:
            found.append((match.start(), value / 60 if match[3] in ("分钟", "min") else value))
    return sorted(found, key=lambda item: item[0])


def durations_hours(text: str) -> list[Decimal]:
    """Every duration in `text` in hours, in the order written."""
    return [Decimal(hours) for _, hours in _durations(normalise(text) or "")]


def parse_hours(text: str | None) -> Decimal | None:
    """The time limit a clause sets, in hours: 「0.5小时以内」 → 0.5, 「响应时间15分钟」 → 0.25,
    「实时响应」 → 0. Where it sets tiers (「简单故障2小时以内，复杂故障24小时以内」,
    「工作日期间实时响应，非工作日期间0.5小时以内」) the first stated, as the demo data reads them:
    the other tiers stay in the requirements text for the reader. None when no time is stated."""
    # 「7×24小时」 is service hours, not a time limit of 24 hours
    hours = durations_hours(_SERVICE_HOURS.sub("", normalise(text) or ""))
    return hours[0] if hours else None


#: SLA labels as the annex and the tender write them; each value runs to the next label or line end
_SLA_LABELS = {
    "response_hours": r"响应时效|响应时间|故障响应时间|故障响应",
    "onsite_hours": r"到场时间|运维到场时间|到场时效",
    "recovery_hours": r"故障恢复时间|故障解决时间|恢复时间|解决时限",
    "inspection": r"巡检周期|巡检频率",
    "service_hours": r"服务时间",
}
_ANY_LABEL = "|".join(_SLA_LABELS.values()) + r"|服务级别|服务方式"


def _labelled(text: str, labels: str) -> str | None:
    match = re.search(rf"(?:{labels})\s*[:：]?\s*(.*?)(?=(?:{_ANY_LABEL})\s*[:：]|\n|$)", text)
    return match[1].strip(" ；;，,。") if match else None


def parse_inspection(text: str | None) -> str | None:
    """The inspection cycle as written: 「巡检周期：每周」 → "每周", 「4次/月」, 「每季度」, 「周、月、季」."""
    value = _labelled(normalise(text) or "", _SLA_LABELS["inspection"])
    value = value.split("。")[0].strip(" ；;，,") if value else None
    return value or None


def parse_sla(text: str | None) -> Sla | None:
    """The service levels a 服务要求 cell states, or None when it states none of them."""
    text = normalise(text) or ""
    service = _labelled(text, _SLA_LABELS["service_hours"])
    sla = Sla(
        service_hours=parse_service_hours(service) if service else parse_service_hours(text),
        response_hours=_labelled_hours(text, "response_hours"),
        onsite_hours=_labelled_hours(text, "onsite_hours"),
        recovery_hours=_labelled_hours(text, "recovery_hours"),
        inspection=parse_inspection(text),
    )
    return None if sla.is_empty() else sla


def _labelled_hours(text: str, field_name: str) -> Decimal | None:
    value = _labelled(text, _SLA_LABELS[field_name])
    return parse_hours(value) if value is not None else None
