"""Which lot each line belongs to: a lot row above its lines, a 包号 column, a Word table per lot after
its heading; a list of lots in prose before one table gives its lines no lot (not the last one named)."""

from decimal import Decimal
from pathlib import Path

import docx

from importers import parse_file


def _docx(path: Path, blocks: list) -> Path:
    """A Word file of paragraphs (str) and tables (lists of rows)."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for row, cells in zip(table.rows, block, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.save(str(path))
    return path


HEADER = ["序号", "项目名称", "服务单位", "预算金额（元）"]


def test_a_table_per_lot_after_its_heading_gives_each_line_its_lot(tmp_path):
    path = _docx(
        tmp_path / "per_lot.docx",
        [
            "招标文件",
            "项目名称：洛阳市2024年政务运维项目",
            "第一包：政务外网运维（最高限价：300000.00元）",
            [HEADER, ["1", "外网巡检", "市政务服务中心", "120000.00"], ["2", "外网安全", "市档案馆", "150000.00"]],
            "第二包：数据中心运维",
            [HEADER, ["1", "机房运维", "市大数据中心", "90000.00"]],
        ],
    )
    document = parse_file(path)
    assert [(lot.label, lot.name, lot.budget) for lot in document.lots] == [
        ("1", "政务外网运维", Decimal("300000.00")),
        ("2", "数据中心运维", None),
    ]
    assert [(line.name, line.lot) for line in document.line_items] == [
        ("外网巡检", "1"),
        ("外网安全", "1"),
        ("机房运维", "2"),
    ]
    assert "lot_over_budget" not in document.warning_codes()


def test_lots_listed_in_prose_before_one_table_leave_its_lines_without_a_lot(tmp_path):
    path = _docx(
        tmp_path / "prose.docx",
        [
            "招标文件",
            "项目名称：开封市2024年运维项目",
            "第一包：校园网络运维，预算金额：¥200000.00。",
            "第二包：多媒体教室运维，预算金额：¥100000.00。",
            [HEADER, ["1", "网络巡检", "市第一中学", "200000.00"], ["2", "教室设备", "市第二中学", "100000.00"]],
        ],
    )
    document = parse_file(path)
    assert [lot.label for lot in document.lots] == ["1", "2"]
    assert [line.lot for line in document.line_items] == [None, None]


def test_a_lot_whose_lines_pass_its_ceiling_is_flagged_with_the_difference(tmp_path):
    path = _docx(
        tmp_path / "over.docx",
        [
            "招标文件",
            "项目名称：许昌市2024年运维项目",
            [
                HEADER,
                ["第一包", "视频会议运维", "", "100000.00"],
                ["1", "会议室设备", "市政务服务中心", "70000.00"],
                ["2", "会议系统软件", "市政务服务中心", "45000.00"],
            ],
        ],
    )
    document = parse_file(path)
    assert [(lot.label, lot.name, lot.budget) for lot in document.lots] == [("1", "视频会议运维", Decimal("100000.00"))]
    warning = next(w for w in document.warnings if w.code == "lot_over_budget")
    assert warning.params["difference"] == Decimal("15000.00") and warning.target == "lots/0/budget"
    assert "超出该包预算（最高限价）100,000.00元15,000.00元" in warning.message


def test_a_contract_that_names_one_lot_covers_it(tmp_path):
    path = _docx(
        tmp_path / "contract.docx",
        [
            "政府采购合同（服务类）",
            "项目名称：开封市教育局2024年校园信息化运维项目",
            "采购人（甲方）：开封市教育局",
            "供应商（乙方）：河南云帆信息技术有限公司",
            "第二包：多媒体教室设备运维，预算金额：¥180000.00。",
            [HEADER, ["1", "教室设备", "市第二中学", "150000.00"]],
        ],
    )
    document = parse_file(path)
    assert document.kind == "contract" and [lot.label for lot in document.lots] == ["2"]
    assert document.to_payload()["lot"] == "2"
