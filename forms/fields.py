"""Form fields shared by every area."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from contractmgr.domain.money import parse_figures


class AmountRefused(ValueError):
    """Why a typed amount is refused: `reason` is "not_amount", "decimals" (more than two) or "negative"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")


def read_amount(raw: str, *, allow_negative: bool = False, plain: bool = False) -> Decimal | None:
    """An RMB amount typed as text → Decimal to the fen; None when blank. The one reading of amounts
    for the forms and the API: as people type them (250,000.00, ¥250000.00元), or with `plain` only a
    decimal string (250000.00, for programs). Raises AmountRefused."""
    raw = raw.strip()
    if not raw:
        return None
    negative = raw.startswith("-")
    digits = raw[1:] if negative else raw
    if plain:
        amount = Decimal(digits) if _PLAIN.fullmatch(digits) else None
    else:
        try:
            amount = parse_figures(digits)
        except (ValueError, ArithmeticError):
            amount = None
    if amount is None:
        raise AmountRefused("not_amount")
    if re.search(r"\.\d{3,}", raw):  # parse_figures would round; a person or program should say so
        raise AmountRefused("decimals")
    if negative and not allow_negative:
        raise AmountRefused("negative")
    return -amount if negative else amount


class MoneyField(StringField):
    """An RMB amount typed as people type it (250000, 250,000.00, ¥250000.00元) → Decimal to the fen.

    Refuses anything that is not an amount, more than two decimals, and negative amounts unless
    `allow_negative`; `data` is a Decimal (or None when left empty)."""

    MESSAGES = {
        "not_amount": _l("请输入金额，例如 250000.00。"),
        "decimals": _l("金额最多两位小数。"),
        "negative": _l("金额不能为负数。"),
    }

    def __init__(self, label=None, validators=None, allow_negative=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allow_negative = allow_negative

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        try:
            self.data = read_amount(self.raw, allow_negative=self.allow_negative)
        except AmountRefused as refused:
            raise ValueError(self.MESSAGES[refused.reason]) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"
