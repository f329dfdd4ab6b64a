"""Answering with a stored file (an uploaded material version, inspection record or import source)."""

import io

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
