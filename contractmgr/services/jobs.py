"""The state of background jobs, in our database (the `jobs` table): created when an upload is queued
(or finance asks for the overview workbook), moved on by the worker, read by whichever app process
answers the progress page.

The worker's own steps (start, progress, fail) are single conditional UPDATEs on their own
connection, so a cancellation, made by another process at any moment, is never overwritten: a job
leaves `queued` or `running` once. Nothing here commits, except the worker's progress statements
(`engine.begin()`), which must be seen while the import's own transaction is still open.

Each run of a job owns one attempt: `start` counts the attempt and hands its number to the worker,
and every later step of that run holds only while the job is still running *that* attempt. A job
queued again because its worker looked dead (no heartbeat) may still be running in a live but
stalled worker; when that worker wakes, its progress is refused and its finish (`claim`) finds
nothing to update, so it keeps nothing: one job, one import (or one file), whichever attempt came
first to the finish.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

import importers
from contractmgr.domain.errors import NotFound
from contractmgr.extensions import db
from contractmgr.models import Job, User
from contractmgr.models.types import utcnow
from contractmgr.services import imports
from contractmgr.services.storage import keep_file

OPEN_STATES = ("queued", "running")


class JobStopped(BaseException):  # noqa: N818 — like KeyboardInterrupt, not an error
    """Raised inside the worker when its run no longer owns the job: the job was cancelled, or queued
    again and taken by a later attempt. A BaseException, as cancellation is in asyncio: the importers
    turn any Exception raised while reading into "damaged file", and a stop must pass through them."""


def queue_import(
    path: Path, filename: str, *, by: User, page_files: list[dict] | None = None, reads_by_ocr: bool = False
) -> Job:
    """Keep the spooled upload at `path` in the file store (by its hash, never overwritten) and a
    queued job for it; `page_files`: the page images it was made of, kept already. Flushes; the
    caller commits, then hands the job's id to the queue."""
    sha256 = keep_file(path)
    job = Job(
        id=secrets.token_urlsafe(18),
        kind="import",
        user_id=by.id,
        filename=filename[:255],
        sha256=sha256,
        page_files=page_files or None,
        reads_by_ocr=reads_by_ocr,
    )
    db.session.add(job)
    db.session.flush()
    return job


def queue_upload(received: imports.Received, *, by: User) -> Job:
    """The checks that need no parser, then the upload (with its page images) kept and queued: content
    imported before is refused (RuleViolation), so is a file over a limit or no document at all
    (DocumentError); neither is kept nor queued. Flushes; the caller commits, then hands the job on."""
    imports.check_not_imported(imports.sha256_of(received.path))
    fmt = importers.check_file(received.path, received.max_bytes)
    page_files = imports.keep_page_images(received.images, by=by)
    return queue_import(
        received.path,
        received.filename,
        by=by,
        page_files=page_files,
        reads_by_ocr=importers.reads_by_ocr(received.path, fmt),
    )


def job_for(job_id: str, user: User) -> Job:
    """The user's own import job; NotFound for another user's, an export (services.overview_export) or an
    unknown one."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != "import" or job.user_id != user.id:
        raise NotFound(f"job {job_id}")
    return job


def stale_after() -> timedelta:
    """A running job whose heartbeat is older than this lost its worker (a page takes well under a second)."""
    return timedelta(seconds=current_app.config["JOBS_STALE_AFTER"])


def effective_state(job: Job, now: datetime | None = None) -> str:
    """The job's state as the reader should see it: a running job whose worker stopped waits, `queued`,
    to be started again by the next worker — or is `lost` when it has had all its attempts."""
    now = now or utcnow()
    if job.state == "running" and job.heartbeat_at is not None and now - job.heartbeat_at > stale_after():
        return "queued" if job.attempts < current_app.config["JOBS_MAX_ATTEMPTS"] else "lost"
    return job.state


def cancel(job: Job) -> bool:
    """Cancel a queued or running job (a running one stops at its next page); False when it had ended."""
    changed = db.session.execute(
        sa.update(Job)
        .where(Job.id == job.id, Job.state.in_(OPEN_STATES))
        .values(state="cancelled", finished_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(job)
    return bool(changed)


def give_up(job: Job, code: str) -> None:
    """A queued job that could not be handed to the workers: failed with `code`. Flushes."""
    job.state, job.error_code, job.error_params, job.finished_at = "failed", code, {}, utcnow()
    db.session.flush()


# -- the worker's steps ------------------------------------------------------------------------


def _step(job_id: str, states: tuple[str, ...], *conditions, **values) -> bool:
    """One conditional UPDATE, committed at once on its own connection; False when the job was not in
    `states` (or another condition failed)."""
    with db.engine.begin() as connection:
        where = (Job.id == job_id, Job.state.in_(states), *conditions)
        result = connection.execute(sa.update(Job).where(*where).values(**values))
    return bool(result.rowcount)


def start(job_id: str) -> int | None:
    """queued → running, one attempt more, by this process: the number of the attempt this run owns;
    None for a job cancelled (or taken) before a worker reached it."""
    now = utcnow()
    with db.engine.begin() as connection:
        taken = connection.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.state == "queued")
            .values(
                state="running",
                started_at=now,
                heartbeat_at=now,
                attempts=Job.attempts + 1,
                worker=f"{socket.gethostname()}:{os.getpid()}"[:255],
            )
        ).rowcount
        # Read in the same transaction, which holds the row: no other attempt can start in between.
        return connection.scalar(sa.select(Job.attempts).where(Job.id == job_id)) if taken else None


def _owned(attempt: int) -> tuple:
    return (Job.state == "running", Job.attempts == attempt)


def requeue_stale(now: datetime | None = None) -> list[tuple[str, str]]:
    """Running jobs whose worker died (heartbeat older than stale_after): back to `queued`, or `failed`
    ("job_lost") after JOBS_MAX_ATTEMPTS. The ids (and kinds) to hand to the queue again. Each job moves in one
    conditional UPDATE, so two workers looking at once never both take it."""
    cutoff = (now or utcnow()) - stale_after()
    max_attempts = current_app.config["JOBS_MAX_ATTEMPTS"]
    stale = list(
        db.session.execute(
            sa.select(Job.id, Job.kind, Job.attempts)
            .where(Job.state == "running", Job.heartbeat_at < cutoff)
            .order_by(Job.id)
        ).all()
    )
    db.session.rollback()  # the UPDATEs below commit on their own connection
    requeued = []
    for job_id, kind, attempts in stale:
        old = (Job.heartbeat_at < cutoff, Job.attempts == attempts)
        if attempts < max_attempts:
            if _step(job_id, ("running",), *old, state="queued", done=0, heartbeat_at=None):
                requeued.append((job_id, kind))
        else:
            _step(
                job_id, ("running",), *old, state="failed", error_code="job_lost", error_params={}, finished_at=utcnow()
            )
    return requeued


def progress(job_id: str, attempt: int, done: int, total: int) -> None:
    """Pages read (or rows written) so far, and the heartbeat; raises JobStopped when this attempt no
    longer owns the job (cancelled, or queued again and taken by another worker)."""
    if not _step(job_id, ("running",), Job.attempts == attempt, done=done, total=total, heartbeat_at=utcnow()):
        raise JobStopped(job_id)


def claim(job_id: str, attempt: int) -> bool:
    """running (by this attempt) → done, as the first statement of the transaction that then writes
    the job's result (`keep_result`): the row stays locked until that transaction ends, so a
    cancellation or a later attempt waits and then finds the job done — or it came first, and the
    claim finds nothing and the caller writes nothing. False when this attempt lost the job."""
    result = db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, *_owned(attempt))
        .values(state="done", finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def keep_result(job_id: str, *, import_record_id: int | None = None, stored_file_id: int | None = None) -> None:
    """What the claimed job made, in the claim's transaction (the caller commits both)."""
    db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, Job.state == "done")
        .values(import_record_id=import_record_id, stored_file_id=stored_file_id)
        .execution_options(synchronize_session=False)
    )


def why_stopped(job_id: str) -> str:
    """ "cancelled" when the job was cancelled, else "lost": another attempt owns it (or finished it)."""
    with db.engine.connect() as connection:
        state = connection.scalar(sa.select(Job.state).where(Job.id == job_id))
    return "cancelled" if state == "cancelled" else "lost"


def fail(job_id: str, attempt: int | None, code: str, params: dict) -> None:
    """running → failed, with what the reader is told (worded when shown, in their language); only while
    `attempt` owns the job (a run that never started one may fail any running attempt: None)."""
    owner = () if attempt is None else (Job.attempts == attempt,)
    _step(
        job_id, ("running",), *owner, state="failed", error_code=code, error_params=encode(params), finished_at=utcnow()
    )


def encode(params: dict) -> dict:
    """A rule's parameters as JSON: dates and times tagged so `decode` gives them back."""
    out: dict = {}
    for key, value in params.items():
        if isinstance(value, datetime):
            value = {"$datetime": value.isoformat()}
        elif isinstance(value, date):
            value = {"$date": value.isoformat()}
        elif not isinstance(value, str | int | float | bool | type(None) | list | dict):
            value = str(value)
        out[key] = value
    return out


def decode(params: dict | None) -> dict:
    out: dict = {}
    for key, value in (params or {}).items():
        if isinstance(value, dict) and "$datetime" in value:
            value = datetime.fromisoformat(value["$datetime"])
        elif isinstance(value, dict) and "$date" in value:
            value = date.fromisoformat(value["$date"])
        out[key] = value
    return out


def status_counts() -> dict[str, int]:
    """How many jobs are in each state (for `flask jobs status`)."""
    rows = db.session.execute(sa.select(Job.state, sa.func.count()).group_by(Job.state)).all()
    return {state: count for state, count in rows}


def open_jobs(limit: int = 20) -> list[Job]:
    """The queued and running jobs, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Job).where(Job.state.in_(OPEN_STATES)).order_by(Job.created_at, Job.id).limit(limit)
        )
    )
