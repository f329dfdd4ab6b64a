"""The annex 《运维项目清单明细》 re-opened with python-docx: page, table, merged units, total, fonts."""

from datetime import date
from decimal import Decimal

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from contractmgr.exports.annex_docx import annex_docx, term_text, unit_runs
from contractmgr.extensions import db
from contractmgr.models import LineItem, OrgKind
from contractmgr.services.contracts import organisation
from tests.exports.records import open_docx
from tests.factories import make_contract

HEADER = ["序号", "服务单位", "运维项目", "运维内容及目标", "服务要求", "服务期限", "运维资金（元）"]


def test_the_annex_is_a4_landscape_with_its_title_and_the_contract_named(demo_contract):
    document = open_docx(annex_docx(demo_contract))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:2] == ["附件", "运维项目清单明细"]
    assert f"项目名称：{demo_contract.title}" in paragraphs
    assert "政府采购管理部门备案编号：洛采公开-2026-54" in paragraphs


def test_the_header_row_repeats_on_every_page_and_line_rows_may_break_across_pages(demo_contract):
    (table,) = open_docx(annex_docx(demo_contract)).tables
    header = table.rows[0]
    assert [cell.text for cell in header.cells] == HEADER
    flag = header._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) in ("true", "1", None)
    for row in table.rows[1:-1]:  # a line's row may split; only the short 合计 row is kept together
        trPr = row._tr.trPr
        assert trPr is None or trPr.find(qn("w:cantSplit")) is None
        assert trPr is None or trPr.find(qn("w:tblHeader")) is None


def test_there_is_a_row_per_line_between_the_header_and_the_total(demo_contract):
    (table,) = open_docx(annex_docx(demo_contract)).tables
    assert len(table.rows) == 1 + 40 + 1
    assert [table.rows[i + 1].cells[0].text for i in range(40)] == [str(n) for n in range(1, 41)]
    line_40 = table.rows[40].cells
    assert line_40[2].text == "洛阳市智慧乡村信息系统"
    assert line_40[5].text == "1年（服务期自2026年7月27日起）"
    assert line_40[6].text == "240000.00"
    assert table.rows[35].cells[5].text == "1年（服务期自2026年7月1日起）"
    assert table.rows[1].cells[5].text == "1年"


def test_consecutive_lines_of_a_unit_share_one_merged_unit_cell(demo_contract):
    (table,) = open_docx(annex_docx(demo_contract)).tables
    lines = demo_contract.lines
    runs = [run for run in unit_runs(lines) if run[1] > run[0]]
    assert runs, "the demo contract has units with several consecutive lines"
    for first, last in runs:
        top = table.rows[first + 1]._tr.tc_lst[1]
        assert top.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
        assert "".join(t.text for t in top.iter(qn("w:t"))) == lines[first].unit.name
        for row in range(first + 2, last + 2):
            tc = table.rows[row]._tr.tc_lst[1]
            merge = tc.tcPr.find(qn("w:vMerge"))
            assert merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            assert "".join(t.text or "" for t in tc.iter(qn("w:t"))) == ""
    single = next(first for first, last in unit_runs(lines) if first == last)
    assert table.rows[single + 1]._tr.tc_lst[1].tcPr.find(qn("w:vMerge")) is None


def test_the_total_row_states_the_sum_in_figures_and_in_upper_case_words(demo_contract):
    (table,) = open_docx(annex_docx(demo_contract)).tables
    total = table.rows[-1]
    cells = total._tr.tc_lst
    assert [tc.tcPr.grid_span for tc in cells] == [2, 4, 1]
    texts = ["".join(t.text for t in tc.iter(qn("w:t"))) for tc in cells]
    assert texts == ["合计", "大写：捌佰贰拾柒万壹仟肆佰元整", "8271400.00"]
    assert total._tr.trPr.find(qn("w:cantSplit")) is not None


def test_amounts_have_two_decimals_and_are_aligned_right(app):
    contract = make_contract(total=Decimal("1000.00"), lines=3)
    contract.lines[1].amount = Decimal("333")  # an amount stored without decimals prints two
    db.session.flush()
    (table,) = open_docx(annex_docx(contract)).tables
    amounts = [table.rows[i].cells[6] for i in (1, 2, 3)]
    assert [cell.text for cell in amounts] == ["333.34", "333.00", "333.33"]
    assert all(cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for cell in amounts)
    assert table.rows[-1].cells[-1].text == "999.67"
    assert table.rows[-1].cells[2].text == "大写：玖佰玖拾玖元陆角柒分"


def test_every_run_names_its_east_asian_font_and_its_chinese_point_size(demo_contract):
    document = open_docx(annex_docx(demo_contract))
    (table,) = document.tables
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    fonts = run._element.rPr.rFonts
                    assert fonts.get(qn("w:eastAsia")) == "宋体"
                    assert fonts.get(qn("w:eastAsiaTheme")) is None
                    assert run.font.size == Pt(10.5)  # 五号
    header_runs = [run for cell in table.rows[0].cells for run in cell.paragraphs[0].runs]
    assert all(run.font.bold for run in header_runs)
    title = next(p for p in document.paragraphs if p.text == "运维项目清单明细")
    (run,) = title.runs
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in ("黑体", "宋体")
    assert run.font.bold and run.font.size == Pt(16)  # 三号
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = next(p for p in document.paragraphs if p.text.startswith("项目名称"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert body.runs[0].font.size == Pt(12)  # 小四


def test_the_document_defaults_carry_chinese_fonts_instead_of_theme_fonts(demo_contract):
    document = open_docx(annex_docx(demo_contract))
    fonts = (
        document.styles.element.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:rFonts"))
    )
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert fonts.get(qn("w:eastAsia")) == "仿宋"


def test_the_footer_numbers_the_pages_with_page_fields(demo_contract):
    footer = open_docx(annex_docx(demo_contract)).sections[0].footer
    instructions = [text.text.strip() for text in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.paragraphs[0].text.startswith("第 ")


def test_the_table_fits_the_landscape_page_width(demo_contract):
    document = open_docx(annex_docx(demo_contract))
    section = document.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    (table,) = document.tables
    assert sum(column.width for column in table.columns) <= usable + Cm(0.05)


def test_the_term_says_how_and_when_each_line_starts(app):
    unit = organisation("洛阳市教育局", OrgKind.USER_UNIT)
    assert term_text(LineItem(seq=1, unit=unit, name="a", term_months=12)) == "1年"
    assert term_text(LineItem(seq=2, unit=unit, name="b", term_months=6)) == "6个月"
    own = LineItem(seq=3, unit=unit, name="c", term_months=12, start_on=date(2026, 7, 27))
    assert term_text(own) == "1年（服务期自2026年7月27日起）"
    waiting = LineItem(seq=4, unit=unit, name="d", term_months=12, start_on_confirmation=True)
    assert term_text(waiting) == "自签订合同、经采购人和使用单位确认运维开始之日起一年"
    waiting.confirmed_on = date(2026, 6, 3)
    assert term_text(waiting) == "自签订合同、经采购人和使用单位确认运维开始之日起一年（已于2026年6月3日确认）"


def test_a_contract_with_one_unit_per_line_merges_nothing(app):
    contract = make_contract(lines=3)
    for line, name in zip(contract.lines, ("甲单位", "乙单位", "丙单位"), strict=True):
        line.unit = organisation(name, OrgKind.USER_UNIT)
    db.session.flush()
    (table,) = open_docx(annex_docx(contract)).tables
    assert all(table.rows[i]._tr.tc_lst[1].tcPr.find(qn("w:vMerge")) is None for i in (1, 2, 3))
    assert [table.rows[i].cells[1].text for i in (1, 2, 3)] == ["甲单位", "乙单位", "丙单位"]
