"""A supplementary contract (补充合同) as a Word file, from a recorded `SupplementaryContract`.

Contract 第六条: a change of work volume is agreed in a supplementary contract, and the fees it adds,
all supplements together, may not exceed 10% of the original award amount (原中标金额; 《政府采购法》
第四十九条). The document states the parties, the original contract (number and date), each changed
line before and after, the new total, and how much of the 10% cap the chain has used with this
supplement (counted by `domain.caps.supplement_cap`, against the chain's original award).

The contract's `total_amount` is the figure signed in the original contract: supplements are
recorded beside it, never written into it, so the total after supplement n is that figure plus the
increases of the contract's supplements 1..n.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import docx

from contractmgr.domain.caps import CapStatus, net_change, supplement_cap
from contractmgr.domain.money import to_upper
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
    figures,
    new_table,
    page_number_footer,
    prepare,
    repeat_as_header,
    signature_blocks,
    to_bytes,
    write_cell,
    yuan,
)
from contractmgr.models import Contract, SupplementaryContract
from contractmgr.services.supplements import chain_supplements

CHANGE_COLUMNS = (
    ("序号", 1.2, "center"),
    ("服务单位", 3.4, "left"),
    ("运维项目", 4.2, "left"),
    ("变更前（元）", 2.5, "right"),
    ("变更后（元）", 2.5, "right"),
    ("增减（元）", 2.2, "right"),
)


@dataclass(frozen=True)
class SupplementFigures:
    """What a supplement does to the money: the totals before and after it, and the chain's cap
    status counting every supplement up to and including this one."""

    total_before: Decimal
    increase: Decimal
    total_after: Decimal
    cap: CapStatus
    original_award: Decimal
    cap_ratio: Decimal

    @property
    def used_of_award(self) -> Decimal:
        """Added fees so far as a percentage of the original award (at most 10)."""
        return _percent(self.cap.used, self.original_award)

    @property
    def used_of_cap(self) -> Decimal:
        """How much of the cap is used, in percent."""
        return _percent(self.cap.used, self.cap.cap)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def total_with_supplements(contract: Contract, up_to_seq: int | None = None) -> Decimal:
    """The signed total plus the increases of the contract's supplements (those numbered up to
    `up_to_seq`, or all)."""
    increases = [s.increase_amount for s in contract.supplements if up_to_seq is None or s.seq <= up_to_seq]
    return contract.total_amount + sum(increases, Decimal("0.00"))


def supplement_figures(supplement: SupplementaryContract) -> SupplementFigures:
    """The totals and the cap as they stand with `supplement`, ignoring supplements agreed after it."""
    contract = supplement.contract
    chain = contract.chain
    agreed = chain_supplements(chain)  # the chain's, in order: earlier years first, then by number
    up_to_this = [s.increase_amount for s in agreed[: agreed.index(supplement) + 1]]
    return SupplementFigures(
        total_before=total_with_supplements(contract, supplement.seq - 1),
        increase=supplement.increase_amount,
        total_after=total_with_supplements(contract, supplement.seq),
        cap=supplement_cap(chain.original_award_amount, up_to_this, chain.change_cap_ratio),
        original_award=chain.original_award_amount,
        cap_ratio=chain.change_cap_ratio,
    )


def supplement_docx(supplement: SupplementaryContract) -> bytes:
    """The supplementary contract as the bytes of a .docx file."""
    contract = supplement.contract
    money = supplement_figures(supplement)
    document = docx.Document()
    prepare(document, landscape=False, body=BODY, title=supplement_title(supplement), margins_cm=(2.5, 2.6))
    add_paragraph(document, contract.title, SUBTITLE, align="center", space_after=4)
    add_paragraph(document, f"补充合同（第{supplement.seq}号）", TITLE, align="center", space_after=12)
    _parties(document, contract, supplement)
    add_paragraph(
        document,
        f"甲、乙双方于{cn_date(contract.signed_on, '    年  月  日')}签订《{contract.title}》合同"
        f"（以下简称原合同{_numbers(contract)}）。根据原合同第六条，因工作量变化，经双方事先协商一致，"
        "签订本补充合同，条款如下：",
        BODY,
        first_line_indent=True,
        space_after=6,
    )
    add_paragraph(document, "一、变更原因", HEADING, space_after=3)
    add_paragraph(document, supplement.reason or "（未填写）", BODY, first_line_indent=True, space_after=6)
    add_paragraph(document, "二、变更明细", HEADING, space_after=3)
    _changes_table(document, supplement)
    add_paragraph(document, "", BODY)
    add_paragraph(document, "三、合同金额", HEADING, space_after=3)
    for text in (
        f"本补充合同签订前合同总金额：{yuan(money.total_before)}，大写：{to_upper(money.total_before)}。",
        f"本补充合同增加服务费用：{yuan(money.increase)}，大写：{to_upper(money.increase)}。",
        f"本补充合同签订后合同总金额：{yuan(money.total_after)}，大写：{to_upper(money.total_after)}。",
    ):
        add_paragraph(document, text, BODY, first_line_indent=True)
    add_paragraph(document, "", BODY)
    add_paragraph(document, "四、增加金额上限", HEADING, space_after=3)
    ratio = (money.cap_ratio * 100).normalize()
    add_paragraph(
        document,
        f"依据原合同第六条及《中华人民共和国政府采购法》第四十九条，全部补充合同增加的服务费用累计不得超过"
        f"原中标金额的{ratio:f}%。原中标金额{yuan(money.original_award)}，上限{yuan(money.cap.cap)}；"
        f"含本补充合同在内累计增加{yuan(money.cap.used)}，占原中标金额的{money.used_of_award}%，"
        f"已使用上限的{money.used_of_cap}%；尚余{yuan(money.cap.remaining)}。",
        BODY,
        first_line_indent=True,
        space_after=6,
    )
    add_paragraph(document, "五、其他", HEADING, space_after=3)
    add_paragraph(
        document,
        "本补充合同是原合同不可分割的组成部分，与原合同具有同等法律效力；除本补充合同约定的变更外，"
        "原合同其他条款不变。本补充合同自双方签字盖章之日起生效。",
        BODY,
        first_line_indent=True,
        space_after=18,
    )
    signature_blocks(
        document, [("甲方", contract.purchaser.name), ("乙方", contract.vendor.name)], signed_on=supplement.signed_on
    )
    page_number_footer(document)
    return to_bytes(document)


def _numbers(contract: Contract) -> str:
    numbers = []
    if contract.filing_number:
        numbers.append(f"政府采购管理部门备案编号：{contract.filing_number}")
    if contract.procurement_number:
        numbers.append(f"招标采购文件编号：{contract.procurement_number}")
    return "，" + "，".join(numbers) if numbers else ""


def _parties(document, contract: Contract, supplement: SupplementaryContract) -> None:
    for label, value in (
        ("甲方（采购人）", contract.purchaser.name),
        ("乙方（供应商）", contract.vendor.name),
        ("原合同备案编号", contract.filing_number or "—"),
        ("招标采购文件编号", contract.procurement_number or "—"),
        ("原合同签订日期", cn_date(contract.signed_on, "未记录")),
        ("原合同服务期限", f"{cn_date(contract.start_on)}至{cn_date(contract.end_on)}"),
        ("补充合同签订日期", cn_date(supplement.signed_on)),
    ):
        add_paragraph(document, f"{label}：{value}", BODY)
    add_paragraph(document, "", BODY)


def _changes_table(document, supplement: SupplementaryContract) -> None:
    table = new_table(document, [width for _, width, _ in CHANGE_COLUMNS])
    repeat_as_header(
        add_row(table, [name for name, _, _ in CHANGE_COLUMNS], TABLE_HEAD, aligns=["center"] * len(CHANGE_COLUMNS))
    )
    aligns = [align for _, _, align in CHANGE_COLUMNS]
    for change in supplement.changes:
        line = change.line_item
        add_row(
            table,
            [
                str(line.seq) if line else "新增",
                change.unit_name or (line.unit.name if line else ""),
                change.name,
                figures(change.amount_before) if change.amount_before is not None else "—",
                figures(change.amount_after),
                _signed(net_change([(change.amount_before, change.amount_after)])),
            ],
            TABLE,
            aligns=aligns,
        )
    total = net_change((change.amount_before, change.amount_after) for change in supplement.changes)
    row = add_row(table, ["", "", "", "", "", _signed(total)], TABLE_HEAD, aligns=aligns)
    write_cell(row.cells[0].merge(row.cells[4]), "合计增减", TABLE_HEAD, "center")


def _signed(amount: Decimal) -> str:
    return f"+{figures(amount)}" if amount > 0 else figures(amount)


def supplement_title(supplement: SupplementaryContract) -> str:
    return f"{supplement.contract.title} 补充合同（第{supplement.seq}号）"


def supplement_filename(supplement: SupplementaryContract) -> str:
    return f"{supplement.contract.title}-补充合同第{supplement.seq}号.docx"
