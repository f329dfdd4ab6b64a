"""The acceptance report (验收报告): contract, period, materials received, decision, both signatures."""

from docx.oxml.ns import qn
from docx.shared import Pt

from contractmgr.exports.acceptance_docx import acceptance_docx
from tests.exports.records import open_docx, record_submission

FILES = {"项目清单": ["项目清单.pdf"], "运维工作方案及计划": ["运维工作方案v1.docx", "运维工作方案v2.docx"]}


def _facts(table) -> dict:
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def test_the_report_states_the_contract_and_the_period_accepted(demo_contract):
    submission = record_submission(demo_contract, files=FILES)
    facts, _, _ = open_docx(acceptance_docx(submission)).tables
    facts = _facts(facts)
    assert facts["项目名称"] == demo_contract.title
    assert facts["甲方（采购人）"] == "洛阳市行政审批和政务信息管理局"
    assert facts["乙方（供应商）"] == "洛阳数智科技发展有限公司"
    assert facts["合同金额"] == "¥8271400.00元"
    assert facts["验收范围"] == "全部运维项目（共40项）"
    assert facts["服务期"] == "2026年5月22日至2027年5月21日"
    assert facts["提交日期"] == "2027年5月28日，第1次提交"
    assert facts["提交期限"] == "2027年6月11日（按期提交）"


def test_a_line_with_its_own_year_is_accepted_over_that_year(demo_contract):
    line_40 = demo_contract.lines[39]
    submission = record_submission(demo_contract, files=FILES, line_item_id=line_40.id, attempt=2)
    facts = _facts(open_docx(acceptance_docx(submission)).tables[0])
    assert facts["验收范围"] == "第40项 洛阳市农业农村局 洛阳市智慧乡村信息系统"
    assert facts["服务期"] == "2026年7月27日至2027年7月26日"
    assert facts["提交日期"] == "2027年5月28日，第2次提交（整改后重新提交）"


def test_every_file_received_is_listed_with_its_version_and_the_missing_materials_are_named(demo_contract):
    submission = record_submission(demo_contract, files=FILES)
    document = open_docx(acceptance_docx(submission))
    materials = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in materials.rows]
    assert rows[0] == ["序号", "材料名称", "版本", "文件名", "上传日期"]
    assert rows[1:] == [
        ["1", "项目清单", "第1版", "项目清单.pdf", "2027年5月25日"],
        ["2", "运维工作方案及计划", "第1版", "运维工作方案v1.docx", "2027年5月25日"],
        ["3", "运维工作方案及计划", "第2版", "运维工作方案v2.docx", "2027年5月25日"],
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "未提交的必备材料：运维团队管理方案、运维应急保障机制、运维服务流程、日常巡检记录。" in text


def test_a_failed_acceptance_gives_the_decision_its_reasons_and_the_rework_period(demo_contract):
    submission = record_submission(
        demo_contract,
        files=FILES,
        decision="fail",
        decided_by="officer",
        reasons="日常巡检记录缺少2027年3月至4月的记录。",
    )
    text = "\n".join(p.text for p in open_docx(acceptance_docx(submission)).paragraphs)
    assert "结论：验收不合格。结论日期：2027年6月15日，经办人：" in text
    assert "理由及意见：日常巡检记录缺少2027年3月至4月的记录。" in text
    assert "乙方应在15个工作日内完成整改并重新提交验收材料（合同第十一条）。" in text


def test_a_submission_not_yet_decided_says_so(demo_contract):
    submission = record_submission(demo_contract, files={})
    document = open_docx(acceptance_docx(submission))
    assert "结论：尚未作出验收结论。" in "\n".join(p.text for p in document.paragraphs)
    assert [cell.text for cell in document.tables[1].rows[1].cells][:2] == ["—", "未收到任何材料"]


def test_both_parties_have_a_signature_block_with_seal_signature_and_date(demo_contract):
    submission = record_submission(demo_contract, files=FILES, decision="pass", decided_by="officer")
    signatures = open_docx(acceptance_docx(submission)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in signatures.rows]
    assert rows[0] == [
        "甲方（采购人）（盖章）：洛阳市行政审批和政务信息管理局",
        "乙方（供应商）（盖章）：洛阳数智科技发展有限公司",
    ]
    assert rows[1] == ["代表签字：", "代表签字："]
    assert all(text.startswith("日期：") and text.endswith("日") for text in rows[2])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in signatures.rows)


def test_the_report_uses_songti_in_tables_and_fangsong_in_the_text(demo_contract):
    submission = record_submission(demo_contract, files=FILES, decision="pass", decided_by="officer")
    document = open_docx(acceptance_docx(submission))
    for table in document.tables[:2]:
        for row in table.rows:
            for cell in row.cells:
                for run in (run for p in cell.paragraphs for run in p.runs):
                    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and run.font.size == Pt(10.5)
    decision = next(p for p in document.paragraphs if p.text.startswith("结论："))
    assert decision.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert decision.runs[0].font.size == Pt(12)
