"""A generated corpus of procurement documents in the layouts officers bring, one quirk per layout.

Each layout is data (`Doc`): the facts (kind, title, parties, total, period, lots, lines) and the
way this layout prints them (body sentences, the line table's header and cells). `write_corpus`
renders every layout as real files — Word (python-docx), PDF drawn by reportlab with the
STSong-Light CID font, Excel (openpyxl) when it has a table, and PDF printed from the Word file by
LibreOffice when `soffice` is there — and writes beside each file `<file>.truth.json`, the facts
as the same data says them (never typed by hand). `importers.evaluate` reads the corpus back.

Run: .venv/bin/python -m tests.corpus OUTDIR [--no-libreoffice]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from contractmgr.domain.money import to_upper

D = Decimal
CJK_FONT = "STSong-Light"


@dataclass
class Line:
    label: str
    name: str
    amount: Decimal | None = None
    unit: str | None = None
    parent: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    measure: str | None = None
    #: the label of the lot the line belongs to (Lot.label)
    lot: str | None = None


@dataclass
class Lot:
    label: str
    name: str
    budget: Decimal | None = None
    months: int | None = None


@dataclass
class Doc:
    """One layout: the facts, and the paragraphs and table that print them."""

    layout: str
    quirk: str
    kind: str  # tender, contract or award
    title: str
    number: str | None = None
    purchaser: str | None = None
    supplier: str | None = None
    agency: str | None = None
    total: Decimal | None = None
    start: date | None = None
    end: date | None = None
    months: int | None = None
    lots: list[Lot] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None
    #: (first row, first column, last row, last column) of merged table cells, header row = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: truth paths that must carry a warning (a figure the document itself contradicts)
    must_flag: list[str] = field(default_factory=list)

    def truth(self) -> dict[str, Any]:
        return {
            "layout": self.layout,
            "quirk": self.quirk,
            "kind": self.kind,
            "title": self.title,
            "procurement_number": self.number,
            "purchaser": self.purchaser,
            "supplier": self.supplier,
            "agency": self.agency,
            "total_amount": _money(self.total),
            "service_period": None
            if not (self.start or self.end or self.months)
            else {
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "months": self.months,
            },
            "lots": [
                {"label": lot.label, "name": lot.name, "budget": _money(lot.budget), "months": lot.months}
                for lot in self.lots
            ],
            "line_items": [
                {
                    "label": line.label,
                    "parent": line.parent,
                    "unit": line.unit,
                    "name": line.name,
                    "amount": _money(line.amount),
                    "quantity": None if line.quantity is None else format(line.quantity, "f"),
                    "unit_price": _money(line.unit_price),
                    "lot": line.lot,
                }
                for line in self.lines
            ],
            "must_flag": self.must_flag,
        }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(D("0.01")), "f")


# -- how amounts are printed -----------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def plain(amount: Decimal) -> str:
    return format(amount.quantize(D("0.01")), "f")


def comma(amount: Decimal) -> str:
    return f"{amount.quantize(D('0.01')):,}"


def wan(amount: Decimal) -> str:
    """298000 → "29.80", 407140 → "40.714": the figure of a 万元 column, as exact as the amount."""
    figure = amount / 10000
    return f"{figure:.2f}" if figure == figure.quantize(D("0.01")) else format(figure.normalize(), "f")


def upper(amount: Decimal) -> str:
    return to_upper(amount)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# -- the facts the layouts share ---------------------------------------------------------------

PURCHASERS = ["郑州市大数据管理局", "开封市教育局", "新乡市人民医院", "许昌市公安局", "南阳市自然资源和规划局"]
SUPPLIERS = ["河南云帆信息技术有限公司", "郑州智联网络科技有限公司", "中原数码系统集成有限公司"]
AGENCIES = ["河南省中正招标代理有限公司", "洛阳市公共资源交易中心"]
UNITS = ["市政务服务中心", "市档案馆", "市第一中学", "市卫生健康委员会", "市住房保障中心"]
SYSTEMS = [
    "电子政务外网运维",
    "数据中心机房运维",
    "视频会议系统运维",
    "办公自动化系统运维",
    "网络安全设备运维",
    "门户网站运维",
]


def simple_lines(amounts: list[str], with_units: bool = True) -> list[Line]:
    return [
        Line(
            label=str(index),
            name=SYSTEMS[(index - 1) % len(SYSTEMS)],
            amount=D(amount),
            unit=UNITS[(index - 1) % len(UNITS)] if with_units else None,
        )
        for index, amount in enumerate(amounts, start=1)
    ]


def total_of(lines: list[Line]) -> Decimal:
    return sum((line.amount for line in lines if line.amount is not None and line.parent is None), D(0))


def head(doc: Doc, heading: str, *, title_label: str = "项目名称", number_label: str = "项目编号") -> list[str]:
    out = [heading, f"{title_label}：{doc.title}"]
    if doc.number:
        out.append(f"{number_label}：{doc.number}")
    return out


def table_of(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    return [header, *rows]


def line_rows(lines: list[Line], columns: list[str], money: Callable[[Decimal], str] = plain) -> list[list[str]]:
    """The table rows of `lines`: `columns` name what each column holds (label, unit, name, amount …)."""
    rows = []
    for line in lines:
        cells = {
            "label": line.label,
            "unit": line.unit or "",
            "name": line.name,
            "amount": "" if line.amount is None else money(line.amount),
            "quantity": "" if line.quantity is None else format(line.quantity.normalize(), "f"),
            "unit_price": "" if line.unit_price is None else money(line.unit_price),
            "measure": line.measure or "",
            "lot": line.lot or "",
            "term": "1年",
            "content": f"负责{line.name.removesuffix('运维')}的日常巡检、故障处理和安全加固。",
        }
        rows.append([cells[column] for column in columns])
    return rows


# -- the layouts ---------------------------------------------------------------------------------

START, END = date(2024, 1, 1), date(2024, 12, 31)
LAYOUTS: list[Callable[[], Doc]] = []


def layout(function: Callable[[], Doc]) -> Callable[[], Doc]:
    LAYOUTS.append(function)
    return function


def _contract(doc: Doc, heading: str = "政府采购合同（服务类）") -> list[str]:
    return [
        *head(doc, heading),
        f"采购人（甲方）：{doc.purchaser}",
        f"供应商（乙方）：{doc.supplier}",
        f"服务期限：自{cn_date(doc.start)}起至{cn_date(doc.end)}止。" if doc.start and doc.end else "",
        f"合同总金额：人民币{plain(doc.total)}元（大写：{upper(doc.total)}）。" if doc.total is not None else "",
    ]


@layout
def header_item_no_and_line_price() -> Doc:
    lines = simple_lines(["186000.00", "94500.00", "250000.00", "68000.00"])
    doc = Doc(
        "header_item_no_and_line_price",
        "项号/项目名称/使用单位/合价 headers",
        "contract",
        "开封市教育局2024年教育信息化运维服务项目",
        "KFCG-2024-0318",
        PURCHASERS[1],
        SUPPLIERS[0],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    doc.table = table_of(
        ["项号", "项目名称", "使用单位", "合价"], line_rows(lines, ["label", "name", "unit", "amount"])
    )
    return doc


@layout
def header_subject_and_total_price() -> Doc:
    lines = simple_lines(["320000.00", "155000.00", "87600.00"])
    doc = Doc(
        "header_subject_and_total_price",
        "编号/标的名称/需求单位/总价 headers in a tender",
        "tender",
        "新乡市人民医院信息系统运维服务采购项目",
        "XXZFCG-2024-112",
        PURCHASERS[2],
        total=total_of(lines),
        months=12,
        lines=lines,
    )
    doc.paragraphs = [
        *head(doc, "新乡市人民医院信息系统运维服务采购项目 招标文件"),
        f"采购人：{doc.purchaser}",
        "服务期：12个月",
        f"预算金额：{plain(doc.total)}元",
    ]
    doc.table = table_of(
        ["编号", "标的名称", "需求单位", "总价"], line_rows(lines, ["label", "name", "unit", "amount"])
    )
    return doc


@layout
def header_service_name_and_bid() -> Doc:
    lines = simple_lines(["45000.00", "38000.00", "61000.00", "29000.00", "17500.00"])
    doc = Doc(
        "header_service_name_and_bid",
        "序号/服务名称/采购单位/报价 headers",
        "contract",
        "许昌市公安局网络运维服务项目",
        "XCGA-2024-007",
        PURCHASERS[3],
        SUPPLIERS[1],
        total=total_of(lines),
        start=date(2024, 3, 1),
        end=date(2025, 2, 28),
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc, "许昌市公安局网络运维服务合同书")
    doc.table = table_of(
        ["序号", "服务名称", "采购单位", "报价"], line_rows(lines, ["label", "name", "unit", "amount"])
    )
    return doc


@layout
def header_system_name_amount_yuan() -> Doc:
    lines = simple_lines(["128000.00", "96000.00", "54000.00"])
    doc = Doc(
        "header_system_name_amount_yuan",
        "系统名称/服务单位/金额（元） headers",
        "contract",
        "郑州市政务信息系统运维项目",
        "ZZDSJ-2024-021",
        PURCHASERS[0],
        SUPPLIERS[2],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    doc.table = table_of(
        ["序号", "服务单位", "系统名称", "运维内容", "金额（元）"],
        line_rows(lines, ["label", "unit", "name", "content", "amount"]),
    )
    return doc


def _priced(specs: list[tuple[str, str, str, str]]) -> list[Line]:
    """Lines from (name, measure, quantity, unit price): amount = quantity × unit price."""
    return [
        Line(str(i), name, D(qty) * D(price), None, None, D(qty), D(price), measure)
        for i, (name, measure, qty, price) in enumerate(specs, start=1)
    ]


@layout
def unit_price_quantity_amount() -> Doc:
    lines = _priced(
        [
            ("服务器硬件维保", "台", "12", "3500.00"),
            ("核心交换机维保", "台", "4", "8800.00"),
            ("机房精密空调维保", "套", "2", "12500.00"),
            ("驻场运维服务", "年", "1", "180000.00"),
        ]
    )
    doc = Doc(
        "unit_price_quantity_amount",
        "单价 + 数量 + 金额 columns: the unit price is not the line amount",
        "contract",
        "南阳市自然资源和规划局机房设备维保服务项目",
        "NYZRZY-2024-045",
        PURCHASERS[4],
        SUPPLIERS[0],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc, "机房设备维保服务合同书")
    doc.table = table_of(
        ["序号", "服务内容", "计量单位", "数量", "综合单价（元）", "金额（元）"],
        line_rows(lines, ["label", "name", "measure", "quantity", "unit_price", "amount"]),
    )
    return doc


@layout
def unit_price_times_quantity_disagrees() -> Doc:
    lines = _priced(
        [
            ("绿化养护", "㎡", "5200", "6.50"),
            ("乔木修剪", "株", "340", "45.00"),
            ("草坪补植", "㎡", "800", "18.00"),
        ]
    )
    lines[1].amount = D("15800.00")  # the printed amount: 340 × 45.00 = 15300.00
    doc = Doc(
        "unit_price_times_quantity_disagrees",
        "数量 × 单价 ≠ 金额 on one row",
        "contract",
        "郑州市政务服务中心园区绿化养护项目",
        "ZZZW-2024-016",
        PURCHASERS[0],
        SUPPLIERS[1],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
        must_flag=["line_items/1/amount"],
    )
    doc.paragraphs = _contract(doc, "园区绿化养护服务协议书")
    doc.table = table_of(
        ["序号", "服务内容", "计量单位", "工程量", "单价", "合价"],
        line_rows(lines, ["label", "name", "measure", "quantity", "unit_price", "amount"]),
    )
    return doc


@layout
def amounts_in_wan_header() -> Doc:
    lines = simple_lines(["298000.00", "1250000.00", "86000.00"])
    doc = Doc(
        "amounts_in_wan_header",
        "金额（万元） column: 29.80 means 298,000.00 元",
        "tender",
        "开封市智慧教育平台运维服务项目",
        "KFJY-2024-033",
        PURCHASERS[1],
        total=total_of(lines),
        months=12,
        lines=lines,
    )
    doc.paragraphs = [
        *head(doc, "开封市智慧教育平台运维服务项目 竞争性谈判文件"),
        f"采购人：{doc.purchaser}",
        "服务期：一年",
    ]
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "金额（万元）"],
        [*line_rows(lines, ["label", "unit", "name", "amount"], wan), ["合计", "", "", wan(total_of(lines))]],
    )
    return doc


@layout
def amounts_in_wan_cells() -> Doc:
    lines = simple_lines(["407140.00", "156000.00", "38500.00"])
    doc = Doc(
        "amounts_in_wan_cells",
        "cells such as 「40.714万元」",
        "contract",
        "新乡市卫生健康信息平台运维项目",
        "XXWJ-2024-009",
        PURCHASERS[2],
        SUPPLIERS[2],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "运维资金"],
        line_rows(lines, ["label", "unit", "name", "amount"], lambda amount: f"{wan(amount)}万元"),
    )
    return doc


@layout
def fullwidth_yen_amounts() -> Doc:
    lines = simple_lines(["298000.00", "45600.50", "120000.00"])
    doc = Doc(
        "fullwidth_yen_amounts",
        "￥ and full-width digits with thousands separators in cells",
        "contract",
        "许昌市公安局视频专网运维项目",
        "XCGA-2024-019",
        PURCHASERS[3],
        SUPPLIERS[0],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "金额"],
        line_rows(
            lines, ["label", "unit", "name", "amount"], lambda amount: "￥" + comma(amount).translate(_FULL_WIDTH)
        ),
    )
    return doc


@layout
def rmb_thousands_amounts() -> Doc:
    lines = simple_lines(["1234567.89", "765432.11"])
    doc = Doc(
        "rmb_thousands_amounts",
        "「人民币1,234,567.89元」 in cells",
        "contract",
        "南阳市不动产登记系统运维项目",
        "NYZRZY-2024-077",
        PURCHASERS[4],
        SUPPLIERS[1],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "小计"],
        line_rows(lines, ["label", "unit", "name", "amount"], lambda amount: f"人民币{comma(amount)}元"),
    )
    return doc


@layout
def hierarchical_table() -> Doc:
    spec = [
        ("一", "基础设施运维", None, "420000.00"),
        ("1", "机房运维", "一", "260000.00"),
        ("1.1", "机房动力环境运维", "1", "150000.00"),
        ("1.2", "机房消防系统运维", "1", "110000.00"),
        ("2", "网络运维", "一", "160000.00"),
        ("二", "应用系统运维", None, "230000.00"),
        ("1", "门户网站运维", "二", "90000.00"),
        ("2", "办公自动化系统运维", "二", "140000.00"),
    ]
    lines = [Line(label, name, D(amount), UNITS[0], parent) for label, name, parent, amount in spec]
    doc = Doc(
        "hierarchical_table",
        "一/1/1.1/1.2/2/二 rows with 小计 and 合计",
        "contract",
        "郑州市政务服务中心信息化运维项目",
        "ZZZW-2024-002",
        PURCHASERS[0],
        SUPPLIERS[2],
        total=D("650000.00"),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    rows = [[line.label, line.name, line.unit or "", plain(line.amount or D(0))] for line in lines]
    rows.insert(5, ["", "小计", "", "420000.00"])
    rows.append(["", "小计", "", "230000.00"])
    rows.append(["合计", "", "", plain(doc.total or D(0))])
    doc.table = table_of(["序号", "运维项目", "服务单位", "金额（元）"], rows)
    return doc


@layout
def total_row_lower_and_upper() -> Doc:
    lines = simple_lines(["78000.00", "56000.00", "43500.00"])
    total = total_of(lines)
    doc = Doc(
        "total_row_lower_and_upper",
        "a merged row 「合计金额小写：…元 大写：…」",
        "contract",
        "开封市档案馆数字档案系统运维项目",
        "KFDA-2024-004",
        PURCHASERS[1],
        SUPPLIERS[0],
        total=total,
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = [line for line in _contract(doc) if not line.startswith("合同总金额")]
    rows = line_rows(lines, ["label", "unit", "name", "amount"])
    rows.append([f"合计金额小写：{plain(total)}元  大写：{upper(total)}", "", "", ""])
    doc.table = table_of(["序号", "服务单位", "运维项目", "金额"], rows)
    doc.merges = [(len(rows), 0, len(rows), 3)]
    return doc


@layout
def contract_total_sentence() -> Doc:
    lines = simple_lines(["210000.00", "118000.00"])
    total = total_of(lines)
    doc = Doc(
        "contract_total_sentence",
        "「合同总价：人民币…元（大写：…）」",
        "contract",
        "新乡市人民医院网络安全运维项目",
        "XXRY-2024-031",
        PURCHASERS[2],
        SUPPLIERS[1],
        total=total,
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = [line for line in _contract(doc) if not line.startswith("合同总金额")]
    doc.paragraphs.append(f"合同总价：人民币{comma(total)}元（大写：{upper(total)}）")
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "金额"], line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return doc


@layout
def total_only_in_upper() -> Doc:
    lines = simple_lines(["66000.00", "34000.00"])
    total = total_of(lines)
    doc = Doc(
        "total_only_in_upper",
        "the total only in 大写",
        "contract",
        "许昌市公安局门户网站运维项目",
        "XCGA-2024-052",
        PURCHASERS[3],
        SUPPLIERS[2],
        total=total,
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = [line for line in _contract(doc) if not line.startswith("合同总金额")]
    doc.paragraphs.append(f"本合同总价款为人民币{upper(total)}。")
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "金额"], line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return doc


@layout
def agency_and_its_fee() -> Doc:
    lines = simple_lines(["150000.00", "90000.00"])
    total = total_of(lines)
    doc = Doc(
        "agency_and_its_fee",
        "采购代理机构 and 招标代理服务费 are not the purchaser or the amount",
        "tender",
        "南阳市自然资源数据中心运维服务项目",
        "NYZB-2024-066",
        PURCHASERS[4],
        agency=AGENCIES[0],
        total=total,
        months=12,
        lines=lines,
    )
    doc.paragraphs = [
        *head(doc, "南阳市自然资源数据中心运维服务项目 招标文件"),
        f"采购代理机构：{doc.agency}",
        "招标代理服务费：人民币3600.00元，由中标人支付。",
        f"采购人：{doc.purchaser}",
        "服务期：12个月",
        f"预算金额：{plain(total)}元",
    ]
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "预算金额（元）"], line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return doc


@layout
def award_notice_without_table() -> Doc:
    doc = Doc(
        "award_notice_without_table",
        "中标（成交）结果公告 without a line table, amount in 万元 prose",
        "award",
        "郑州市大数据管理局政务云运维服务项目",
        "ZZDSJ-2024-088",
        PURCHASERS[0],
        SUPPLIERS[0],
        agency=AGENCIES[1],
        total=D("4071400.00"),
        months=12,
    )
    doc.paragraphs = [
        "郑州市大数据管理局政务云运维服务项目中标（成交）结果公告",
        f"一、项目编号：{doc.number}",
        f"二、项目名称：{doc.title}",
        "三、中标（成交）信息",
        f"中标人：{doc.supplier}",
        "中标金额：407.14万元",
        "服务期：12个月",
        f"四、采购人：{doc.purchaser}",
        f"集中采购机构：{doc.agency}",
    ]
    return doc


@layout
def deal_notice_fullwidth_brackets() -> Doc:
    doc = Doc(
        "deal_notice_fullwidth_brackets",
        "成交公告 with 成交供应商 and half-width brackets and colons",
        "award",
        "开封市教育局校园网运维服务项目",
        "KFJY-2024-051",
        PURCHASERS[1],
        SUPPLIERS[2],
        agency=AGENCIES[0],
        total=D("298000.00"),
        months=12,
    )
    doc.paragraphs = [
        "开封市教育局校园网运维服务项目成交公告",
        f"项目编号:{doc.number}",
        f"项目名称:{doc.title}",
        f"成交供应商(乙方):{doc.supplier}",
        "成交金额:人民币29.80万元",
        "服务期限:1年",
        f"采购人(甲方):{doc.purchaser}",
        f"采购代理机构:{doc.agency}",
        "代理费:人民币4470.00元",
    ]
    return doc


@layout
def consultation_requirements_table() -> Doc:
    lines = simple_lines(["56000.00", "47000.00", "39000.00"])
    doc = Doc(
        "consultation_requirements_table",
        "竞争性磋商文件 with a 服务需求一览表",
        "tender",
        "新乡市人民医院信息安全等级保护测评运维项目",
        "XXRY-CS-2024-014",
        PURCHASERS[2],
        months=12,
        lines=lines,
    )
    doc.paragraphs = [
        *head(doc, "竞争性磋商文件"),
        f"采购人：{doc.purchaser}",
        "服务期：12个月",
        "服务需求一览表",
    ]
    doc.table = table_of(
        ["序号", "服务内容", "需求单位", "预算金额（元）"], line_rows(lines, ["label", "name", "unit", "amount"])
    )
    return doc


@layout
def enquiry_notice() -> Doc:
    lines = simple_lines(["18000.00", "26000.00"])
    doc = Doc(
        "enquiry_notice",
        "询价通知书",
        "tender",
        "许昌市公安局打印设备运维服务项目",
        "XCGA-XJ-2024-003",
        PURCHASERS[3],
        months=12,
        lines=lines,
    )
    doc.paragraphs = [*head(doc, "询价通知书"), f"采购单位：{doc.purchaser}", "服务期：12个月"]
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "最高限价（元）"], line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return doc


@layout
def renewal_contract() -> Doc:
    lines = simple_lines(["99000.00", "51000.00"])
    doc = Doc(
        "renewal_contract",
        "续签合同 with 甲方/乙方 labels",
        "contract",
        "南阳市自然资源和规划局信息系统运维续签项目",
        "NYZRZY-2024-101",
        PURCHASERS[4],
        SUPPLIERS[1],
        total=total_of(lines),
        start=date(2023, 10, 21),
        end=date(2024, 7, 20),
        months=9,
        lines=lines,
    )
    doc.paragraphs = [
        "信息系统运维服务续签合同",
        f"项目名称：{doc.title}",
        f"项目编号：{doc.number}",
        f"甲方：{doc.purchaser}",
        f"乙方：{doc.supplier}",
        "服务期限：2023年10月21日至2024年7月20日止。",
        f"合同总金额：{plain(doc.total or D(0))}元（大写：{upper(doc.total or D(0))}）。",
    ]
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "金额"], line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return doc


@layout
def period_from_signing() -> Doc:
    lines = simple_lines(["72000.00", "48000.00"])
    doc = Doc(
        "period_from_signing",
        "「自合同签订之日起一年」",
        "contract",
        "开封市档案馆机房运维项目",
        "KFDA-2024-012",
        PURCHASERS[1],
        SUPPLIERS[2],
        total=total_of(lines),
        months=12,
        lines=lines,
    )
    doc.paragraphs = [
        *head(doc, "合同书"),
        f"采购人（甲方）：{doc.purchaser}",
        f"供应商（乙方）：{doc.supplier}",
        "服务期限：自合同签订之日起一年。",
        f"合同总金额：人民币{plain(doc.total or D(0))}元（大写：{upper(doc.total or D(0))}）。",
    ]
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "金额"], line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return doc


@layout
def lots_in_a_table() -> Doc:
    lots = [
        Lot("1", "政务外网运维", D("1200000.00"), 8),
        Lot("2", "数据中心运维", D("860000.00"), 8),
    ]
    doc = Doc(
        "lots_in_a_table",
        "包号/最高限价 lots table with 「8个月（2024年9月至2025年4月）」",
        "tender",
        "郑州市大数据管理局2024年运维服务项目",
        "ZZDSJ-2024-099",
        PURCHASERS[0],
        total=D("2060000.00"),
        start=date(2024, 9, 1),
        end=date(2025, 4, 30),
        months=8,
        lots=lots,
    )
    doc.paragraphs = [*head(doc, "招标文件"), f"采购人：{doc.purchaser}", f"预算金额：{plain(doc.total or D(0))}元"]
    doc.table = table_of(
        ["包号", "包名称", "最高限价（元）", "服务期"],
        [[lot.label, lot.name, plain(lot.budget or D(0)), "8个月（2024年9月至2025年4月）"] for lot in lots],
    )
    return doc


@layout
def lots_in_prose() -> Doc:
    lots = [
        Lot("1", "校园网络运维", D("350000.00"), 12),
        Lot("2", "多媒体教室设备运维", D("180000.00"), 12),
    ]
    doc = Doc(
        "lots_in_prose",
        "第一包/第二包 in prose with 预算金额 in 大写",
        "tender",
        "开封市教育局2024年校园信息化运维项目",
        "KFJY-2024-071",
        PURCHASERS[1],
        total=D("530000.00"),
        months=12,
        lots=lots,
    )
    doc.paragraphs = [
        *head(doc, "竞争性磋商文件"),
        f"采购人：{doc.purchaser}",
        "服务期：1年",
        *(
            f"第{'一二'[index]}包：{lot.name}，预算金额：人民币{upper(lot.budget or D(0))}（¥{plain(lot.budget or D(0))}）。"
            for index, lot in enumerate(lots)
        ),
    ]
    return doc


def _lot_lines(amounts: dict[str, list[str]]) -> list[Line]:
    """Lines numbered 1, 2 … across the lots, each lot's amounts in order."""
    lines = []
    for lot, figures in amounts.items():
        for amount in figures:
            index = len(lines)
            lines.append(
                Line(str(index + 1), SYSTEMS[index % len(SYSTEMS)], D(amount), UNITS[index % len(UNITS)], lot=lot)
            )
    return lines


def _lot_header_rows(doc: Doc) -> list[list[str]]:
    """The line table of a tender in lots: a row 「第一包 | 名称 | | 最高限价」 above each lot's lines."""
    rows = []
    for index, lot in enumerate(doc.lots):
        rows.append([f"第{'一二三'[index]}包", lot.name, "", plain(lot.budget or D(0))])
        rows += line_rows([line for line in doc.lines if line.lot == lot.label], ["label", "name", "unit", "amount"])
    return rows


def _tender_with_lot_rows(doc: Doc) -> Doc:
    doc.paragraphs = [*head(doc, "招标文件"), f"采购人：{doc.purchaser}", f"预算金额：{plain(doc.total or D(0))}元"]
    doc.table = table_of(["序号", "项目名称", "服务单位", "最高限价（元）"], _lot_header_rows(doc))
    return doc


@layout
def lot_rows_in_line_table() -> Doc:
    lots = [Lot("1", "政务外网运维", D("500000.00")), Lot("2", "数据中心运维", D("300000.00"))]
    lines = _lot_lines({"1": ["180000.00", "320000.00"], "2": ["120000.00", "95000.00", "85000.00"]})
    return _tender_with_lot_rows(
        Doc(
            "lot_rows_in_line_table",
            "a 第一包 row (its name and 最高限价) above each lot's lines in one table",
            "tender",
            "南阳市大数据中心2024年运维服务项目",
            "NYDSJ-2024-015",
            PURCHASERS[4],
            total=D("800000.00"),
            lots=lots,
            lines=lines,
        )
    )


@layout
def lot_rows_over_ceiling() -> Doc:
    lots = [Lot("1", "视频会议系统运维", D("200000.00")), Lot("2", "门户网站运维", D("150000.00"))]
    lines = _lot_lines({"1": ["120000.00", "95000.00"], "2": ["80000.00", "55000.00"]})
    return _tender_with_lot_rows(
        Doc(
            "lot_rows_over_ceiling",
            "the lines of 第一包 add up to more than its 最高限价 (by 15,000.00), 第二包's less: flagged",
            "tender",
            "许昌市政务服务中心2024年运维项目",
            "XCZW-2024-033",
            PURCHASERS[3],
            total=D("350000.00"),
            lots=lots,
            lines=lines,
            must_flag=["lots/0/budget"],
        )
    )


@layout
def lot_column_in_line_table() -> Doc:
    lots = [Lot("1", "网络安全设备运维", D("260000.00"), 12), Lot("2", "办公自动化系统运维", D("140000.00"), 12)]
    lines = _lot_lines({"1": ["160000.00", "100000.00"], "2": ["90000.00", "50000.00"]})
    doc = Doc(
        "lot_column_in_line_table",
        "a 包号 column beside 序号 in the line table; the lots in prose",
        "tender",
        "开封市政务服务和大数据管理局2024年运维项目",
        "KFDSJ-2024-052",
        PURCHASERS[1],
        total=D("400000.00"),
        months=12,
        lots=lots,
        lines=lines,
    )
    doc.paragraphs = [
        *head(doc, "竞争性磋商文件"),
        f"采购人：{doc.purchaser}",
        "服务期：1年",
        *(
            f"第{'一二'[index]}包：{lot.name}，预算金额：¥{plain(lot.budget or D(0))}。"
            for index, lot in enumerate(lots)
        ),
    ]
    doc.table = table_of(
        ["序号", "包号", "项目名称", "服务单位", "预算金额（元）"],
        line_rows(lines, ["label", "lot", "name", "unit", "amount"]),
    )
    return doc


@layout
def contract_annex_separate() -> Doc:
    doc = Doc(
        "contract_annex_separate",
        "a contract whose annex is a separate file: no line table",
        "contract",
        "许昌市公安局指挥中心运维项目",
        "XCGA-2024-090",
        PURCHASERS[3],
        SUPPLIERS[0],
        total=D("560000.00"),
        start=START,
        end=END,
        months=12,
    )
    doc.paragraphs = [*_contract(doc), "运维项目清单详见附件（另附）。"]
    return doc


@layout
def measure_units_column() -> Doc:
    lines = _priced(
        [
            ("网络设备巡检", "项", "1", "36000.00"),
            ("终端维护", "台", "150", "120.00"),
            ("安全设备维保", "套", "3", "9000.00"),
        ]
    )
    for line in lines:
        line.unit = UNITS[3]
    doc = Doc(
        "measure_units_column",
        "a 单位 column of 项/台/套 next to the 服务单位 column",
        "contract",
        "新乡市卫生健康委员会终端运维项目",
        "XXWJ-2024-027",
        PURCHASERS[2],
        SUPPLIERS[1],
        total=total_of(lines),
        start=START,
        end=END,
        months=12,
        lines=lines,
    )
    doc.paragraphs = _contract(doc)
    doc.table = table_of(
        ["序号", "服务单位", "运维项目", "单位", "数量", "单价", "金额"],
        line_rows(lines, ["label", "unit", "name", "measure", "quantity", "unit_price", "amount"]),
    )
    return doc


def documents() -> list[Doc]:
    return [make() for make in LAYOUTS]


# -- rendering -----------------------------------------------------------------------------------


def write_docx(doc: Doc, path: Path) -> Path:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    paragraphs = [text for text in doc.paragraphs if text]
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if doc.table:
        table = document.add_table(rows=len(doc.table), cols=len(doc.table[0]))
        table.style = "Table Grid"
        for row, cells in zip(table.rows, doc.table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        for r0, c0, r1, c1 in doc.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
            table.cell(r0, c0).text = doc.table[r0][c0]
    document.save(str(path))
    return path


def write_pdf(doc: Doc, path: Path, *, ruled: bool = True) -> Path:
    """The layout as a PDF drawn by reportlab; `ruled=False` prints its table without any ruling line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    body = ParagraphStyle("body", fontName=CJK_FONT, fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=4)
    heading = ParagraphStyle("heading", parent=body, fontSize=15, leading=22, spaceAfter=10)
    cell = ParagraphStyle("cell", fontName=CJK_FONT, fontSize=9, leading=12, wordWrap="CJK")
    paragraphs = [text for text in doc.paragraphs if text]
    story: list[Any] = [Paragraph(escape(paragraphs[0]), heading)]
    story += [Paragraph(escape(text), body) for text in paragraphs[1:]]
    if doc.table:
        data = [[Paragraph(escape(text), cell) for text in row] for row in doc.table]
        width = (A4[0] - 72) / len(doc.table[0])
        style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in doc.merges]
        story.append(Table(data, colWidths=[width] * len(doc.table[0]), style=TableStyle(style), repeatRows=1))
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=36, rightMargin=36).build(story)
    return path


def write_xlsx(doc: Doc, path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "清单"
    paragraphs = [text for text in doc.paragraphs if text]
    for number, text in enumerate(paragraphs, start=1):
        sheet.cell(row=number, column=1, value=text)
    first = len(paragraphs) + 2  # a blank row, then the table
    for offset, row in enumerate(doc.table or []):
        for column, text in enumerate(row, start=1):
            sheet.cell(row=first + offset, column=column, value=text)
    for r0, c0, r1, c1 in doc.merges:
        sheet.merge_cells(start_row=first + r0, start_column=c0 + 1, end_row=first + r1, end_column=c1 + 1)
    workbook.save(str(path))
    return path


def _write_truth(doc: Doc, path: Path, producer: str) -> None:
    truth = doc.truth() | {"producer": producer}
    path.with_name(path.name + ".truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def libreoffice_available() -> bool:
    return shutil.which("soffice") is not None


def write_corpus(out: Path, *, libreoffice: bool | None = None) -> list[Path]:
    """Every layout as files in `out`, each with its truth file; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    docx_files: list[tuple[Doc, Path]] = []
    for doc in documents():
        word = write_docx(doc, out / f"{doc.layout}.docx")
        docx_files.append((doc, word))
        _write_truth(doc, word, "python-docx")
        pdf = write_pdf(doc, out / f"{doc.layout}.reportlab.pdf")
        _write_truth(doc, pdf, "reportlab")
        written += [word, pdf]
        if doc.table:
            sheet = write_xlsx(doc, out / f"{doc.layout}.xlsx")
            _write_truth(doc, sheet, "openpyxl")
            written.append(sheet)
    if libreoffice is None:
        libreoffice = libreoffice_available()
    if libreoffice:
        written += print_with_libreoffice(docx_files, out)
    return written


def print_with_libreoffice(docx_files: list[tuple[Doc, Path]], out: Path) -> list[Path]:
    """Each Word file printed to PDF by LibreOffice, in one soffice run."""
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{Path(work) / 'profile'}",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                *(str(path) for _, path in docx_files),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        written = []
        for doc, word in docx_files:
            target = out / f"{doc.layout}.libreoffice.pdf"
            shutil.move(str(Path(work) / f"{word.stem}.pdf"), target)
            _write_truth(doc, target, "libreoffice")
            written.append(target)
    return written
