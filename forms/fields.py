"""Form fields shared by every area."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from contractmgr.domain.money import parse_figures


class MoneyField(StringField):
    """An RMB amount typed as people type it (250000, 250,000.00, ¥250000.00元) → Decimal to the fen.

    Refuses anything that is not an amount, more than two decimals, and negative amounts unless
    `allow_negative`; `data` is a Decimal (or None when left empty)."""

    def __init__(self, label=None, validators=None, allow_negative=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allow_negative = allow_negative

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not self.raw:
            return
        negative = self.raw.startswith("-")
        try:
            amount = parse_figures(self.raw.lstrip("-"))
        except (ValueError, ArithmeticError):
            amount = None
        if amount is None:
            raise ValueError(_l("请输入金额，例如 250000.00。"))
        if re.search(r"\.\d{3,}", self.raw):  # parse_figures would round; a form should not
            raise ValueError(_l("金额最多两位小数。"))
        if negative and not self.allow_negative:
            raise ValueError(_l("金额不能为负数。"))
        self.data = -amount if negative else amount

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"
