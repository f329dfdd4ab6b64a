"""Server-side SVG for the contract page: every line's service period against the contract year, and
the renewal chain against its 3 years. Plain SVG (no script), so it prints and needs no JavaScript;
every mark carries a <title> that browsers show on hover and screen readers read."""

from datetime import date, timedelta

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from contractmgr.domain.periods import Period, anniversary
from contractmgr.domain.renewal import ChainStatus

WIDTH = 1000
LABEL_WIDTH = 250
RIGHT_PAD = 96  # room for "至 2027-07-26" after a line that runs past the contract's end
ROW = 18
BAR = 11
COLOURS = {
    "contract": "#9fb3c8",  # shares the contract's year: quiet
    "own_start": "#d98e04",  # starts on its own date: stands out
    "confirmed": "#1d7a46",  # started on its recorded confirmation
    "late_tail": "#9a5b00",  # the part past the contract's end
    "waiting": "#b4232c",  # no period yet
    "band": "#eef3f8",
    "grid": "#d9dee4",
    "ink": "#1f2933",
    "muted": "#6b7785",
    "today": "#b4232c",
}


class Scale:
    """Days to x coordinates over [start, end] (both inclusive: a one-day period has a width)."""

    def __init__(self, start: date, end: date, x0: float, x1: float):
        self.start, self.end, self.x0, self.x1 = start, end, x0, x1
        self.per_day = (x1 - x0) / ((end - start).days + 1)

    def x(self, day: date) -> float:
        return round(self.x0 + (day - self.start).days * self.per_day, 1)

    def x_after(self, day: date) -> float:
        """The right edge of `day`."""
        return round(self.x(day) + self.per_day, 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_starts(start: date, end: date) -> list[date]:
    day = date(start.year, start.month, 1)
    months = []
    while day <= end:
        if day >= start:
            months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _text(x, y, content, *, size=11, anchor="start", fill=COLOURS["ink"], weight="normal", extra="") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}" {extra}>{escape(content)}</text>'
    )


def _month_axis(scale: Scale, top: float, bottom: float) -> list[str]:
    months = _month_starts(scale.start, scale.end)
    step = 1 if len(months) <= 16 else 2 if len(months) <= 30 else 3
    parts = []
    for index, month in enumerate(months):
        x = scale.x(month)
        parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{COLOURS["grid"]}" stroke-width="1"/>')
        if index % step == 0:
            label = f"{month.year}-{month.month:02d}" if month.month == 1 or index == 0 else format_date(month, "MMM")
            parts.append(_text(x + 3, top - 4, label, size=10, fill=COLOURS["muted"]))
    return parts


def _today(scale: Scale, today: date, top: float, bottom: float, size: int = 10) -> list[str]:
    if not scale.contains(today):
        return []
    x = scale.x(today) + scale.per_day / 2
    return [
        f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{COLOURS["today"]}" stroke-width="1.5" '
        f'stroke-dasharray="4 3"/>',
        _text(
            x,
            bottom + size + 2,
            _("今天 %(day)s", day=today.isoformat()),
            size=size,
            anchor="middle",
            fill=COLOURS["today"],
        ),
    ]


def _text_width(content: str, size: float) -> float:
    """About how wide `content` is drawn at font `size`: a Chinese character is a square, a Latin one
    a little over half of it (the legend's English labels are 2–3 times as long in characters)."""
    return sum(size if ord(char) > 0x2E80 else 0.62 * size for char in content)


LEGEND_ROW = 18


def _legend(items: list[tuple[str, str]], y: float) -> tuple[list[str], float]:
    """The legend's swatches and labels from the label column on, wrapped to another row where the
    next would pass the chart's right edge; and the y of its last row."""
    parts, x = [], LABEL_WIDTH
    for kind, label in items:
        item_width = 24 + _text_width(label, 11)
        if x > LABEL_WIDTH and x + item_width > WIDTH:
            x, y = LABEL_WIDTH, y + LEGEND_ROW
        if kind == "waiting":
            parts.append(
                f'<rect x="{x}" y="{y - 9}" width="18" height="10" fill="url(#waiting)" '
                f'stroke="{COLOURS["waiting"]}" stroke-dasharray="3 2"/>'
            )
        elif kind == "today":
            parts.append(
                f'<line x1="{x + 9}" y1="{y - 11}" x2="{x + 9}" y2="{y + 2}" stroke="{COLOURS["today"]}" '
                f'stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
        else:
            parts.append(f'<rect x="{x}" y="{y - 9}" width="18" height="10" rx="2" fill="{COLOURS[kind]}"/>')
        parts.append(_text(x + 24, y, label, size=11, extra='class="legend"'))
        x += item_width + 18
    return parts, y


DEFS = (
    f'<defs><pattern id="waiting" width="6" height="6" patternUnits="userSpaceOnUse" '
    f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fdecee"/>'
    f'<line x1="0" y1="0" x2="0" y2="6" stroke="{COLOURS["waiting"]}" stroke-width="2" opacity=".45"/>'
    f"</pattern></defs>"
)


def _svg(height: float, label: str, parts: list[str], width: int = WIDTH) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit">{DEFS}{"".join(parts)}</svg>'
    )


def _short(name: str, limit: int = 17) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def line_timeline(view, today: date) -> Markup:
    """Each line's service period as a bar against the contract year (shaded). Lines that start on
    their own date are amber, their part past the contract's end darker; lines still waiting for a
    confirmation are hatched red across the contract year and say so; today is a dashed red line."""
    contract = Period(view.contract.start_on, view.contract.end_on)
    periods = [lv.period.period for lv in view.lines if lv.period.period is not None]
    start = min([contract.start] + [p.start for p in periods])
    end = max([contract.end] + [p.end for p in periods])
    start, end = (
        date(start.year, start.month, 1),
        (date(end.year + (end.month == 12), end.month % 12 + 1, 1) - timedelta(days=1)),
    )
    scale = Scale(start, end, LABEL_WIDTH, WIDTH - RIGHT_PAD)
    parts, legend_end = _legend(
        [
            ("contract", _("同合同服务期")),
            ("own_start", _("自定起始日")),
            ("late_tail", _("超出合同期满")),
            ("confirmed", _("自确认之日起")),
            ("waiting", _("等待确认")),
            ("today", _("今天")),
        ],
        16,
    )
    top = legend_end + 42
    bottom = top + ROW * max(1, len(view.lines)) + 4
    band_x, band_w = scale.x(contract.start), scale.x_after(contract.end) - scale.x(contract.start)
    band_tip = _("合同服务期 %(start)s — %(end)s", start=contract.start.isoformat(), end=contract.end.isoformat())
    parts.append(
        f'<rect x="{band_x}" y="{top}" width="{round(band_w, 1)}" height="{bottom - top}" '
        f'fill="{COLOURS["band"]}"><title>{escape(band_tip)}</title></rect>'
    )
    parts += _month_axis(scale, top, bottom)
    for edge, x in ((_("合同起"), band_x), (_("合同止"), scale.x_after(contract.end))):
        parts.append(
            f'<line x1="{x}" y1="{top - 14}" x2="{x}" y2="{bottom}" stroke="{COLOURS["ink"]}" stroke-width="1.2"/>'
        )
        parts.append(_text(x, top - 17, edge, size=10, anchor="middle", weight="bold"))
    for index, lv in enumerate(view.lines):
        y = top + 4 + index * ROW
        line, period = lv.line, lv.period
        parts.append(
            f'<a href="#line-{line.seq}">'
            + _text(LABEL_WIDTH - 8, y + BAR - 1, f"{line.seq}. {_short(line.name)}", size=11, anchor="end")
            + "</a>"
        )
        if period.period is None:
            x, w = band_x, band_w
            tip = _("第 %(seq)s 项：等待采购人和使用单位确认运维开始日期", seq=line.seq)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{round(w, 1)}" height="{BAR}" fill="url(#waiting)" '
                f'stroke="{COLOURS["waiting"]}" stroke-dasharray="4 2"><title>{escape(tip)}</title></rect>'
            )
            parts.append(
                _text(x + 6, y + BAR - 2, _("等待确认运维开始日期"), size=10, fill=COLOURS["waiting"], weight="bold")
            )
            continue
        p = period.period
        colour = COLOURS[period.basis] if period.basis in COLOURS else COLOURS["contract"]
        tip = _(
            "第 %(seq)s 项 %(name)s：%(start)s — %(end)s",
            seq=line.seq,
            name=line.name,
            start=p.start.isoformat(),
            end=p.end.isoformat(),
        )
        if period.ends_after_contract:
            tip += " · " + _("晚于合同期满 %(days)s 天", days=period.days_past_contract_end)
        x0, x1 = scale.x(p.start), scale.x_after(p.end)
        parts.append(
            f'<rect x="{x0}" y="{y}" width="{round(x1 - x0, 1)}" height="{BAR}" rx="2" fill="{colour}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if period.ends_after_contract:
            tail = scale.x_after(contract.end)
            parts.append(
                f'<rect x="{tail}" y="{y}" width="{round(x1 - tail, 1)}" height="{BAR}" rx="2" '
                f'fill="{COLOURS["late_tail"]}"><title>{escape(tip)}</title></rect>'
            )
            parts.append(
                _text(
                    x1 + 4,
                    y + BAR - 1,
                    _("至 %(end)s", end=p.end.isoformat()),
                    size=10,
                    fill=COLOURS["late_tail"],
                    weight="bold",
                )
            )
        elif period.basis != "contract":
            parts.append(_text(x0 - 4, y + BAR - 1, p.start.isoformat(), size=10, anchor="end", fill=colour))
    parts += _today(scale, today, top - 6, bottom)
    return _svg(bottom + 18, _("各项目服务期与合同服务期对照"), parts)


def chain_timeline(contracts, status: ChainStatus, current_id: int, today: date) -> Markup:
    """The chain's contracts against its 3 years: each contract a box, the current one in the accent
    colour, what is left under the limit dashed, the limit itself a line with its date."""
    start, limit = status.start, status.limit_end
    end = max(limit, status.latest_end)
    scale = Scale(start, end, 20, WIDTH - 20)
    top, height = 40, 46
    parts = []
    parts += _today(scale, today, top - 8, top + height + 4, size=12)  # drawn first: the boxes cover it
    first_on_file = min(contract.start_on for contract in contracts)
    if first_on_file > start:  # earlier years of the chain, kept outside the system (the 洛阳 seed's 2025 year)
        x0, x1 = scale.x(start), scale.x(first_on_file)
        parts.append(
            f'<rect x="{x0}" y="{top}" width="{round(x1 - x0, 1)}" height="{height}" rx="4" '
            f'fill="url(#waiting)" stroke="{COLOURS["muted"]}" stroke-dasharray="3 3" opacity=".6"/>'
        )
        parts.append(
            _text(
                (x0 + x1) / 2,
                top + height / 2 + 5,
                _("此前年度（未录入系统）"),
                size=13,
                anchor="middle",
                fill=COLOURS["ink"],
            )
        )
    for year in range(1, 10):  # year marks: the anniversaries of the chain's start
        mark = anniversary(start, 12 * year)
        if mark > end:
            break
        x = scale.x(mark)
        parts.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{top + height + 6}" stroke="{COLOURS["grid"]}"/>')
    if status.days_left > 0:
        x0 = scale.x(status.latest_end + timedelta(days=1))
        parts.append(
            f'<rect x="{x0}" y="{top}" width="{round(scale.x_after(limit) - x0, 1)}" height="{height}" rx="4" '
            f'fill="#fff" stroke="{COLOURS["muted"]}" stroke-dasharray="5 4"/>'
        )
        parts.append(
            _text(
                (x0 + scale.x_after(limit)) / 2,
                top + height / 2 + 5,
                _("可续签 %(days)s 天", days=status.days_left),
                size=14,
                anchor="middle",
                fill=COLOURS["muted"],
            )
        )
    for contract in contracts:
        x0, x1 = scale.x(contract.start_on), scale.x_after(contract.end_on)
        current = contract.id == current_id
        fill = COLOURS["today"] if current else "#9fb3c8"
        over = contract.end_on > limit
        tip = _(
            "第 %(year)s 年：%(start)s — %(end)s",
            year=contract.year_in_chain,
            start=contract.start_on.isoformat(),
            end=contract.end_on.isoformat(),
        )
        parts.append(
            f'<a href="{url_for("contracts.show", contract_id=contract.id)}"><rect x="{x0}" y="{top}" width="{round(x1 - x0, 1)}" '
            f'height="{height}" rx="4" fill="{fill}" stroke="#fff" stroke-width="2"'
            f"{' opacity=.9' if not current else ''}><title>{escape(tip)}</title></rect>"
            + _text(
                (x0 + x1) / 2,
                top + 20,
                _("第 %(year)s 年", year=contract.year_in_chain),
                size=15,
                anchor="middle",
                fill="#fff",
                weight="bold",
            )
            + _text(
                (x0 + x1) / 2,
                top + 37,
                f"{contract.start_on.isoformat()} — {contract.end_on.isoformat()}",
                size=12,
                anchor="middle",
                fill="#fff",
            )
            + "</a>"
        )
        if over:
            parts.append(_text(x1, top - 8, _("超出上限"), size=12, anchor="end", fill=COLOURS["waiting"]))
    x_limit = scale.x_after(limit)
    parts.append(
        f'<line x1="{x_limit}" y1="{top - 16}" x2="{x_limit}" y2="{top + height + 8}" '
        f'stroke="{COLOURS["ink"]}" stroke-width="2"/>'
    )
    parts.append(
        _text(
            x_limit,
            top - 22,
            _("%(years)s 年上限 %(day)s", years=status.max_years, day=limit.isoformat()),
            size=13,
            anchor="end",
            weight="bold",
        )
    )
    parts.append(
        _text(scale.x(start), top - 22, _("续签链起始 %(day)s", day=start.isoformat()), size=13, weight="bold")
    )
    return _svg(top + height + 28, _("续签链与 %(years)s 年上限", years=status.max_years), parts)
