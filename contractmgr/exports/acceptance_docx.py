"""An acceptance report (验收报告) as a Word file, from an `AcceptanceSubmission`.

Contract 第十一条: after the service year the vendor submits the acceptance materials (项目清单,
运维工作方案及计划, 运维团队管理方案, 运维应急保障机制, 运维服务流程, 日常巡检记录); the purchaser passes
or fails the acceptance. Finance needs the report signed by both parties before the 30% payment
(第七条). The report states the contract, the period accepted (the contract's, or a line's own
year), the materials received with their versions and file names, those still missing, the
decision with its reasons, and a signature block for each party.
"""

from __future__ import annotations

from datetime import date, datetime

import docx
import sqlalchemy as sa

from contractmgr import clock
from contractmgr.domain.acceptance import REWORK_WORKING_DAYS
from contractmgr.exports.docx_style import (
    BODY,
    HEADING,
    SUBTITLE,
    TABLE,
    TABLE_HEAD,
    TITLE,
    add_paragraph,
    add_row,
    cn_date,
    new_table,
    page_number_footer,
    prepare,
    repeat_as_header,
    signature_blocks,
    to_bytes,
    yuan,
)
from contractmgr.extensions import db
from contractmgr.models import AcceptanceMaterial, AcceptanceSubmission, Contract, LineItem, User
from contractmgr.services.contracts import view_contract

DECISIONS = {"pass": "验收合格", "fail": "验收不合格", None: "尚未作出验收结论"}
MATERIAL_COLUMNS = (
    ("序号", 1.3, "center"),
    ("材料名称", 3.7, "left"),
    ("版本", 1.6, "center"),
    ("文件名", 5.6, "left"),
    ("上传日期", 3.6, "center"),
)
FACT_COLUMNS = (3.6, 12.2)


def local_date(moment: datetime | None) -> date | None:
    """The business date of a stored UTC timestamp, on the one clock."""
    return None if moment is None else clock.local_date(moment)


def acceptance_docx(submission: AcceptanceSubmission, today: date | None = None) -> bytes:
    """The acceptance report of `submission` as the bytes of a .docx file."""
    contract = db.session.get(Contract, submission.contract_id)
    document = docx.Document()
    prepare(document, landscape=False, body=BODY, title=report_title(submission, contract), margins_cm=(2.5, 2.6))
    add_paragraph(document, contract.title, SUBTITLE, align="center", space_after=4)
    add_paragraph(document, "验收报告", TITLE, align="center", space_after=12)
    add_paragraph(document, "一、项目基本情况", HEADING, space_after=3)
    _facts(document, contract, submission, today or clock.today())
    add_paragraph(document, "", BODY)
    add_paragraph(document, "二、提交的验收材料", HEADING, space_after=3)
    _materials(document, contract, submission)
    add_paragraph(document, "", BODY)
    add_paragraph(document, "三、验收结论", HEADING, space_after=3)
    _decision(document, submission)
    add_paragraph(document, "", BODY, space_after=18)
    signature_blocks(
        document,
        [("甲方（采购人）", contract.purchaser.name), ("乙方（供应商）", contract.vendor.name)],
        signed_on=None,
        representative="代表签字",
    )
    page_number_footer(document)
    return to_bytes(document)


def _facts(document, contract: Contract, submission: AcceptanceSubmission, today: date) -> None:
    view = view_contract(contract, today)
    line = db.session.get(LineItem, submission.line_item_id) if submission.line_item_id else None
    if line is None:
        scope = f"全部运维项目（共{len(view.lines)}项）"
        period = f"{cn_date(contract.start_on)}至{cn_date(contract.end_on)}"
    else:
        scope = f"第{line.seq}项 {line.unit.name} {line.name}"
        line_period = next(lv.period for lv in view.lines if lv.line.id == line.id)
        period = (
            f"{cn_date(line_period.period.start)}至{cn_date(line_period.period.end)}"
            if line_period.period
            else "等待采购人和使用单位确认运维开始日期"
        )
    attempt = f"第{submission.attempt}次提交" + ("（整改后重新提交）" if submission.attempt > 1 else "")
    deadline = cn_date(submission.deadline_on, "—")
    if submission.deadline_on:
        deadline += "（逾期提交）" if submission.late else "（按期提交）"
    facts = [
        ("项目名称", contract.title),
        ("合同备案编号", contract.filing_number or "—"),
        ("甲方（采购人）", contract.purchaser.name),
        ("乙方（供应商）", contract.vendor.name),
        ("合同金额", yuan(contract.total_amount)),
        ("验收范围", scope),
        ("服务期", period),
        ("提交日期", f"{cn_date(submission.submitted_on)}，{attempt}"),
        ("提交期限", deadline),
    ]
    table = new_table(document, list(FACT_COLUMNS))
    for label, value in facts:
        add_row(table, [label, value], TABLE, aligns=["center", "left"])


def _materials(document, contract: Contract, submission: AcceptanceSubmission) -> None:
    table = new_table(document, [width for _, width, _ in MATERIAL_COLUMNS])
    repeat_as_header(
        add_row(table, [name for name, _, _ in MATERIAL_COLUMNS], TABLE_HEAD, aligns=["center"] * len(MATERIAL_COLUMNS))
    )
    aligns = [align for _, _, align in MATERIAL_COLUMNS]
    files = sorted(submission.files, key=lambda f: (f.material.position, f.material.name, f.version))
    for number, file in enumerate(files, start=1):
        add_row(
            table,
            [
                str(number),
                file.material.name,
                f"第{file.version}版",
                file.stored_file.original_name,
                cn_date(local_date(file.uploaded_at), "—"),
            ],
            TABLE,
            aligns=aligns,
        )
    received = {file.material_id for file in files}
    materials = db.session.scalars(
        sa.select(AcceptanceMaterial)
        .where(AcceptanceMaterial.contract_id == contract.id, AcceptanceMaterial.voided_at.is_(None))
        .order_by(AcceptanceMaterial.position, AcceptanceMaterial.name)
    )
    missing = [m.name for m in materials if m.required and m.id not in received]
    if not files:
        add_row(table, ["—", "未收到任何材料", "", "", ""], TABLE, aligns=aligns)
    if missing:
        add_paragraph(document, f"未提交的必备材料：{'、'.join(missing)}。", BODY, space_after=3)


def _decision(document, submission: AcceptanceSubmission) -> None:
    text = f"结论：{DECISIONS[submission.decision]}。"
    if submission.decision:
        decided_by = db.session.get(User, submission.decided_by_id) if submission.decided_by_id else None
        text += f"结论日期：{cn_date(local_date(submission.decided_at))}"
        if decided_by:
            text += f"，经办人：{decided_by.display_name or decided_by.username}"
        text += "。"
    add_paragraph(document, text, BODY, first_line_indent=True)
    if submission.reasons:
        add_paragraph(document, f"理由及意见：{submission.reasons}", BODY, first_line_indent=True)
    if submission.decision == "fail":
        add_paragraph(
            document,
            f"乙方应在{REWORK_WORKING_DAYS}个工作日内完成整改并重新提交验收材料（合同第十一条）。",
            BODY,
            first_line_indent=True,
        )


def report_title(submission: AcceptanceSubmission, contract: Contract) -> str:
    return f"{contract.title} 验收报告（第{submission.attempt}次提交）"


def report_filename(submission: AcceptanceSubmission) -> str:
    contract = db.session.get(Contract, submission.contract_id)
    scope = ""
    if submission.line_item_id:
        scope = f"-第{db.session.get(LineItem, submission.line_item_id).seq}项"
    return f"{contract.title}-验收报告{scope}-第{submission.attempt}次提交.docx"
