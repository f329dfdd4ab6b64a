"""The overview's bar chart of payable and paid amounts by month, laid out and drawn as SVG here (no
JavaScript): two bars per month on a scale of round 万元 steps. The SVG is written in Python rather than by a
template loop: fifteen years of contracts are 180 months, and the loop took a fifth of the overview's time."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from markupsafe import Markup, escape

from contractmgr.formatting import gettext as _
from contractmgr.formatting import money
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


def chart_svg(chart: BarChart) -> Markup:
    """The chart's <svg> element."""
    right = chart.width - 10
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{chart.width}" height="{chart.height}"'
        f' viewBox="0 0 {chart.width} {chart.height}" aria-labelledby="chart-title">',
        f'  <title id="chart-title">{escape(_("按月应付与已付金额"))}</title>',
    ]
    for tick in chart.ticks:
        lines += [
            f'  <line x1="{chart.left}" x2="{right}" y1="{tick.y}" y2="{tick.y}" stroke="#d9dee4"/>',
            f'  <text x="{chart.left - 6}" y="{tick.y + 4}" text-anchor="end" font-size="11" fill="#6b7785">'
            f"{escape(_('%(n)s万', n=tick.wan))}</text>",
        ]
    payable, paid = escape(_("应付")), escape(_("已付"))
    for m in chart.months:
        month = escape(m.month)
        lines += [
            f'  <g class="month" data-month="{month}">',
            f'    <rect class="bar-payable" x="{m.payable.x}" y="{m.payable.y}" width="{BAR}" height="{m.payable.height}"'
            f' fill="#b4232c"><title>{month} {payable} {escape(money(m.payable.amount))}</title></rect>',
            f'    <rect class="bar-paid" x="{m.paid.x}" y="{m.paid.y}" width="{BAR}" height="{m.paid.height}"'
            f' fill="#1d7a46"><title>{month} {paid} {escape(money(m.paid.amount))}</title></rect>',
            f'    <text x="{m.payable.x + BAR + 1}" y="{chart.base + 16}" text-anchor="middle" font-size="11"'
            f' fill="#1f2933">{month}</text>',
            "  </g>",
        ]
    lines += [
        f'  <line x1="{chart.left}" x2="{right}" y1="{chart.base}" y2="{chart.base}" stroke="#1f2933"/>',
        "</svg>",
    ]
    return Markup("\n".join(lines))
