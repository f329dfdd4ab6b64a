"""The contract annex 《运维项目清单明细》 as a Word file, in the style of the signed contract.

A4 landscape; 附件 and the annex name on top; one table with the columns 序号 · 服务单位 · 运维项目 ·
运维内容及目标 · 服务要求 · 服务期限 · 运维资金（元）, whose header row Word repeats on every page
(w:tblHeader) and whose rows may break across pages (a line's 运维内容 can run longer than a page);
a unit's consecutive lines share one 服务单位 cell (w:vMerge); amounts with two decimals, right
aligned; a 合计 row with the total in figures and in upper-case words (contract 第六条 prints both);
「第 N 页 共 M 页」 in the footer.

Every figure comes from the database through `view_contract` and the domain's `to_upper`. What
the annex writes, our importer (importers.docx) reads back to the same lines and total; the
服务期限 wording below is the one it recognises.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import docx

from contractmgr import clock
from contractmgr.domain.money import to_upper
from contractmgr.exports.docx_style import (
    BODY,
    HEI,
    SONG,
    TABLE,
    TABLE_HEAD,
    TextStyle,
    add_paragraph,
    add_row,
    cn_date,
    figures,
    keep_row_together,
    new_table,
    page_number_footer,
    prepare,
    repeat_as_header,
    to_bytes,
    write_cell,
)
from contractmgr.models import Contract, LineItem
from contractmgr.services.contracts import view_contract

ANNEX_NAME = "运维项目清单明细"

#: (header, width in cm, alignment of the cells): 25.7 cm, the width of landscape A4 within 2 cm margins
COLUMNS = (
    ("序号", 1.2, "center"),
    ("服务单位", 2.4, "center"),
    ("运维项目", 2.8, "left"),
    ("运维内容及目标", 10.0, "left"),
    ("服务要求", 4.8, "left"),
    ("服务期限", 2.2, "center"),
    ("运维资金（元）", 2.3, "right"),
)
UNIT_COLUMN = 1

#: tender 四、服务期: the event that starts some lines
ON_CONFIRMATION = "自签订合同、经采购人和使用单位确认运维开始之日起"

_YEARS_IN_WORDS = {1: "一", 2: "两", 3: "三"}


def term_text(line: LineItem) -> str:
    """The 服务期限 cell: 「1年」, 「1年（服务期自2026年7月27日起）」 for a line with its own start, and
    「自签订合同、经采购人和使用单位确认运维开始之日起一年」 for a line that starts on confirmation
    (with the recorded date once there is one). `importers.text.parse_term` reads each back."""
    months = line.term_months
    if line.start_on_confirmation:
        text = ON_CONFIRMATION + _term_in_words(months)
        if line.confirmed_on:
            text += f"（已于{cn_date(line.confirmed_on)}确认）"
        return text
    text = f"{months // 12}年" if months % 12 == 0 else f"{months}个月"
    if line.start_on:
        text += f"（服务期自{cn_date(line.start_on)}起）"
    return text


def _term_in_words(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{_YEARS_IN_WORDS[years]}年" if not rest and years in _YEARS_IN_WORDS else f"{months}个月"


def unit_runs(lines: list[LineItem]) -> list[tuple[int, int]]:
    """(first, last) indexes of each run of consecutive lines with the same 服务单位; the annex
    merges each run's unit cells into one."""
    runs: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        if runs and lines[runs[-1][0]].unit_id == line.unit_id:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def annex_docx(contract: Contract, today: date | None = None) -> bytes:
    """The annex of `contract` as the bytes of a .docx file."""
    view = view_contract(contract, today or clock.today())
    lines = [line_view.line for line_view in view.lines]
    document = docx.Document()
    prepare(document, landscape=True, body=BODY, title=f"{contract.title} {ANNEX_NAME}", margins_cm=(2.0, 2.0))
    add_paragraph(document, "附件", TextStyle(HEI, "三号"), space_after=6)
    add_paragraph(document, ANNEX_NAME, TextStyle(SONG, "三号", bold=True), align="center", space_after=6)
    add_paragraph(document, f"项目名称：{contract.title}", BODY)
    if contract.filing_number:
        add_paragraph(document, f"政府采购管理部门备案编号：{contract.filing_number}", BODY)
    add_paragraph(document, "", BODY, space_after=3)
    table = new_table(document, [width for _, width, _ in COLUMNS])
    repeat_as_header(add_row(table, [name for name, _, _ in COLUMNS], TABLE_HEAD, aligns=["center"] * len(COLUMNS)))
    aligns = [align for _, _, align in COLUMNS]
    for line in lines:
        add_row(table, _cells(line), TABLE, aligns=aligns)
    _merge_units(table, lines)
    _total_row(table, view.lines_total)
    page_number_footer(document)
    return to_bytes(document)


def _cells(line: LineItem) -> list[str]:
    return [
        str(line.seq),
        line.unit.name,
        line.name,
        line.content or "",
        line.requirements or "",
        term_text(line),
        figures(line.amount) if line.amount is not None else "",
    ]


def _merge_units(table, lines: list[LineItem]) -> None:
    """One 服务单位 cell per run of the same unit (the header is row 0, line i is row i + 1)."""
    for first, last in unit_runs(lines):
        if last == first:
            continue
        top = table.cell(first + 1, UNIT_COLUMN)
        for row in range(first + 2, last + 2):
            write_cell(table.cell(row, UNIT_COLUMN), "", TABLE)  # python-docx would append their text to the top cell
        merged = top.merge(table.cell(last + 1, UNIT_COLUMN))
        write_cell(merged, lines[first].unit.name, TABLE, "center")


def _total_row(table, total: Decimal) -> None:
    """合计 | 大写：… | total: the label over 序号 and 服务单位, the words over the four text columns."""
    row = add_row(table, [""] * len(COLUMNS), TABLE)
    keep_row_together(row)
    label = row.cells[0].merge(row.cells[1])
    words = row.cells[2].merge(row.cells[5])
    write_cell(label, "合计", TABLE_HEAD, "center")
    write_cell(words, f"大写：{to_upper(total)}", TABLE_HEAD, "left")
    write_cell(row.cells[-1], figures(total), TABLE_HEAD, "right")


def annex_filename(contract: Contract) -> str:
    """「<项目名称>-运维项目清单明细.docx」, the name the download offers."""
    return f"{contract.title}-{ANNEX_NAME}.docx"
