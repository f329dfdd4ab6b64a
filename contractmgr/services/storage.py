"""Uploaded files, kept once under their sha256 in STORAGE_DIR (outside the web root), never overwritten.

Any feature that takes a file calls `save_upload` (or `save_bytes`) and keeps the StoredFile it gets
back on its own record (a material version, an inspection, an import). The format is found in the
content — magic bytes, and the members of a zip package for Word and Excel — never in the name; a
name that claims one format over content of another (a .pdf that is a PNG, a .docx that is text) is
refused. Same content, same StoredFile row: the row keeps the name of its first upload.

This module knows nothing of who may read a file, nor of responses. A download view first finds the
record the file belongs to through the contract the user may see (`contract_for`), and only then
sends the content at `stored_path` (contractmgr.web.files); there is no route that serves a file by
its id or hash alone.

Broken rules raise RuleViolation: file_empty, file_too_large, file_format_unsupported,
file_format_not_allowed, file_format_mismatch, and for content nobody could open or that breaks the
importer's limits file_encrypted, file_damaged, file_over_limit (sentences in contractmgr.texts.messages).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Collection
from pathlib import Path, PurePath
from typing import IO

import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import FileStorage

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import StoredFile, User
from importers import limits
from importers.errors import DocumentError, EncryptedPdf

#: The formats the application accepts anywhere: PDF, Word, Excel and images.
ACCEPTED_FORMATS = ("pdf", "docx", "xlsx", "png", "jpeg")
#: The file-name extensions each format may carry.
EXTENSIONS = {"pdf": ("pdf",), "docx": ("docx",), "xlsx": ("xlsx",), "png": ("png",), "jpeg": ("jpg", "jpeg")}
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
#: Extensions we know the format of: a name ending in one of these must match the content.
_FORMAT_OF_EXTENSION = {ext: fmt for fmt, exts in EXTENSIONS.items() for ext in exts} | {
    "doc": "doc",
    "xls": "xls",
    "txt": "text",
    "csv": "text",
    "gif": "gif",
    "zip": "zip",
}

#: The fields and multipart headers around the files of an upload form.
FORM_ROOM = 1024 * 1024

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes) -> str | None:
    """The format of `data` from its content: pdf, docx, xlsx, png, jpeg; "doc" for an old binary
    Office file (OLE2, .doc/.xls alike), "zip" for another zip package; None when unknown."""
    head = data[:1024]
    if b"%PDF-" in head:  # readers allow a little junk before the header, as pdf.js and Acrobat do
        return "pdf"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head.startswith(_OLE2_MAGIC):
        return "doc"
    if head.startswith(_ZIP_MAGIC):
        return _office_format(data)
    return None


def _office_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def upload_limit() -> int:
    """The largest file accepted, in bytes: MAX_CONTENT_LENGTH (also the whole request's limit)."""
    return int(current_app.config["MAX_CONTENT_LENGTH"])


def request_limit(files: int) -> int:
    """The largest request that carries `files` files of the upload limit each, with room for the form
    around them: what a form of several file inputs allows (the single-file default is the upload limit)."""
    return upload_limit() * max(1, files) + FORM_ROOM


def save_upload(
    upload: FileStorage, *, by: User | None = None, allowed: Collection[str] = ACCEPTED_FORMATS
) -> StoredFile:
    """Store an uploaded file (a werkzeug FileStorage, as request.files gives) and return its row."""
    limit = upload_limit()
    data = upload.stream.read(limit + 1)
    return save_bytes(data, upload.filename or "", by=by, allowed=allowed, limit=limit)


def save_bytes(
    data: bytes,
    filename: str,
    *,
    by: User | None = None,
    allowed: Collection[str] = ACCEPTED_FORMATS,
    limit: int | None = None,
) -> StoredFile:
    """Store `data` named `filename` and return its StoredFile (an existing row for content stored before).

    Refuses an empty file, one larger than `limit` (default: the upload limit), content of no
    `allowed` format, and a name whose extension claims another format than the content's.
    Flushes; the caller's view commits. A file written before a rolled-back transaction stays on
    disk under its hash, harmless: the next upload of that content finds it there (content that must
    never be kept when refused is checked first, with `check_bytes`, and written only once accepted).
    """
    name, found = check_bytes(data, filename, allowed=allowed, limit=limit)
    digest = hashlib.sha256(data).hexdigest()
    stored = db.session.scalar(sa.select(StoredFile).where(StoredFile.sha256 == digest))
    _write_once(digest, data)
    if stored is None:
        stored = StoredFile(
            sha256=digest, size=len(data), format=found, original_name=name[:255], uploaded_by_id=by.id if by else None
        )
        db.session.add(stored)
        db.session.flush()
    return stored


def check_bytes(
    data: bytes, filename: str, *, allowed: Collection[str] = ACCEPTED_FORMATS, limit: int | None = None
) -> tuple[str, str]:
    """The checks of `save_bytes`, writing nothing: the file's name as kept and its format, or the
    RuleViolation `save_bytes` would raise."""
    limit = upload_limit() if limit is None else limit
    name = PurePath(filename.replace("\\", "/")).name.strip() or "file"
    if not data:
        raise RuleViolation("file_empty", name=name)
    if len(data) > limit:
        raise RuleViolation("file_too_large", name=name, limit_mb=round(limit / (1024 * 1024), 1))
    found = sniff_format(data)
    if found is None and data.startswith(_ZIP_MAGIC):  # a zip package too damaged to list (cut off)
        raise RuleViolation("file_damaged", name=name)
    if found is None or found not in ACCEPTED_FORMATS:
        raise RuleViolation("file_format_unsupported", name=name, found=found or "unknown")
    if found not in allowed:
        raise RuleViolation("file_format_not_allowed", name=name, found=found, allowed="、".join(allowed))
    claimed = _FORMAT_OF_EXTENSION.get(Path(name).suffix.lower().lstrip("."))
    if claimed != found:
        # Also a name with no or an unknown extension: people and their tools open files by name.
        raise RuleViolation(
            "file_format_mismatch", name=name, found=found, expected="、".join(f".{ext}" for ext in EXTENSIONS[found])
        )
    _check_content(data, found, name)
    return name, found


def _check_content(data: bytes, found: str, name: str) -> None:
    """Refuse content that nobody could open, or that would make a reader use unbounded memory:
    a PDF cut off before its end or one that needs a password (importers.limits.check_pdf); a Word
    or Excel package over the importer's limits — a zip bomb, members that lie about their sizes,
    ranges of billions of cells — or too damaged to list (importers.limits.check_package)."""
    try:
        if found == "pdf":
            limits.check_pdf(io.BytesIO(data), max_pages=None)  # kept for people to read, not parsed
        elif found in ("docx", "xlsx"):
            limits.check_package(io.BytesIO(data))
    except limits.FileOverLimit as error:
        raise RuleViolation("file_over_limit", name=name, **error.params) from error
    except EncryptedPdf as error:
        raise RuleViolation("file_encrypted", name=name) from error
    except DocumentError as error:
        raise RuleViolation("file_damaged", name=name) from error


def storage_path(sha256: str) -> Path:
    """Where the content with this hash lives: STORAGE_DIR/ab/abcdef…"""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return Path(current_app.config["STORAGE_DIR"]) / sha256[:2] / sha256


def _write_once(digest: str, data: bytes) -> None:
    """Write the content under its hash unless it is there already; never overwrite."""
    target = storage_path(digest)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o440)
        with contextlib.suppress(FileExistsError):  # another request stored the same content meanwhile
            os.link(temporary, target)
    finally:
        os.unlink(temporary)


def keep_file(path: Path) -> str:
    """Keep the file at `path` (a spooled upload) in the store under its hash, as `save_bytes` would,
    but without a StoredFile row and without checking its format: a job worker on any host reads it
    from there (`storage_path`), and the record that takes it on (an import) adds the row. Returns
    the sha256. The spooled file itself is left to the caller."""
    with path.open("rb") as source:
        return keep_open_file(source)


def keep_open_file(source: IO[bytes]) -> str:
    """Keep the content of `source` (read from where it stands, a block at a time) in the store under
    its hash, never overwriting; returns the sha256. The file is left open at its end."""
    start = source.tell()
    digest = hashlib.sha256()
    while block := source.read(1 << 20):
        digest.update(block)
    sha256 = digest.hexdigest()
    target = storage_path(sha256)
    if target.exists():
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    source.seek(start)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o440)
        with contextlib.suppress(FileExistsError):  # another request stored the same content meanwhile
            os.link(temporary, target)
    finally:
        os.unlink(temporary)
    return sha256


def store_made_file(source: IO[bytes], filename: str, fmt: str, *, by: User | None) -> StoredFile:
    """Keep a file the application made (an export written by a job worker) and its StoredFile row: the
    content is ours, so only its hash is taken, not its format sniffed. Flushes."""
    start = source.tell()
    sha256 = keep_open_file(source)
    return stored_file_row(sha256, source.tell() - start, filename, fmt, by=by)


def stored_file_row(sha256: str, size: int, filename: str, fmt: str, *, by: User | None) -> StoredFile:
    """The StoredFile row of content already kept under `sha256` (`keep_open_file`), made when missing. Flushes."""
    stored = db.session.scalar(sa.select(StoredFile).where(StoredFile.sha256 == sha256))
    if stored is None:
        stored = StoredFile(
            sha256=sha256, size=size, format=fmt, original_name=filename[:255], uploaded_by_id=by.id if by else None
        )
        db.session.add(stored)
        db.session.flush()
    return stored


def stored_path(stored: StoredFile) -> Path:
    """Where a stored file's content is; the caller has already checked the user may read it."""
    return storage_path(stored.sha256)
