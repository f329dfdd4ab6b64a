"""What kind of file this is, from its bytes: never from its name.

A PDF starts with %PDF- (within the first KiB, as readers allow); .docx and .xlsx are zip packages
told apart by their members (word/document.xml, xl/workbook.xml); a PNG or JPEG page image (a scan or
a phone photo of a page) is read by OCR. Old binary Word/Excel files
(.doc/.xls, OLE2) and everything else are refused as UnsupportedFormat.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from importers.document import Format
from importers.errors import CorruptFile, UnsupportedFormat

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


def sniff_format(path: Path) -> Format:
    """ "pdf", "docx", "xlsx", or "png" / "jpeg" for a page image (read by OCR). Raises UnsupportedFormat for anything else and CorruptFile for a
    zip package too damaged to list its members."""
    with open(path, "rb") as file:
        head = file.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head.startswith(_ZIP_MAGIC):
        return _office_format(path)
    if head.startswith(_OLE2_MAGIC):
        raise UnsupportedFormat("OLE2 compound file (.doc/.xls)", kind="ole2")
    raise UnsupportedFormat(f"unknown magic {head[:8]!r}")


def _office_format(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise CorruptFile(f"damaged zip package: {error}") from error
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnsupportedFormat("zip package that is neither Word nor Excel", kind="zip")
