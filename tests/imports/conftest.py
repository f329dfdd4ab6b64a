"""Real files for the import journeys (generated once per session by tests/documents.py), and helpers
that upload them through the page as an officer's browser would, CSRF token included."""

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.test import EnvironBuilder

from contractmgr.extensions import db
from contractmgr.models import (
    AuditEntry,
    Contract,
    ImportRecord,
    LineItem,
    Organisation,
    PaymentMilestone,
    StoredFile,
    Tender,
    TenderItem,
)
from contractmgr.services.imports import SPOOL_PREFIX
from tests import documents
from tests.helpers import csrf_token

#: Tables an import may write to: nothing may appear in them before the officer confirms.
COUNTED = (ImportRecord, StoredFile, Contract, LineItem, PaymentMilestone, Tender, TenderItem, Organisation)


# contract_data, tender_data, files, contract_pdf, contract_docx, tender_docx: tests/document_fixtures.py


@pytest.fixture(scope="session")
def annex_xlsx(files, contract_data) -> Path:
    return documents.xlsx_annex(files / "annex_merged_units_total_row.xlsx", contract_data)


@pytest.fixture(scope="session")
def contract_pdf_wrong_milestone(files, contract_data) -> Path:
    return documents.pdf_contract_wrong_milestone(files / "contract_milestone_not_70_percent.pdf", contract_data)


@pytest.fixture
def officer(client, demo, login):
    """The test client signed in as the demo procurement officer."""
    login("officer")
    return client


def upload(client, path: Path, name: str | None = None, *, background: bool = False):
    """POST the file to the upload page; with `background`, as the page's script does (JSON, a job)."""
    token = csrf_token(client.get("/imports/"))
    headers = {"Accept": "application/json"} if background else {}
    with open(path, "rb") as file:
        builder = EnvironBuilder(
            path="/imports/",
            method="POST",
            headers=headers,
            data={"csrf_token": token, "file": (file, name or path.name)},
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
    try:
        return client.open(environ)
    finally:
        # werkzeug's test client spools a body over 500 KB to a temporary file it never closes
        environ["wsgi.input"].close()


def upload_pages(client, paths: list[Path], *, background: bool = False):
    """POST several files at once in the upload form's one file field (the page images of one document),
    in the order given."""
    token = csrf_token(client.get("/imports/"))
    headers = {"Accept": "application/json"} if background else {}
    files = [open(path, "rb") for path in paths]  # noqa: SIM115 — closed below
    try:
        builder = EnvironBuilder(
            path="/imports/",
            method="POST",
            headers=headers,
            data={"csrf_token": token, "file": [(file, path.name) for file, path in zip(files, paths, strict=True)]},
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
    finally:
        for file in files:
            file.close()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


def records_only(found: dict[str, int]) -> dict[str, int]:
    """The counts without the audit log (a refused review still keeps its draft, which is audited)."""
    return {table: n for table, n in found.items() if table != "audit_log"}


def counts() -> dict[str, int]:
    """Rows per table an import may touch (and the audit log), read afresh."""
    db.session.rollback()
    found = {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in COUNTED}
    found["audit_log"] = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    return found


class _FormReader(HTMLParser):
    """The fields of the page's form with a given id, as a browser would submit them: checked boxes
    only, the selected option, textarea text."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.fields, self.inside, self.done = form_id, [], False, False
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value", "y" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = [a["name"], None]
        elif tag == "option" and self._select is not None and (self._select[1] is None or "selected" in a):
            self._select[1] = a.get("value")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append(tuple(self._select))
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(response, form_id: str = "review-form") -> dict[str, str]:
    """The form of `response` as a browser would submit it, as {name: value} (a textarea's leading
    newline dropped, as browsers do)."""
    reader = _FormReader(form_id)
    reader.feed(response.get_data(as_text=True))
    assert reader.done, f"no form #{form_id} on the page"
    return {name: re.sub(r"^\r?\n", "", value) for name, value in reader.fields}


def line_field(fields: dict, seq: int, name: str) -> str:
    """The form key of line `seq`'s field `name` (e.g. lines-6-amount for 序号7)."""
    index = next(
        key.split("-")[1]
        for key, value in fields.items()
        if key.startswith("lines-") and key.endswith("-seq") and value == str(seq)
    )
    return f"lines-{index}-{name}"


@pytest.fixture
def spool_dir(tmp_path, monkeypatch):
    """The system's temporary folder, for this test only: where uploads are spooled while read."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def left_behind(folder):
    """The spooled uploads still in `folder`."""
    return [path.name for path in folder.iterdir() if path.name.startswith(SPOOL_PREFIX)]


def stored_files(app):
    """Every file in the file store."""
    return [path for path in Path(app.config["STORAGE_DIR"]).rglob("*") if path.is_file()]
