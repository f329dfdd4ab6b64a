"""Real files of each accepted format, and files whose name says something their content is not."""

import io
import zipfile

from docx import Document
from openpyxl import Workbook
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas


def pdf_bytes(text: str = "日常巡检记录") -> bytes:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setFont("STSong-Light", 14)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def docx_bytes(text: str = "运维工作方案及计划") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(text: str = "项目清单") -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str = "PNG", colour=(180, 35, 44)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


#: An old binary Word file starts with the OLE2 signature.
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

ACCEPTED = {
    "pdf": ("巡检记录.pdf", pdf_bytes),
    "docx": ("工作方案.docx", docx_bytes),
    "xlsx": ("项目清单.xlsx", xlsx_bytes),
    "png": ("现场照片.png", lambda: image_bytes("PNG")),
    "jpeg": ("现场照片.jpg", lambda: image_bytes("JPEG")),
}


def roster_xlsx(rows, headers=None, *, id_as_text: bool = True) -> bytes:
    """A filled-in staff roster as a vendor saves it from Excel: the template's header row, then `rows`
    (tuples of cell values: str, int, date or None); `id_as_text=False` stores the ID column as numbers,
    as Excel does when the column is left General."""
    from contractmgr.services.staff_roster import ROSTER_HEADERS

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "驻场人员"
    sheet.append(list(headers or ROSTER_HEADERS))
    for row in rows:
        sheet.append(list(row))
    if id_as_text:
        for cell in sheet["F"][1:]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
