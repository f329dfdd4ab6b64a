"""`flask --app app import FILE...`: read a tender or contract file as the upload page does.

    flask --app app import contract.pdf --json                   # the parsed document as JSON; saves nothing
    flask --app app import contract.pdf --save --user officer    # keep the file, create the contract
    flask --app app import p1.jpg p2.png p3.jpg --json           # page images: one scanned document
    flask --app app import renewal.pdf --save --user officer --chain 7       # as the next year of chain 7
    flask --app app import renewal.pdf --save --user officer --chain new --year 2
    flask --app app import notice.pdf --save --user officer --award-for HT-000012 --notice-on 2026-05-06

Several files are JPEG/PNG page images of one document (a scan, photos of pages), read as one scan
in the order of their names (p2 before p10), as the upload page does; each image is kept with --save.

`--json` prints the document (valid against document.schema.json) on stdout; warnings go to stderr
as well, one a line. `--save` does in one transaction what the review page's "confirm" does — the
file kept by its sha256, the import record confirmed, the tender or contract created with all its
lines — attributed to `--user`, a procurement officer, who accepts the warnings as printed. The
choices are the review page's, with its defaults, printed: a contract goes in the renewal chain the
review proposes (`--chain ID` a chain on file, `--chain new` a new one; `--year N` its year in a new
chain); an award notice is recorded on its contract (`--award-for HT-000012`; default: the one contract
with its procurement number) with the day its notice was sent (`--notice-on`). Exit
status 0 when the file was read (warnings or not) and, with --save, saved; 1 with a one-line error
on stderr otherwise. On a terminal, a progress bar shows the pages read.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa

from contractmgr import clock
from contractmgr.audit import acting_as
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord, Role, Tender, User
from contractmgr.services import chain_placement, imports
from contractmgr.services.storage import upload_limit
from contractmgr.texts.imports import document_message
from contractmgr.texts.messages import explain_violation, finding_text
from importers import DocumentError, ParsedDocument, is_page_image, scan_of_page_images


def _fail(message: str) -> None:
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(1)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed document as JSON (document.schema.json).")
@click.option("--save", is_flag=True, help="Keep the file and create the tender or contract, confirmed as read.")
@click.option("--user", "username", help="The procurement officer who confirms the import (needed with --save).")
@click.option(
    "--chain",
    metavar="ID|new",
    help="A contract's renewal chain: a chain id on file, or new. Default: the chain the review page proposes.",
)
@click.option(
    "--year",
    type=click.IntRange(1, 10),
    help="The contract's year in a new chain (its first year starts that many years earlier). Default: proposed.",
)
@click.option(
    "--award-for",
    "award_for",
    metavar="HT-000012",
    help="An award notice's contract (default: the only one with its number).",
)
@click.option("--notice-on", type=click.DateTime(["%Y-%m-%d"]), help="The day an award notice was sent (YYYY-MM-DD).")
@click.option(
    "--lot",
    metavar="包号",
    help="A contract's lot: one of its own lots, or, when it lists none, of the tender in lots on file with its "
    "procurement number (needed then).",
)
def import_command(
    files: tuple[Path, ...],
    as_json: bool,
    save: bool,
    username: str | None,
    chain: str | None,
    year: int | None,
    award_for: str | None,
    notice_on,
    lot: str | None,
) -> None:
    """Read FILE (PDF, Word or Excel; the format is found in the content), or JPEG/PNG page images of one
    document, into a tender or contract."""
    if chain is not None and chain != chain_placement.NEW_CHAIN and not chain.isdigit():
        _fail(f"--chain takes a chain id or {chain_placement.NEW_CHAIN}; got {chain}")
    for file in files:
        if not file.is_file():
            _fail(f"no such file: {file}")
    choices = _Choices(chain, year, award_for, notice_on.date() if notice_on else None, lot)
    with tempfile.TemporaryDirectory(prefix="contractmgr-import-") as folder:
        file, name, images = _document_of(files, Path(folder))
        _import(file, name, images, choices, as_json=as_json, save=save, username=username)


def _document_of(files: tuple[Path, ...], folder: Path) -> tuple[Path, str, list[tuple[Path, str]]]:
    """The file to read, its name, and the page images it was made of (in page order; none for one
    document file)."""
    if len(files) == 1 and not is_page_image(files[0]):
        return files[0], files[0].name, []
    scan = folder / "scan.pdf"
    try:
        images = scan_of_page_images(
            [(file, file.name) for file in files], scan, max_bytes=upload_limit(), max_total=imports.images_limit()
        )
    except DocumentError as error:
        _fail(f"{error.code}: {document_message(error, upload_limit())}")
    return scan, imports.scan_name([name for _, name in images]), images


def _import(
    file: Path,
    name: str,
    images: list[tuple[Path, str]],
    choices: _Choices,
    *,
    as_json: bool,
    save: bool,
    username: str | None,
) -> None:
    sha256 = imports.sha256_of(file)
    if save:
        try:
            user = _officer(username)
            imports.check_not_imported(sha256)
        except RuleViolation as violation:
            _fail(explain_violation(violation))
        except sa.exc.DBAPIError as error:
            _fail(f"cannot save: {_database_problem(error)}")
        earlier = None
    else:
        user = None
        try:
            earlier = imports.earlier_import(sha256)
        except sa.exc.DBAPIError as error:
            # Reading saves nothing: without a database it still reads, and says what it could not check.
            db.session.rollback()
            click.echo(
                f"note: whether this file was imported before is not known: {_database_problem(error)}", err=True
            )
            earlier = None
    document = _read(file, name, max_bytes=file.stat().st_size if images else None)
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
        _save(document, file, images, user, choices, to=sys.stderr if as_json else sys.stdout)


def _database_problem(error: sa.exc.DBAPIError) -> str:
    """One line on a database that cannot be read, and what to run."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
    return f"the database cannot be read ({reason}); if it was never set up, run: flask --app app db upgrade"


def _officer(username: str | None) -> User:
    if not username:
        _fail("--save needs --user NAME, the procurement officer who confirms the import")
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        _fail(f"no user named {username}")
    if user.role != Role.PROCUREMENT:
        _fail(f"{username} is not a procurement officer; only procurement officers confirm imports")
    return user


def _read(file: Path, name: str, max_bytes: int | None) -> ParsedDocument:
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        return imports.read_file(file, name, progress=bar, max_bytes=max_bytes)
    except DocumentError as error:
        _fail(f"{error.code}: {document_message(error)}")
    finally:
        if bar is not None:
            bar.close()


@dataclass(frozen=True)
class _Choices:
    """What the review page would have the officer choose: the renewal chain and year, the award's contract,
    the contract's lot."""

    chain: str | None
    year: int | None
    award_for: str | None
    notice_on: date | None
    lot: str | None = None


def _confirm(record: ImportRecord, choices: _Choices, to) -> Contract | Tender:
    """Confirm as the review page does, with the officer's choices or the page's defaults, printed."""
    payload = record.payload
    if payload["kind"] == "award":
        contract_number = choices.award_for or _only_award_contract(payload)
        click.echo(f"award notice for: {contract_number or '(no contract given)'}", file=to)
        award = imports.AwardNotice(contract_number, choices.notice_on)
        return imports.confirm_award_notice(record, payload, award, acknowledge_warnings=True, today=clock.today())
    placement = None
    if payload["kind"] == "contract":
        placement = chain_placement.chosen_placement(payload, choices.chain, choices.year)
        chosen = chain_placement.describe_placement(placement)
        click.echo(
            "chain: " + ", ".join(f"{key} {value}" for key, value in chosen.items() if value is not None), file=to
        )
        if choices.lot:
            payload = {**payload, "lot": choices.lot}
            click.echo(f"lot: {choices.lot}", file=to)
    return imports.confirm_import(record, payload, acknowledge_warnings=True, placement=placement)


def _only_award_contract(payload: dict) -> str | None:
    candidates = imports.award_contracts(payload)
    if len(candidates) > 1:
        _fail(
            "this award notice's number is on several contracts ("
            + ", ".join(contract.record_number for contract in candidates)
            + "); say which with --award-for"
        )
    return candidates[0].record_number if candidates else None


def _save(
    document: ParsedDocument, file: Path, images: list[tuple[Path, str]], user: User, choices: _Choices, to
) -> None:
    with acting_as(user.id):
        try:
            page_files = imports.keep_page_images(images, by=user)
            record = imports.store_import(document, file, by=user, page_files=page_files)
            created = _confirm(record, choices, to)
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
    if record.payload["kind"] == "award":
        saved = f"recorded the award notice on contract {created.record_number}: {created.title} ("
    else:
        saved = f"saved {record.kind} {created.id}: {created.title} ({len(record.payload['line_items'])} lines; "
    click.echo(f"{saved}import {record.id}, file sha256 {record.sha256})", file=to)


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
