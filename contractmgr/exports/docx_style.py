"""How the generated Word documents look: Chinese fonts and sizes, A4 pages, tables, page numbers.

Chinese documents name their fonts for the East-Asian script (w:rFonts w:eastAsia) and their sizes
in 号 (三号, 四号, 小四, 五号). Word and WPS pick the font of a Chinese character from w:eastAsia
only, and python-docx's `font.name` sets the Latin slots (w:ascii, w:hAnsi); a document that sets
only `font.name = "宋体"` shows its Chinese text in the template's theme font. So every run gets
both, and the document defaults lose their theme fonts (a w:eastAsiaTheme beats an explicit
w:eastAsia in the same element).

Typesetting as the contract does it: 宋体 in tables, 仿宋 for body text, bold 黑体 or 宋体 for titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from contractmgr.domain.money import format_plain

# -- fonts and sizes -----------------------------------------------------------------------

SONG = "宋体"  #: SimSun: tables
FANGSONG = "仿宋"  #: FangSong: body text
HEI = "黑体"  #: SimHei: titles
LATIN = "Times New Roman"  #: figures and Latin letters beside the Chinese text

#: Chinese point sizes (字号) in points
SIZES = {
    "二号": Pt(22),
    "小二": Pt(18),
    "三号": Pt(16),
    "小三": Pt(15),
    "四号": Pt(14),
    "小四": Pt(12),
    "五号": Pt(10.5),
    "小五": Pt(9),
}


@dataclass(frozen=True)
class TextStyle:
    """A font and a size (in 号) for a run, bold or not."""

    east_asia: str
    size: str
    bold: bool = False


TITLE = TextStyle(HEI, "三号", bold=True)
SUBTITLE = TextStyle(SONG, "四号", bold=True)
HEADING = TextStyle(HEI, "小四", bold=True)
BODY = TextStyle(FANGSONG, "小四")
TABLE = TextStyle(SONG, "五号")
TABLE_HEAD = TextStyle(SONG, "五号", bold=True)
FOOTER = TextStyle(SONG, "小五")


def set_run_style(run, style: TextStyle) -> None:
    """Give `run` its East-Asian font (w:eastAsia), a Latin font for figures, its size and weight."""
    run.font.name = LATIN  # w:ascii and w:hAnsi
    _set_fonts(run._element.get_or_add_rPr(), style.east_asia)
    run.font.size = SIZES[style.size]
    _set_val(run._element.get_or_add_rPr(), "w:szCs", str(int(SIZES[style.size].pt * 2)))
    run.font.bold = style.bold


def _set_fonts(rpr, east_asia: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), LATIN)
    # Punctuation shared by both scripts (“”：（）) takes the East-Asian font, as typed in WPS.
    fonts.set(qn("w:hint"), "eastAsia")


def _set_val(parent, tag: str, value: str):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    element.set(qn("w:val"), value)
    return element


def add_text(paragraph, text: str, style: TextStyle):
    """Append `text` to `paragraph` in `style`; line breaks in `text` become w:br."""
    run = paragraph.add_run(text)
    set_run_style(run, style)
    return run


def add_paragraph(
    container,
    text: str,
    style: TextStyle,
    *,
    align: str = "left",
    space_after: float = 0,
    first_line_indent: bool = False,
):
    """A paragraph of `text` in `style` at the end of `container` (a document or a cell)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if first_line_indent:  # two characters, as Chinese body text is indented
        paragraph.paragraph_format.first_line_indent = Pt(SIZES[style.size].pt * 2)
    if text:
        add_text(paragraph, text, style)
    return paragraph


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# -- the document --------------------------------------------------------------------------

A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)


def prepare(
    document: DocxDocument,
    *,
    landscape: bool,
    body: TextStyle,
    title: str,
    margins_cm: tuple[float, float] = (2.5, 2.5),
) -> None:
    """A4 (portrait or landscape), margins (top/bottom, left/right), Chinese defaults.

    The defaults matter for text no run styles (empty paragraphs, the page-number field) and for
    what Word offers when someone types into the document."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    vertical, horizontal = margins_cm
    section.top_margin = section.bottom_margin = Cm(vertical)
    section.left_margin = section.right_margin = Cm(horizontal)
    section.header_distance = section.footer_distance = Cm(1.2)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, body.east_asia)
    _set_val(rpr, "w:sz", str(int(SIZES[body.size].pt * 2)))
    _set_val(rpr, "w:szCs", str(int(SIZES[body.size].pt * 2)))
    lang = _set_val(rpr, "w:lang", "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    _set_fonts(normal.element.get_or_add_rPr(), body.east_asia)
    normal.font.size = SIZES[body.size]
    properties = document.core_properties
    properties.title, properties.author, properties.language = title, "contractmgr", "zh-CN"
    properties.created = properties.modified = datetime.now(UTC).replace(tzinfo=None)
    properties.revision = 1


def page_number_footer(document: DocxDocument) -> None:
    """「第 N 页 共 M 页」 centred in the footer, N and M as PAGE and NUMPAGES fields."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(paragraph, "第 ", FOOTER)
    add_field(paragraph, "PAGE", "1")
    add_text(paragraph, " 页 共 ", FOOTER)
    add_field(paragraph, "NUMPAGES", "1")
    add_text(paragraph, " 页", FOOTER)


def add_field(paragraph, instruction: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES …) as Word writes one: begin, instruction, separate, result, end.
    Word and LibreOffice recompute the result when they lay the pages out."""

    def run_with(*children):
        run = paragraph.add_run()
        set_run_style(run, FOOTER)
        for child in children:
            run._element.append(child)

    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    result = OxmlElement("w:t")
    result.text = shown
    run_with(begin)
    run_with(text)
    run_with(separate)
    run_with(result)
    run_with(end)


def to_bytes(document: DocxDocument) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- tables --------------------------------------------------------------------------------


def new_table(container, columns_cm: list[float], *, grid: bool = True):
    """A table with fixed column widths (Word and LibreOffice then lay it out alike), centred."""
    table = container.add_table(rows=0, cols=len(columns_cm))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, columns_cm, strict=True):
        column.width = Cm(width)
    return table


def add_row(table, texts: list[str], style: TextStyle, *, aligns: list[str] | None = None):
    """A row of `texts` in `style`; each cell gets its width (tcW) and is centred vertically."""
    row = table.add_row()
    aligns = aligns or ["left"] * len(texts)
    widths = [column.width for column in table.columns]
    for cell, text, align, width in zip(row.cells, texts, aligns, widths, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        write_cell(cell, text, style, align)
    return row


def write_cell(cell, text: str, style: TextStyle, align: str = "left") -> None:
    """Replace the cell's text: one paragraph per line of `text`."""
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.alignment = ALIGN[align]
        if line:
            add_text(paragraph, line, style)


def repeat_as_header(row) -> None:
    """Mark `row` as a header row Word repeats at the top of every page (w:tblHeader)."""
    _set_val(row._tr.get_or_add_trPr(), "w:tblHeader", "true")


def keep_row_together(row) -> None:
    """Forbid `row` from breaking across a page (w:cantSplit): for short rows like the 合计."""
    _set_val(row._tr.get_or_add_trPr(), "w:cantSplit", "true")


def no_borders(table) -> None:
    """Signature blocks are tables without lines."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def signature_blocks(
    document: DocxDocument,
    parties: list[tuple[str, str]],
    *,
    signed_on: date | None = None,
    representative: str = "法定代表人或授权代表（签字）",
):
    """Side by side, one block per party: 「甲方（盖章）：name」, the representative's signature line
    and the date (printed when known, else left to be written by hand)."""
    table = new_table(document, [8.0] * len(parties), grid=False)
    no_borders(table)
    for label_of in (
        lambda role, name: f"{role}（盖章）：{name}",
        lambda role, name: f"{representative}：",
        lambda role, name: f"日期：{cn_date(signed_on)}",
    ):
        row = add_row(table, [label_of(role, name) for role, name in parties], BODY)
        keep_row_together(row)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(18)
            # the block stays on one page: each row keeps with the next, up to the last
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    for cell in table.rows[-1].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = False
    return table


# -- data as the documents print it ---------------------------------------------------------


def cn_date(day: date | datetime | None, blank: str = "    年  月  日") -> str:
    """2026年5月22日, whatever the reader's interface language: these are Chinese documents.
    `blank` leaves room to write the date by hand."""
    if day is None:
        return blank
    return f"{day.year}年{day.month}月{day.day}日"


def figures(amount: Decimal) -> str:
    """An amount as the contract prints it in tables: 8271400.00 (two decimals, no separators)."""
    return format_plain(amount)


def yuan(amount: Decimal) -> str:
    """An amount as the contract prints it in a sentence: ¥8271400.00元."""
    return f"¥{format_plain(amount)}元"
