"""Real files for the importer tests, generated from data: one function per quirk, named for it.

The data are the demo documents typed from the seeds (`contractmgr/demo/luoyang_contract.json`,
`anyang_tender.json`, valid instances of the import schema). Each function writes a file the way
the originals look — a PDF contract drawn with reportlab (annex header repeated on every page, long
rows split across a page boundary, text wrapping in cells), a Word tender whose 序号 cells are
Word auto-numbering and whose 服务单位 cells are merged down — or a broken file (scanned, encrypted,
truncated, renamed).

The body clauses use the seed's wording with the data's figures, so that what the importer reads
back can be compared with the data it was written from.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

DEMO = Path(__file__).resolve().parents[1] / "contractmgr" / "demo"
CJK_FONT = "STSong-Light"


def load_demo(name: str) -> dict:
    """The demo document `name` (luoyang_contract, anyang_tender) as schema-shaped data."""
    return json.loads((DEMO / f"{name}.json").read_text(encoding="utf-8"))


# -- dates and money in the documents' words --------------------------------------------------


def cn_date(iso: str | None) -> str:
    if not iso:
        return "    年  月  日"
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def percent(ratio: str | None) -> str:
    return f"{(Decimal(ratio) * 100).normalize():f}" if ratio else ""


def term_text(line: dict) -> str:
    """The 服务期限 cell as the annex writes it: 「1年」 or 「1年 (服务期自2026年7月1日起)」."""
    months = line.get("term_months") or 12
    text = f"{months // 12}年" if months % 12 == 0 else f"{months}个月"
    if line.get("start"):
        text += f" (服务期自{cn_date(line['start'])}起)"
    return text


# -- data variants: one defect each ------------------------------------------------------------


def with_line_amount(data: dict, seq: int, amount: str) -> dict:
    """A copy of `data` whose line `seq` states `amount` (the total stays as it was)."""
    changed = copy.deepcopy(data)
    next(line for line in changed["line_items"] if line["seq"] == seq)["amount"] = amount
    return changed


def with_fields(data: dict, **fields) -> dict:
    changed = copy.deepcopy(data)
    changed.update(fields)
    return changed


def with_milestone_amount(data: dict, seq: int, amount: str) -> dict:
    changed = copy.deepcopy(data)
    next(m for m in changed["payment_milestones"] if m["seq"] == seq)["amount"] = amount
    return changed


def with_many_lines(data: dict, count: int) -> dict:
    """`data` with `count` lines, repeating and varying the seed's (for the benchmark); the total
    is set to their sum so the document stays consistent."""
    changed = copy.deepcopy(data)
    seeds = data["line_items"]
    lines = []
    for index in range(count):
        line = copy.deepcopy(seeds[index % len(seeds)])
        line["seq"] = index + 1
        if index >= len(seeds):
            line["name"] = f"{line['name']}（{index // len(seeds) + 1}）"
        lines.append(line)
    changed["line_items"] = lines
    total = sum(Decimal(line["amount"] or "0") for line in lines)
    changed["total_amount"] = f"{total:.2f}"
    changed["total_amount_upper"] = _upper(total)
    for milestone in changed.get("payment_milestones", []):
        milestone["amount"] = f"{(total * Decimal(milestone['ratio'])).quantize(Decimal('0.01')):f}"
    return changed


def _upper(amount: Decimal) -> str:
    from contractmgr.domain.money import to_upper

    return to_upper(amount)


# -- the contract's body, in the seed's words ------------------------------------------------


def contract_paragraphs(data: dict) -> list[tuple[str, str]]:
    """(style, text) for the body of a contract: "title", "heading" or "body"."""
    period = data.get("service_period") or {}
    years = (data.get("renewal") or {}).get("max_total_years") or 3
    milestones = {m["seq"]: m for m in data.get("payment_milestones", [])}
    first, second = milestones.get(1, {}), milestones.get(2, {})
    return [
        ("title", "政府采购合同"),
        ("body", f"项目名称：{data['title']}"),
        ("body", f"政府采购管理部门备案编号：{data.get('filing_number') or ''}"),
        ("body", f"招标采购文件编号：{data.get('procurement_number') or ''}"),
        ("body", f"甲方：{data.get('purchaser') or ''}"),
        ("body", f"乙方：{data.get('supplier') or ''}"),
        ("body", "签订时间：        年    月    日"),
        (
            "body",
            f"按照招标文件“本项目服务期限为1年，服务期满后，根据服务质量决定是否续签，总服务周期累计不超过{years}年”，"
            "经双方协商一致，续签下一年度合同。",
        ),
        ("heading", "第一条 合同文件"),
        ("body", "下列与本次采购活动有关的文件及附件是本合同不可分割的组成部分，与本合同具有同等法律效力。"),
        ("heading", "第二条 运维服务事项及内容"),
        ("body", "乙方提供的运维服务事项及内容，详见附件《运维项目清单明细》。"),
        ("heading", "第三条 运维服务要求"),
        ("body", "甲方的技术、质量要求以附件《运维项目清单明细》为准，且甲方拥有最终解释权。"),
        ("heading", "第四条 运维服务期限"),
        (
            "body",
            f"乙方为甲方提供本年度项目服务期限为1年，即自{cn_date(period.get('start'))}起至{cn_date(period.get('end'))}。"
            f"服务期满后，根据服务质量决定是否续签，总服务周期累计不超过{years}年（部分项目运维起始日期按照附件项目清单中服务期限标定范围为准）。",
        ),
        ("heading", "第五条 合同履行地点"),
        ("body", "本合同项下的运维服务履行地点为甲方所在地或者甲方指定的地点。"),
        ("heading", "第六条 合同总金额"),
        (
            "body",
            f"本年度合同项下运维服务总金额：¥{data.get('total_amount')}元，大写：{data.get('total_amount_upper')}。"
            "分项价款在附件《运维项目清单明细》中有明确规定。",
        ),
        (
            "body",
            "本合同执行期内因工作量变化而引起的服务费用的变动，在双方事先协商一致的前提下签订补充合同，"
            f"但因此而增加的服务费用不得超过原中标金额的{percent(data.get('change_cap_ratio'))}%。",
        ),
        ("heading", "第七条 服务费及支付方式"),
        ("body", "分期付款，甲方分2次向乙方支付此合同的全部款项，具体支付方式和时间如下："),
        (
            "body",
            f"第一次付款：本合同生效后{first.get('due_working_days')}个工作日内，各项目运转平稳，由乙方向甲方提出支付申请，"
            "并提供合法发票及各项目巡检报告，经甲方认定合格后，甲方向乙方支付第一笔款，"
            f"即合同总额的 {percent(first.get('ratio'))}%，{first.get('amount')} 元（未通过首次考核的，甲方有权责令乙方限期整改）。",
        ),
        (
            "body",
            "第二次付款：本年度运维服务期满 1 年，各项目运转平稳，经验收考核合格后，且甲方收到乙方开具的合法发票后 "
            f"{second.get('due_working_days')} 个工作日内，甲方向乙方支付剩余进度款，"
            f"即合同总额的 {percent(second.get('ratio'))}%，{second.get('amount')} 元。",
        ),
        ("heading", "第八条 甲方的权利义务"),
        ("body", "甲方负责项目运维方案的审核工作，负责维护工作中重大事项的协调、监督工作。"),
        ("heading", "第十三条 违约责任"),
        *[("body", text) for text in _penalty_sentences(data)],
        ("heading", "第十四条 争议的解决"),
        ("body", "因履行合同所发生的一切争议，双方应友好协商解决。"),
        ("heading", "第十五条 其他"),
        ("body", "本合同自双方签字盖章之日起生效。"),
    ]


def _penalty_sentences(data: dict) -> list[str]:
    by_kind = {p["kind"]: p for p in data.get("penalties", [])}

    def pct(kind: str) -> str:
        return percent(by_kind.get(kind, {}).get("ratio") or "0.01")

    days = by_kind.get("late_over_days", {}).get("days") or 10
    return [
        "1、甲乙双方均应全面履行本合同，任何一方不履行或不按约定履行均构成违约。",
        "2、甲方无正当理由未按合同规定的期限向乙方支付合同款的，每逾期 1 天按照全国银行间同业拆借中心公布的"
        "一年期市场贷款利率日利率计算违约金。",
        f"3、乙方无正当理由逾期提供或者交付服务，或者不履行本合同约定义务的，每逾期一日，乙方按照合同总金额的 "
        f"{pct('late_per_day')}% 支付违约金，逾期超过 {days} 日的，按照合同总金额 {pct('late_over_days')}% 向甲方支付违约金，"
        "甲方有权解除本合同。",
        f"4、如经甲方验收未合格，乙方应按照合同总金额的 {pct('acceptance_failed')}% 支付违约金；在限期内验收仍未合格的，"
        f"乙方按照合同总金额的 {pct('acceptance_failed_again')}% 向甲方支付违约金，甲方有权解除本合同。",
    ]


ANNEX_HEADER = ["序号", "服务单位", "运维项目", "运维内容及目标", "服务要求", "服务期限", "运维资金（元）"]


def annex_row(line: dict) -> list[str]:
    return [
        str(line["seq"]),
        line["unit"],
        line["name"],
        line.get("content") or "",
        line.get("requirements") or "",
        term_text(line),
        line.get("amount") or "",
    ]


# -- PDF (reportlab, built-in CID font) ------------------------------------------------------


def _pdf_styles():
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    body = ParagraphStyle("body", fontName=CJK_FONT, fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=4)
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=12),
        "heading": ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=6),
        "body": body,
        "cell": ParagraphStyle("cell", fontName=CJK_FONT, fontSize=7.5, leading=10, wordWrap="CJK"),
    }


def _para(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


#: annex column widths in points: 539 = A4 width less two 28pt margins
ANNEX_WIDTHS = [24, 58, 62, 175, 120, 45, 55]
#: the short cells (序号, 服务单位, 运维项目, 服务期限, 运维资金) are never split across pages
SHORT_COLUMNS = (0, 1, 2, 5, 6)
CELL_PAD_X, CELL_PAD_Y = 4, 3
PAGE_MARGIN = 36


def _row_height(cells) -> float:
    return (
        max(cell.wrap(width - 2 * CELL_PAD_X, 10_000)[1] for cell, width in zip(cells, ANNEX_WIDTHS, strict=True))
        + 2 * CELL_PAD_Y
    )


def _split_row(cells, room: float, styles):
    """(part on this page, rest for the next) of a row that does not fit in `room` points, the way
    Word splits a row at a page break: the long text cells break between lines, the short cells
    stay whole on the first part, so the rest arrives with an empty 序号. (None, cells) when even
    the short cells do not fit."""
    text_room = room - 2 * CELL_PAD_Y
    short_height = max(cells[i].wrap(ANNEX_WIDTHS[i] - 2 * CELL_PAD_X, 10_000)[1] for i in SHORT_COLUMNS)
    if short_height > text_room:
        return None, cells
    first, rest = [], []
    for index, (cell, width) in enumerate(zip(cells, ANNEX_WIDTHS, strict=True)):
        inner = width - 2 * CELL_PAD_X
        if index in SHORT_COLUMNS or cell.wrap(inner, 10_000)[1] <= text_room:
            first.append(cell)
            rest.append(_para("", styles["cell"]))
            continue
        parts = cell.split(inner, text_room)
        if len(parts) == 2:
            first.append(parts[0])
            rest.append(parts[1])
        else:  # not even one line fits: the whole cell goes on
            first.append(_para("", styles["cell"]))
            rest.append(cell)
    return first, rest


def _annex_page_table(rows):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=ANNEX_WIDTHS)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ]
        )
    )
    return table


def annex_pages(lines: list[dict], styles, first_room: float, page_room: float) -> list:
    """The annex as one table per page: the header row repeated on each page, and a row that does
    not fit split across the page break, its rest arriving first on the next page with an empty
    序号 (as Word and the original PDF do). reportlab's own `splitInRow` (5.1) draws the rest of a
    split row over the repeated header, so the pages are laid out here.

    Returns the flowables, PageBreaks included; `first_room` is the height left on the first page."""
    from reportlab.platypus import PageBreak

    def header():
        return [_para(text, styles["cell"]) for text in ANNEX_HEADER]

    queue = [[_para(text, styles["cell"]) for text in annex_row(line)] for line in lines]
    flowables, rows = [], [header()]
    used, room = _row_height(rows[0]), first_room
    while queue:
        cells = queue.pop(0)
        height = _row_height(cells)
        if used + height <= room:
            rows.append(cells)
            used += height
            continue
        first, rest = _split_row(cells, room - used, styles)
        if first is not None:
            rows.append(first)
        queue.insert(0, rest)
        flowables += [_annex_page_table(rows), PageBreak()]
        rows = [header()]
        used, room = _row_height(rows[0]), page_room
    flowables.append(_annex_page_table(rows))
    return flowables


def annex_table(lines: list[dict], styles):
    """The annex as a single reportlab Table (for short annexes that fit on a page)."""
    return _annex_page_table(
        [[_para(text, styles["cell"]) for text in ANNEX_HEADER]]
        + [[_para(text, styles["cell"]) for text in annex_row(line)] for line in lines]
    )


def pdf_contract(path: Path, data: dict) -> Path:
    """A signed contract as a PDF like the original: body clauses, then the annex table over many
    pages with its header repeated and long rows split across page boundaries."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    styles = _pdf_styles()
    story = [_para(text, styles[style]) for style, text in contract_paragraphs(data)]
    titles = [_para("附件", styles["heading"]), _para("运维项目清单明细", styles["title"])]
    # the frame is the page less the margins and its own 6pt padding on each side; keep 4pt spare
    page_room = A4[1] - 2 * PAGE_MARGIN - 12 - 4
    first_room = page_room - sum(t.wrap(539, 10_000)[1] + t.getSpaceBefore() + t.getSpaceAfter() for t in titles)
    story += [PageBreak(), *titles, *annex_pages(data["line_items"], styles, first_room, page_room)]
    SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=28,
        rightMargin=28,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title=data["title"],
    ).build(story)
    return path


def pdf_contract_line_amount_changed(path: Path, data: dict, seq: int = 7, delta: str = "1000.00") -> Path:
    """One annex amount differs from the data by `delta`: the lines no longer add up (total_mismatch)."""
    line = next(line for line in data["line_items"] if line["seq"] == seq)
    return pdf_contract(path, with_line_amount(data, seq, f"{Decimal(line['amount']) + Decimal(delta):.2f}"))


def pdf_contract_wrong_upper_amount(path: Path, data: dict, words: str = "捌佰贰拾柒万壹仟伍佰元整") -> Path:
    """第六条's upper-case words say another amount than its figures (upper_amount_mismatch)."""
    return pdf_contract(path, with_fields(data, total_amount_upper=words))


def pdf_contract_wrong_milestone(path: Path, data: dict, amount: str = "5789000.00") -> Path:
    """第七条's first instalment states an amount that is not 70% of the total (milestone_mismatch)."""
    return pdf_contract(path, with_milestone_amount(data, 1, amount))


def pdf_contract_missing_amount(path: Path, data: dict, seq: int = 3) -> Path:
    """One annex line has an empty 运维资金 cell (missing_amount)."""
    return pdf_contract(path, with_line_amount(data, seq, ""))


def pdf_scanned(path: Path) -> Path:
    """A scan: one page holding only an image, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for y in range(80, 760, 24):
        draw.line((60, y, 540, y), fill="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, *A4)
    canvas.showPage()
    canvas.save()
    return path


def pdf_encrypted(path: Path, data: dict) -> Path:
    """The contract PDF protected with an opening password."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.platypus import SimpleDocTemplate

    styles = _pdf_styles()
    story = [_para(text, styles[style]) for style, text in contract_paragraphs(data)]
    story.append(annex_table(data["line_items"][:3], styles))
    encryption = StandardEncryption("user-secret", "owner-secret", strength=128)
    SimpleDocTemplate(str(path), pagesize=A4, encrypt=encryption).build(story)
    return path


def pdf_truncated(path: Path, data: dict) -> Path:
    """The contract PDF cut off half-way, as a broken upload leaves it."""
    whole = pdf_contract(path.with_name(path.stem + "-whole.pdf"), data).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


# -- Word (python-docx) ------------------------------------------------------------------------


def _new_docx():
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    return document


def _add_body(document, paragraphs: list[tuple[str, str]]) -> None:
    for style, text in paragraphs:
        if style == "title":
            document.add_heading(text, level=0)
        elif style == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)


def _mark_header_row(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def docx_contract(path: Path, data: dict) -> Path:
    """The contract as a Word file: body clauses and the annex table with typed 序号."""
    document = _new_docx()
    _add_body(document, contract_paragraphs(data))
    document.add_heading("附件 运维项目清单明细", level=2)
    table = document.add_table(rows=1, cols=len(ANNEX_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ANNEX_HEADER, strict=True):
        cell.text = text
    _mark_header_row(table.rows[0])
    for line in data["line_items"]:
        for cell, text in zip(table.add_row().cells, annex_row(line), strict=True):
            _set_cell_text(cell, text)
    document.save(str(path))
    return path


def docx_without_line_table(path: Path, data: dict) -> Path:
    """A Word contract whose annex is missing: body clauses only."""
    document = _new_docx()
    _add_body(document, contract_paragraphs(data))
    document.save(str(path))
    return path


def docx_unrelated(path: Path) -> Path:
    """A Word file that is no procurement document at all: minutes of a meeting."""
    document = _new_docx()
    _add_body(document, [("title", "会议纪要"), ("body", "今天讨论了机房搬迁的安排，下周再议。")])
    document.save(str(path))
    return path


def _set_cell_text(cell, text: str) -> None:
    """Cell text with one Word paragraph per line, as typed."""
    parts = text.split("\n")
    cell.text = parts[0]
    for part in parts[1:]:
        cell.add_paragraph(part)


TENDER_HEADER = ["序号", "服务单位", "运维项目", "服务内容", "服务标准", "备注"]


def tender_paragraphs(data: dict) -> list[tuple[str, str]]:
    period = data.get("service_period") or {}
    units = len({line["unit"] for line in data["line_items"]})
    confirmed = [line for line in data["line_items"] if line.get("start_on_confirmation")]
    evaluation = data.get("evaluation") or {}
    per_point = Decimal(evaluation.get("deduction_ratio_per_point") or "0.002") * 1000
    return [
        ("title", "第二章  招标项目要求及采购需求"),
        ("body", "1. 招标项目、标段（包）划分、投标报价"),
        ("body", f"1.1招标项目名称：{data['title']}"),
        ("body", "1.2 标段（包）划分及其交付（实施）期交付（实施）地点：本次招标项目划分为1个标段（包）。"),
        ("body", "一、项目概况"),
        (
            "body",
            f"{data['title']}（以下简称：统一运维政务系统），涵盖{units}家单位{len(data['line_items'])}个信息系统。",
        ),
        ("body", "运维服务内容"),
        ("table", ""),
        (
            "body",
            "注：1、投标人需根据《中华人民共和国网络安全法》的规定，对以上应开展等保测评服务的系统，均应依法依规开展。",
        ),
        ("body", "2、服务期内，上述运维项目涉及硬件设备维修，配品配件更换，费用均包含在投标报价中。"),
        (
            "body",
            f"3、承诺基础驻场人员人数，不少于{data.get('min_onsite_staff')}人。驻场时间满足各使用单位具体要求，"
            "人员办公、食宿等一切费用由中标人自行承担。提供承诺函。",
        ),
        ("body", "4、负责以上系统与我市数据中台对接工作。"),
        ("body", "四、服务期：一年。"),
        ("body", f"服务期起止时间：自{cn_date(period.get('start'))}起至{cn_date(period.get('end'))}止。"),
        (
            "body",
            "其中"
            + "、".join(f"序号{line['seq']}{line['name']}" for line in confirmed)
            + "根据实际需要，服务期起止时间具体为：自签订合同、经采购人和使用单位确认运维开始之日起一年。",
        ),
        ("body", "五、运维考评"),
        ("body", "考评实施百分扣分制，根据相关考核规定进行考评打分，按如下标准执行："),
        (
            "body",
            f"考评得分{evaluation.get('full_payment_min_score')}分以上（含{evaluation.get('full_payment_min_score')}分），"
            "则100%支付当期合同款项；",
        ),
        (
            "body",
            f"考评得分在{evaluation.get('termination_below_score')}至{evaluation.get('full_payment_min_score')}分"
            f"（含{evaluation.get('termination_below_score')}分），则每扣1分，扣减总合同价款的{per_point.normalize():f}‰；",
        ),
        (
            "body",
            f"考评得分在{evaluation.get('termination_below_score')}分以下，则视为中标人不具备运维服务能力，"
            "视同中标人单方违约，采购人有权终止合同。",
        ),
        ("body", "六、其他"),
    ]


#: Which tender rows carry a typed 序号 (the rest are Word auto-numbering), and where a new
#: auto-numbered list instance restarts the count with w:startOverride.
TYPED_SEQS = {6, 16, 24}


def docx_tender_autonumbered(path: Path, data: dict) -> Path:
    """The tender's chapter 2 as a Word file like the original: 序号 cells are Word auto-numbering
    (decimalZero: 01, 02 …; empty cell text) mixed with a few typed numbers, each auto run after a
    typed number being a new list instance that restarts at the right number (w:startOverride), one
    run using a second abstract list with w:start; 服务单位 cells merged down (w:vMerge) per unit."""
    document = _new_docx()
    lists = _AutoNumbering(document)
    lines = data["line_items"]
    for style, text in tender_paragraphs(data):
        if style == "table":
            _tender_table(document, lines, lists)
        else:
            _add_body(document, [(style, text)])
    document.save(str(path))
    return path


def _tender_table(document, lines: list[dict], lists: _AutoNumbering) -> None:
    table = document.add_table(rows=1, cols=len(TENDER_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, TENDER_HEADER, strict=True):
        cell.text = text
    _mark_header_row(table.rows[0])
    num_id = None
    previous_unit = None
    for line in lines:
        cells = table.add_row().cells
        if line["seq"] in TYPED_SEQS:
            cells[0].text = f"{line['seq']:02d}"
            num_id = None
        else:
            if num_id is None:
                num_id = lists.new_list(start=line["seq"], second_abstract=line["seq"] > 16)
            lists.number(cells[0].paragraphs[0], num_id)
        _merge_unit(cells[1], line["unit"], continues=line["unit"] == previous_unit)
        previous_unit = line["unit"]
        _set_cell_text(cells[2], line["name"])
        _set_cell_text(cells[3], line.get("content") or "")
        _set_cell_text(cells[4], line.get("requirements") or "")


def _merge_unit(cell, unit: str, continues: bool) -> None:
    """Word's vertical merge: the first cell restarts the merge and holds the text, the cells below
    continue it and stay empty."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    merge = OxmlElement("w:vMerge")
    if continues:
        cell.text = ""
    else:
        merge.set(qn("w:val"), "restart")
        cell.text = unit
    cell._tc.get_or_add_tcPr().append(merge)


class _AutoNumbering:
    """Writes list definitions into numbering.xml: two abstract lists in decimalZero format (the
    second with w:start 17, as a list typed from a template might have) and one w:num instance per
    auto-numbered run, with a w:startOverride where the run does not start where the list would."""

    FIRST, SECOND = 90, 91

    def __init__(self, document):
        from docx.oxml import parse_xml

        self._numbering = document.part.numbering_part.element
        self._parse = parse_xml
        self._next_num = 90
        self._abstract_start = {self.FIRST: 1, self.SECOND: 17}
        self._used = set()
        for abstract_id, start in self._abstract_start.items():
            self._insert_abstract(abstract_id, start)

    def _insert_abstract(self, abstract_id: int, start: int) -> None:
        from docx.oxml.ns import nsdecls

        abstract = self._parse(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimalZero"/>'
            '<w:lvlText w:val="%1"/><w:lvlJc w:val="center"/></w:lvl></w:abstractNum>'
        )
        first_num = self._numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self._numbering.append(abstract)

    def new_list(self, start: int, second_abstract: bool) -> int:
        from docx.oxml.ns import nsdecls

        abstract_id = self.SECOND if second_abstract else self.FIRST
        num_id = self._next_num
        self._next_num += 1
        # the first instance of an abstract list starts at its w:start; later ones restart
        override = ""
        if abstract_id in self._used or start != self._abstract_start[abstract_id]:
            override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        self._used.add(abstract_id)
        self._numbering.append(
            self._parse(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id

    @staticmethod
    def number(paragraph, num_id: int) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        )


def docx_corrupt(path: Path, data: dict) -> Path:
    """A Word file whose zip is damaged: the central directory at the end is cut off."""
    whole = docx_contract(path.with_name(path.stem + "-whole.docx"), data).read_bytes()
    path.write_bytes(whole[: len(whole) - 200])
    return path


def docx_damaged_member(path: Path, data: dict) -> Path:
    """A Word file whose zip lists its members but word/document.xml's data are overwritten."""
    whole = bytearray(docx_contract(path.with_name(path.stem + "-whole.docx"), data).read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(whole))) as package:
        info = package.getinfo("word/document.xml")
    data_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(data_start + 10, data_start + min(info.compress_size, 400)):
        whole[offset] = 0x55
    path.write_bytes(bytes(whole))
    return path


# -- Excel (openpyxl) ------------------------------------------------------------------------


def xlsx_annex(path: Path, data: dict) -> Path:
    """The annex as officers keep it in Excel: a title row, the header, one row per line with
    amounts as numbers, 服务单位 merged down per unit, and a 合计 row."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "运维项目清单明细"
    sheet.append([data["title"]])
    sheet.append(ANNEX_HEADER)
    first_row_of_unit = None
    previous_unit = None
    for line in data["line_items"]:
        row = annex_row(line)
        row[0] = line["seq"]
        row[6] = float(line["amount"]) if line.get("amount") else None
        sheet.append(row)
        current = sheet.max_row
        if line["unit"] == previous_unit:
            sheet.cell(current, 2).value = None
        else:
            _merge_down(sheet, first_row_of_unit, current - 1)
            first_row_of_unit = current
        previous_unit = line["unit"]
    _merge_down(sheet, first_row_of_unit, sheet.max_row)
    sheet.append(["合计", None, None, None, None, None, float(data["total_amount"])])
    workbook.save(str(path))
    return path


def _merge_down(sheet, first: int | None, last: int) -> None:
    if first is not None and last > first:
        sheet.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)


# -- files that are not what their name says ---------------------------------------------------


def picture_named_pdf(path: Path) -> Path:
    """A GIF picture named .pdf: a format the importer does not read (PNG and JPEG pages are read by OCR)."""
    from PIL import Image

    Image.new("RGB", (20, 20), "white").save(path, format="GIF")
    return path


def zip_named_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "not a Word file")
    return path


def text_named_pdf(path: Path) -> Path:
    path.write_text("项目名称：这不是PDF文件\n", encoding="utf-8")
    return path
