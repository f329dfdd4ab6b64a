"""Exports written to a temporary file are streamed in blocks, and the file is closed (so deleted) once sent
or once the client stops reading."""

import os
import tempfile

from contractmgr.web.files import send_temporary


def _temporary(size: int):
    file = tempfile.TemporaryFile()  # noqa: SIM115 — the response under test closes it
    file.write(os.urandom(size))
    file.seek(0)
    return file


def test_a_temporary_file_is_sent_in_blocks_then_closed(app):
    file = _temporary(200_000)
    with app.test_request_context():
        response = send_temporary(file, "总览.xlsx", "application/octet-stream")
    assert response.headers["Content-Length"] == "200000"
    assert "attachment" in response.headers["Content-Disposition"] and "private" in response.headers["Cache-Control"]
    blocks = list(response.response)
    assert len(blocks) == 4 and sum(map(len, blocks)) == 200_000 and file.closed


def test_the_file_is_closed_when_the_client_stops_reading(app):
    file = _temporary(200_000)
    with app.test_request_context():
        response = send_temporary(file, "x.xlsx", "application/octet-stream")
    blocks = iter(response.response)
    next(blocks)
    response.close()  # the WSGI server closes the response of a client that went away
    assert file.closed
