"""Read an uploaded tender or contract (PDF, Word, Excel; a scanned PDF or JPEG/PNG page images by OCR)
into a `ParsedDocument`: plain data for the review page, checked against `document.schema.json` before
anything is saved.

No Flask and no database here: the upload service calls `check_size`, then `parse_file`, stores the
payload for review and maps `DocumentError` subclasses to messages. Several page images uploaded
together are checked and made one image-only PDF first (`scan_of_page_images`, importers.pages).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from importers import limits, pages
from importers.checks import cross_check
from importers.detect import sniff_format
from importers.document import (
    ImportWarning,
    InvalidPayload,
    ParsedDocument,
    ParsedLine,
    SourceFile,
    from_payload,
    validate_payload,
)
from importers.errors import (
    CorruptFile,
    DocumentError,
    EncryptedPdf,
    FileTooLarge,
    NoLineItemTable,
    ScannedPdf,
    ScanTooSmall,
    TooManyScanPages,
    UnsupportedFormat,
)
from importers.limits import FileOverLimit
from importers.scanned import pages_without_text
from importers.sources import doubt_sources

__all__ = [
    "MAX_UPLOAD_BYTES",
    "check_file",
    "check_size",
    "is_page_image",
    "reads_by_ocr",
    "scan_of_page_images",
    "parse_file",
    "sniff_format",
    "cross_check",
    "ParsedDocument",
    "ParsedLine",
    "ImportWarning",
    "SourceFile",
    "InvalidPayload",
    "from_payload",
    "validate_payload",
    "DocumentError",
    "ScannedPdf",
    "ScanTooSmall",
    "TooManyScanPages",
    "EncryptedPdf",
    "CorruptFile",
    "UnsupportedFormat",
    "NoLineItemTable",
    "FileTooLarge",
    "FileOverLimit",
]

#: The largest upload the importer reads (a 400-line annex PDF is about 1 MiB; scans are far larger)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

#: A format's reader: (path, source, progress) → the document
Reader = Callable[[Path, SourceFile, Callable[[int, int], None] | None], ParsedDocument]


def reader_of(fmt: str) -> Reader:
    """The reader of files of format `fmt` (as `sniff_format` gives it), its module imported now: each
    reader's library takes a fraction of a second to load (openpyxl loads numpy), so `flask import` of a
    Word file loads only python-docx."""
    if fmt == "docx":
        from importers import docx

        return docx.parse
    if fmt == "xlsx":
        from importers import xlsx

        return xlsx.parse
    from importers import pdf

    return pdf.parse_image if fmt in pages.IMAGE_FORMATS else pdf.parse


def check_size(path: Path, limit: int = MAX_UPLOAD_BYTES) -> int:
    """The file's size in bytes; raises FileTooLarge when it is over `limit`."""
    size = Path(path).stat().st_size
    if size > limit:
        raise FileTooLarge(f"{size} bytes > {limit}", size=size, limit=limit)
    return size


def check_file(path: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The file's format, after the checks that need no parser (size, a zip package's limits, the format by
    content): what a background import runs before it queues, so a hostile file is refused at once."""
    path = Path(path)
    check_size(path, max_bytes)
    limits.check_package(path)
    fmt = sniff_format(path)
    if fmt == "pdf":
        limits.check_pdf(path)
    return fmt


def parse_file(
    path: Path,
    *,
    filename: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> ParsedDocument:
    """The document in the file at `path`, with the warnings its cross-checks give.

    The format comes from the content, never from `filename` (the name the user uploaded, kept
    for the record; defaults to the path's name). `progress(done_pages, total_pages)` is called
    in this process as each page is read: the `on_page` callback of a job's page progress or the CLI's
    progress bar (a scan's pages read by OCR come first, in parallel; `total_pages` stays the same).
    A scanned page or a page image is read by OCR (`importers.ocr`). Raises a `DocumentError` subclass when the file cannot be read, and
    FileOverLimit (naming the limit) before any parser opens a file that asks for too much.
    """
    path = Path(path)
    check_size(path, max_bytes)
    limits.check_package(path)
    fmt = sniff_format(path)
    if fmt == "pdf":
        limits.check_pdf(path)
    source = SourceFile(filename=filename or path.name, sha256=sha256_of(path), format=fmt)
    document = reader_of(fmt)(path, source, progress)
    limits.check_lines(len(document.line_items))
    if not document.title:
        document.warn("missing_title", "未找到项目名称，请手工填写。", None)
    document.warnings += cross_check(document)
    doubt_sources(document)
    return document


def is_page_image(path: Path) -> bool:
    """Whether the file is a JPEG or PNG, by its content."""
    try:
        return sniff_format(path) in pages.IMAGE_FORMATS
    except DocumentError:
        return False


def reads_by_ocr(path: Path, fmt: str) -> bool:
    """Whether reading the checked file of format `fmt` needs OCR: a page image, or a PDF with a page
    without a text layer (cheap: no page content is parsed)."""
    return fmt in pages.IMAGE_FORMATS or (fmt == "pdf" and bool(pages_without_text(path)[1]))


def scan_of_page_images(
    images: Sequence[tuple[Path, str]], out: Path, *, max_bytes: int, max_total: int
) -> list[tuple[Path, str]]:
    """Several JPEG/PNG page images (path, uploaded name) as one document: checked (importers.pages;
    a refusal names the file), put in page order — their names sorted as people number pages, p2
    before p10 — and made one image-only PDF at `out`, which `parse_file` reads like any scan. The
    images in page order."""
    ordered = [images[index] for index in pages.natural_order([name for _, name in images])]
    pages.check_images(ordered, max_bytes, max_total)
    pages.combine([path for path, _ in ordered], out)
    return ordered


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
