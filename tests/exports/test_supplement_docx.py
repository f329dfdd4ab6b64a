"""The supplementary contract (补充合同): parties, the original contract, each change, totals, the 10% cap."""

from datetime import date
from decimal import Decimal

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from contractmgr.exports.supplement_docx import supplement_docx, supplement_figures
from contractmgr.extensions import db
from tests.exports.records import open_docx, record_supplement
from tests.factories import make_contract


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_the_supplement_names_the_parties_and_the_original_contract(demo_contract):
    demo_contract.signed_on = date(2026, 5, 20)
    supplement = record_supplement(demo_contract, changes=[(3, demo_contract.lines[2].name, Decimal("117000.00"))])
    document = open_docx(supplement_docx(supplement))
    text = _text(document)
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert "补充合同（第1号）" in text
    assert "甲方（采购人）：洛阳市行政审批和政务信息管理局" in text
    assert "乙方（供应商）：洛阳数智科技发展有限公司" in text
    assert "原合同备案编号：洛采公开-2026-54" in text
    assert "原合同签订日期：2026年5月20日" in text
    assert f"甲、乙双方于2026年5月20日签订《{demo_contract.title}》合同" in text
    assert supplement.reason in text


def test_each_changed_line_shows_before_after_and_difference_and_an_added_line_is_marked_new(demo_contract):
    line_3 = demo_contract.lines[2]
    supplement = record_supplement(
        demo_contract,
        changes=[
            (3, line_3.name, line_3.amount + Decimal("50000.00")),
            (None, "教育资源公共服务平台", Decimal("120000.00")),
        ],
    )
    (changes, signatures) = open_docx(supplement_docx(supplement)).tables
    rows = [[cell.text for cell in row.cells] for row in changes.rows]
    assert rows[0] == ["序号", "服务单位", "运维项目", "变更前（元）", "变更后（元）", "增减（元）"]
    assert rows[1] == ["3", line_3.unit.name, line_3.name, "67000.00", "117000.00", "+50000.00"]
    assert rows[2] == ["新增", "洛阳市教育局", "教育资源公共服务平台", "—", "120000.00", "+120000.00"]
    assert rows[3][0] == "合计增减" and rows[3][-1] == "+170000.00"
    assert changes.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in signatures.rows[0].cells] == [
        "甲方（盖章）：洛阳市行政审批和政务信息管理局",
        "乙方（盖章）：洛阳数智科技发展有限公司",
    ]
    assert signatures.rows[2].cells[0].text == "日期：2026年9月1日"


def test_the_new_total_is_stated_in_figures_and_words(demo_contract):
    supplement = record_supplement(demo_contract, changes=[(None, "新增系统", Decimal("170000.00"))])
    text = _text(open_docx(supplement_docx(supplement)))
    assert "本补充合同签订前合同总金额：¥8271400.00元，大写：捌佰贰拾柒万壹仟肆佰元整。" in text
    assert "本补充合同增加服务费用：¥170000.00元，大写：壹拾柒万元整。" in text
    assert "本补充合同签订后合同总金额：¥8441400.00元，大写：捌佰肆拾肆万壹仟肆佰元整。" in text


def test_the_cap_counts_every_supplement_of_the_chain_up_to_this_one_against_the_original_award(app):
    first_year = make_contract(title="首年", total=Decimal("1000000.00"), lines=2)
    renewal = make_contract(title="续签", total=Decimal("1100000.00"), lines=2)
    renewal.chain, renewal.year_in_chain = first_year.chain, 2  # the renewal's award is still the first year's
    db.session.flush()
    record_supplement(first_year, changes=[(None, "新增A", Decimal("30000.00"))])
    second = record_supplement(renewal, seq=1, changes=[(None, "新增B", Decimal("20000.00"))])
    later = record_supplement(renewal, seq=2, changes=[(None, "新增C", Decimal("40000.00"))])

    figures = supplement_figures(second)
    assert (figures.cap.cap, figures.cap.used, figures.cap.remaining) == (
        Decimal("100000.00"),
        Decimal("50000.00"),
        Decimal("50000.00"),
    )
    assert (figures.used_of_award, figures.used_of_cap) == (Decimal("5.00"), Decimal("50.00"))
    assert (figures.total_before, figures.total_after) == (Decimal("1100000.00"), Decimal("1120000.00"))
    text = _text(open_docx(supplement_docx(second)))
    assert (
        "原中标金额¥1000000.00元，上限¥100000.00元；含本补充合同在内累计增加¥50000.00元，"
        "占原中标金额的5.00%，已使用上限的50.00%；尚余¥50000.00元。"
    ) in text
    assert supplement_figures(later).cap.used == Decimal("90000.00")
    assert supplement_figures(later).total_before == Decimal("1120000.00")


def test_body_text_is_fangsong_and_the_table_songti_in_chinese_sizes(demo_contract):
    supplement = record_supplement(demo_contract, changes=[(None, "新增系统", Decimal("1000.00"))])
    document = open_docx(supplement_docx(supplement))
    title = next(p for p in document.paragraphs if p.text == "补充合同（第1号）")
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert title.runs[0].font.bold and title.runs[0].font.size == Pt(16)
    body = [run for p in document.paragraphs if p.text.startswith("本补充合同") for run in p.runs]
    assert body and all(run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋" for run in body)
    assert all(run.font.size == Pt(12) for run in body)
    cell_runs = [
        run for row in document.tables[0].rows for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    assert all(
        run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and run.font.size == Pt(10.5) for run in cell_runs
    )
