"""Form fields shared by every area."""

import re
from decimal import Decimal

import wtforms
from flask_babel import gettext as _
from wtforms import StringField
from wtforms.validators import StopValidation

from contractmgr.domain.money import MAX_UPPER_AMOUNT
from contractmgr.domain.periods import FIRST_DAY, LAST_DAY
from contractmgr.formatting import long_date
from contractmgr.models.types import MAX_INT


class AmountRefused(ValueError):
    """Why a typed amount is refused: `reason` is "not_amount", "decimals" (more than two), "negative" or
    "too_large" (not below 10^12, the most a Numeric(14, 2) column holds)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


#: the most an amount may be: what a Numeric(14, 2) column holds (and the upper-case words go up to)
MAX_AMOUNT = MAX_UPPER_AMOUNT

# Full-width forms (Ａ-ｚ, ０-９, ，．) and the ideographic space read as their ASCII selves, as NFKC reads them;
# nothing else is normalised, so ① or ² are not taken for digits.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xFFE5: 0xA5}
_MINUS = "-−－"
#: an amount as a person types it: [-] [¥] digits (thousands separated by commas, or not) [.decimals] [元]
_TYPED = re.compile(
    r"(?P<minus>-)?\s*(?:¥\s*)?(?P<minus_after>-)?"
    r"(?P<whole>[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"\s*元?"
)
#: an amount as a program writes it: [-] digits [.decimals]
_PLAIN = re.compile(r"(?P<minus>-)?(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?")


def read_amount(raw: str, *, allow_negative: bool = False, plain: bool = False) -> Decimal | None:
    """An RMB amount typed as text → Decimal to the fen; None when blank. The one reading of amounts
    for the forms and the API: as people type them (250000, 250,000.00, ¥250000.00元, full-width
    digits), or with `plain` only a decimal string (250000.00, for programs). Nothing is guessed: an
    exponent, letters, a second number, misplaced commas, more than two decimals, a negative amount
    (unless `allow_negative`) or one of 10^12 or more is refused. Raises AmountRefused."""
    text = raw.translate(_FULL_WIDTH).strip()
    if not text:
        return None
    for minus in _MINUS[1:]:
        text = text.replace(minus, "-")
    match = (_PLAIN if plain else _TYPED).fullmatch(text)
    if match is None:
        raise AmountRefused("not_amount")
    fraction = match["fraction"] or ""
    if len(fraction) > 2:
        raise AmountRefused("decimals")
    negative = bool(match["minus"] or match.groupdict().get("minus_after"))
    if match["minus"] and match.groupdict().get("minus_after"):
        raise AmountRefused("not_amount")
    amount = Decimal(f"{match['whole'].replace(',', '')}.{fraction:0<2}")
    if negative and amount and not allow_negative:
        raise AmountRefused("negative")
    if amount > MAX_AMOUNT:
        raise AmountRefused("too_large")
    return -amount if negative and amount else amount


def amount_refusal(reason: str, typed: str) -> str:
    """The sentence for a refused amount, repeating what was typed."""
    if reason == "decimals":
        return _("「%(typed)s」有两位以上小数：金额最多两位小数（分）。", typed=typed)
    if reason == "negative":
        return _("「%(typed)s」是负数：金额不能为负数。", typed=typed)
    if reason == "too_large":
        return _("「%(typed)s」超出上限：金额须小于 1,000,000,000,000 元（一万亿元）。", typed=typed)
    return _("「%(typed)s」不是金额，请输入例如 250000.00 或 250,000.00 的金额。", typed=typed)


class MoneyField(StringField):
    """An RMB amount typed as people type it (250000, 250,000.00, ¥250000.00元) → Decimal to the fen.

    Refuses anything else (read_amount) with a sentence that repeats what was typed, and stops there:
    the field's other validators ("请输入付款金额") do not replace that sentence. `data` is a Decimal, or
    None when left empty."""

    def __init__(self, label=None, validators=None, allow_negative=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allow_negative = allow_negative

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        try:
            self.data = read_amount(self.raw, allow_negative=self.allow_negative)
        except AmountRefused as refused:
            raise ValueError(amount_refusal(refused.reason, self.raw)) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the refusal stands alone; a "required" check would hide it

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"


def read_id(text: str | None) -> int | None:
    """A record id a form sends back (a hidden field, a choice): ASCII digits up to the largest id, else
    None — never an error, never a number the database cannot hold."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_INT:
        return None
    return int(text)


class IntegerField(wtforms.IntegerField):
    """WTForms' IntegerField, bounded by what an INTEGER column holds (±2^31): a larger number is a
    field error that repeats it, not a database error."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not -MAX_INT - 1 <= self.data <= MAX_INT:
            self.data = None
            raise ValueError(_("「%(typed)s」超出可填写的范围。", typed=valuelist[0].strip()))


class DateField(wtforms.DateField):
    """A date typed as 2026-05-22 (the browser's date picker sends that), from FIRST_DAY to LAST_DAY. Anything
    else is a field error that repeats what was typed and stands alone (a "required" check does not hide it)."""

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        if not typed:
            self.data = None  # left empty: no value, for the field's "required" or "optional" to judge
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("「%(typed)s」不是日期，请按 2026-05-22 的格式填写。", typed=typed)) from None
        if self.data is not None and not FIRST_DAY <= self.data <= LAST_DAY:
            self.data = None
            raise ValueError(
                _(
                    "「%(typed)s」不在可填写的日期范围内（%(first)s至%(last)s）。",
                    typed=typed,
                    first=long_date(FIRST_DAY),
                    last=long_date(LAST_DAY),
                )
            )

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class DecimalField(wtforms.DecimalField):
    """A number typed as digits with an optional sign and decimal point (85, 85.5, 3.100, full-width too):
    not NaN, Infinity or an exponent, which WTForms' own field would take (and a comparison then fails)."""

    _PLAIN = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,6})?")

    def process_formdata(self, valuelist):
        typed = valuelist[0].translate(_FULL_WIDTH).strip() if valuelist else ""
        if not typed:
            self.data = None
            return
        if not self._PLAIN.fullmatch(typed):
            self.data = None
            raise ValueError(_("「%(typed)s」不是数字，请输入例如 85 或 85.5 的数字。", typed=valuelist[0].strip()))
        self.data = Decimal(typed)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
