"""`flask --app app import FILE`: read a tender or contract file as the upload page does.

    flask --app app import contract.pdf --json                   # the parsed document as JSON; saves nothing
    flask --app app import contract.pdf --save --user officer    # keep the file, create the contract

`--json` prints the document (valid against document.schema.json) on stdout; warnings go to stderr
as well, one a line. `--save` does in one transaction what the review page's "confirm" does — the
file kept by its sha256, the import record confirmed, the tender or contract created with all its
lines — attributed to `--user`, a procurement officer, who accepts the warnings as printed. Exit
status 0 when the file was read (warnings or not) and, with --save, saved; 1 with a one-line error
on stderr otherwise. On a terminal, a progress bar shows the pages read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import sqlalchemy as sa

from contractmgr.audit import acting_as
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import ImportRecord, Role, User
from contractmgr.services import imports
from contractmgr.texts.imports import document_message
from contractmgr.texts.messages import explain_violation, finding_text
from importers import DocumentError, ParsedDocument


def _fail(message: str) -> None:
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(1)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed document as JSON (document.schema.json).")
@click.option("--save", is_flag=True, help="Keep the file and create the tender or contract, confirmed as read.")
@click.option("--user", "username", help="The procurement officer who confirms the import (needed with --save).")
def import_command(file: Path, as_json: bool, save: bool, username: str | None) -> None:
    """Read FILE (PDF, Word or Excel; the format is found in the content) into a tender or contract."""
    if not file.is_file():
        _fail(f"no such file: {file}")
    database_ready = _database_ready()
    if save and not database_ready:
        _fail("the database has no tables yet: run `flask --app app db upgrade` first (--json works without it)")
    user = _officer(username) if save else None
    sha256 = imports.sha256_of(file)
    if save:
        try:
            imports.check_not_imported(sha256)
        except RuleViolation as violation:
            _fail(explain_violation(violation))
    earlier = imports.earlier_import(sha256) if database_ready and not save else None
    document = _read(file)
    payload = document.to_payload()
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2) if as_json else _summary(document))
    for warning in payload["warnings"]:
        where = f" ({warning['where']})" if warning["where"] else ""
        click.echo(f"warning: {warning['code']}: {warning['message']}{where}", err=True)
    if earlier is not None:
        click.echo(
            f"note: this file was imported before, on {earlier.created_at:%Y-%m-%d} "
            f"(import {earlier.id}, {earlier.status})",
            err=True,
        )
    if save:
        _save(document, file, user, to=sys.stderr if as_json else sys.stdout)


def _database_ready() -> bool:
    """Whether the database has the import records' table: `--json` reads a file without one."""
    try:
        return sa.inspect(db.engine).has_table(ImportRecord.__tablename__)
    except sa.exc.OperationalError:  # no database to connect to at all
        return False


def _officer(username: str | None) -> User:
    if not username:
        _fail("--save needs --user NAME, the procurement officer who confirms the import")
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        _fail(f"no user named {username}")
    if user.role != Role.PROCUREMENT:
        _fail(f"{username} is not a procurement officer; only procurement officers confirm imports")
    return user


def _read(file: Path) -> ParsedDocument:
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        return imports.read_file(file, file.name, progress=bar)
    except DocumentError as error:
        _fail(f"{error.code}: {document_message(error)}")
    finally:
        if bar is not None:
            bar.close()


def _save(document: ParsedDocument, file: Path, user: User, to) -> None:
    with acting_as(user.id):
        try:
            record = imports.store_import(document, file, by=user)
            created = imports.confirm_import(record, record.payload, acknowledge_warnings=True)
        except imports.ImportNotReady as not_ready:
            db.session.rollback()
            _fail(
                "cannot save: "
                + "; ".join(
                    f"{problem.target or 'document'}: {finding_text(problem)}" for problem in not_ready.problems
                )
            )
        except RuleViolation as violation:
            db.session.rollback()
            _fail(explain_violation(violation))
        db.session.commit()
    click.echo(
        f"saved {record.kind} {created.id}: {created.title} ({len(record.payload['line_items'])} lines; "
        f"import {record.id}, file sha256 {record.sha256})",
        file=to,
    )


def _summary(document: ParsedDocument) -> str:
    total = f"{document.total_amount:,.2f}" if document.total_amount is not None else "—"
    return (
        f"{document.kind}: {document.title or '(no title)'}\n"
        f"{len(document.line_items)} lines, total {total}, {len(document.warnings)} warnings "
        f"({document.source.format}, {document.source.pages or '—'} pages, sha256 {document.source.sha256})"
    )


class _ProgressBar:
    """click's progress bar on stderr, sized when the reader first says how many pages there are."""

    def __init__(self):
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="reading", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
