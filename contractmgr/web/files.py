"""Answering with a stored file (an uploaded material version, inspection record or import source), or
with a file just written into a temporary file (an Excel export)."""

import io
import os
from collections.abc import Iterator
from typing import IO

from flask import Response, send_file

from contractmgr.models import StoredFile
from contractmgr.services.storage import MIMETYPES, stored_path


def send_stored(stored: StoredFile, download_name: str | None = None) -> Response:
    """A download of a file the caller has already checked the user may read.

    Served from memory (files are at most the upload limit), so no file handle outlives a
    response that a client never reads to the end."""
    response = send_file(
        io.BytesIO(stored_path(stored).read_bytes()),
        mimetype=MIMETYPES.get(stored.format, "application/octet-stream"),
        as_attachment=True,
        download_name=download_name or stored.original_name,
        etag=stored.sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_temporary(file: IO[bytes], download_name: str, mimetype: str) -> Response:
    """A download of a temporary file (written and rewound by the caller), streamed in blocks and
    closed — and so deleted — when sent, or when a client that stopped reading is let go."""
    response = send_file(file, mimetype=mimetype, as_attachment=True, download_name=download_name, conditional=False)
    response.response = _blocks(file)
    response.content_length = os.fstat(file.fileno()).st_size - file.tell()
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _blocks(file: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    try:
        while block := file.read(size):
            yield block
    finally:
        file.close()
