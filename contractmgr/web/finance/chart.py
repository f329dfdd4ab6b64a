"""The overview's bar chart of payable and paid amounts by month, laid out here and drawn as SVG by
the template (no JavaScript): two bars per month on a scale of round 万元 steps."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from contractmgr.services.overview import MonthTotal, months_between

WIDTH = 760
HEIGHT = 260
LEFT = 70
BOTTOM = 40
TOP = 16
BAR = 14
_WAN = Decimal(10000)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    amount: Decimal


@dataclass(frozen=True)
class MonthBars:
    month: str
    x: int
    payable: Bar
    paid: Bar


@dataclass(frozen=True)
class Tick:
    y: int
    wan: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    base: int
    months: list[MonthBars]
    ticks: list[Tick]


def bar_chart(totals: list[MonthTotal]) -> BarChart | None:
    """Bars for every month from the first to the last with an amount (empty months included), or
    None when there is nothing to draw."""
    if not totals:
        return None
    by_month = {t.month: t for t in totals}
    months = months_between(totals[0].month, totals[-1].month)
    top = max(max(t.payable, t.paid) for t in totals)
    step = _nice_step(top)
    scale_max = step * max(1, int((top / step).to_integral_value(rounding=ROUND_CEILING)))
    plot = HEIGHT - BOTTOM - TOP
    base = HEIGHT - BOTTOM
    slot = max(2 * BAR + 12, (WIDTH - LEFT - 10) // len(months))
    width = max(WIDTH, LEFT + slot * len(months) + 10)

    def bar(x: int, amount: Decimal) -> Bar:
        height = int(plot * amount / scale_max) if scale_max else 0
        return Bar(x=x, y=base - height, height=height, amount=amount)

    laid_out = []
    for index, month in enumerate(months):
        total = by_month.get(month, MonthTotal(month))
        x = LEFT + index * slot + (slot - 2 * BAR - 2) // 2
        laid_out.append(MonthBars(month, x, bar(x, total.payable), bar(x + BAR + 2, total.paid)))
    ticks = [
        Tick(y=base - int(plot * i * step / scale_max), wan=int(i * step / _WAN))
        for i in range(int(scale_max / step) + 1)
    ]
    return BarChart(width=width, height=HEIGHT, left=LEFT, base=base, months=laid_out, ticks=ticks)


def _nice_step(top: Decimal) -> Decimal:
    """A gridline step of 1, 2 or 5 × 10ⁿ 万元 giving at most five lines."""
    if top <= 0:
        return _WAN
    magnitude = _WAN
    while True:
        for factor in (1, 2, 5):
            if top / (magnitude * factor) <= 5:
                return magnitude * factor
        magnitude *= 10
