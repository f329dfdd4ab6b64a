"""Durable jobs: long work (reading an upload for import; later OCR) runs in job workers, separate
processes started with `flask --app app jobs worker` on any host, not in the web process.

The queue is Huey's (docs/architecture.md says why): the message carries only the job's id. Its
storage is chosen by JOBS_URL — by default a SQLite file in the instance folder, which needs no
server (one host); `redis://…` or `postgresql://…` for workers on several hosts. What a person sees
of a job — queued, running with the pages read, done with the import, failed with the sentence,
cancelled — lives in our database (`jobs`, services/jobs.py), so the progress page works whichever
app process serves it and survives a restart of the web server or the worker. A job queued while no
worker runs is kept in the queue's storage and read when one starts.

A job is the whole user action "upload a file for import": it calls the one service function and
makes the one commit, attributed to the uploader (audit.acting_as), and marks the job done in the
same transaction; a job cancelled meanwhile is rolled back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from contractmgr.audit import acting_as
from contractmgr.domain.errors import RuleViolation
from contractmgr.exports import overview_job
from contractmgr.extensions import db
from contractmgr.models import Job, User
from contractmgr.services import imports, overview_export
from contractmgr.services import jobs as job_state
from contractmgr.services.storage import storage_path
from importers import DocumentError

log = logging.getLogger(__name__)

#: How often a running job writes its progress (and learns of a cancellation), at most, in seconds.
PROGRESS_EVERY = 0.25
#: How long an idle worker waits between looks at a queue that cannot wake it (SQLite), at most.
MAX_POLL_SECONDS = 0.5


def init_app(app: Flask) -> None:
    """The app's queue (app.extensions["jobs"]) with its tasks; nothing connects until used."""
    queue = _make_queue(app.config["JOBS_URL"])

    @queue.task(name="import_file")
    def import_file(job_id: str) -> None:
        run_import(app, job_id)

    @queue.task(name="export_overview")
    def export_overview(job_id: str) -> None:
        run_export(app, job_id)

    @queue.periodic_task(crontab(minute="*"), name="requeue_stale")
    def requeue_stale_jobs() -> None:
        requeue_stale(app)

    app.extensions["jobs"] = queue
    app.extensions["jobs.tasks"] = {"import": import_file, "export": export_overview}


def queue_of(app: Flask) -> Huey:
    return app.extensions["jobs"]


def _make_queue(url: str) -> Huey:
    options: dict[str, Any] = {"results": False, "utc": True}
    if url.startswith("redis"):
        return RedisHuey("contractmgr", url=url, **options)
    if url.startswith(("postgresql", "postgres:")):
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1).replace("postgres://", "postgresql://", 1)
        return PostgresHuey("contractmgr", dsn=dsn, **options)
    if url.startswith("sqlite:///"):
        return SqliteHuey("contractmgr", filename=url[len("sqlite:///") :], **options)
    if url == "immediate://":  # tasks run at once, inside the enqueuing request (tests, debugging)
        return MemoryHuey("contractmgr", immediate=True, **options)
    raise ValueError(f"JOBS_URL must be sqlite:///PATH, redis://… or postgresql://…, not {url!r}")


def enqueue(app: Flask, job: Job) -> None:
    """Hand a committed, queued job to the workers."""
    app.extensions["jobs.tasks"][job.kind](job.id)


def enqueue_import(app: Flask, job_id: str) -> None:
    app.extensions["jobs.tasks"]["import"](job_id)


def requeue_stale(app: Flask) -> list[str]:
    """Hand again to the workers the jobs whose worker died mid-job (SIGKILL, a lost host): the import
    was never committed (it commits once, at the end), so reading it again saves nothing twice. Run by
    every worker when it starts and each minute (Huey's periodic task), and by `jobs status --requeue-stale`."""
    with app.app_context():
        try:
            requeued = job_state.requeue_stale()
        finally:
            db.session.remove()
    for job_id, kind in requeued:
        log.warning("job %s lost its worker: queued again", job_id)
        app.extensions["jobs.tasks"][kind](job_id)
    return [job_id for job_id, _kind in requeued]


def run_import(app: Flask, job_id: str) -> str:
    """The task: read the job's upload and keep an import in review, or say why not. Returns how the
    run ended: done, failed, cancelled, lost (another attempt owns the job) or not_started."""
    return _run(app, job_id, _import)


def run_export(app: Flask, job_id: str) -> str:
    """The task: write finance's overview workbook into the file store. Returns as run_import."""
    return _run(app, job_id, _export)


def _run(app: Flask, job_id: str, work: Callable[[Job, int], str]) -> str:
    with app.app_context():
        attempt = None
        try:
            attempt = job_state.start(job_id)
            if attempt is None:
                return "not_started"  # cancelled before a worker reached it, or taken by another worker
            outcome = work(db.session.get(Job, job_id), attempt)
        except job_state.JobStopped:
            db.session.rollback()
            outcome = job_state.why_stopped(job_id)
        except Exception:  # never leave the page polling forever
            log.exception("job %s failed", job_id)
            db.session.rollback()
            job_state.fail(job_id, attempt, "internal", {})
            return "failed"
        finally:
            db.session.remove()
        if outcome == "lost":
            log.warning("job %s: attempt %s lost it to a later attempt; its result is not kept", job_id, attempt)
        return outcome


def _progress(job_id: str, attempt: int, page_delay: float = 0.0) -> Callable[[int, int], None]:
    """A progress callback: writes the count (and the heartbeat) every PROGRESS_EVERY at most, and raises
    JobStopped as soon as this attempt no longer owns the job."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done in (1, total) or now - last >= PROGRESS_EVERY:
            last = now
            job_state.progress(job_id, attempt, done, total)
        if page_delay:
            time.sleep(page_delay)

    return progress


def _finish(job_id: str, attempt: int, keep: Callable[[], dict]) -> str:
    """Claim the job for this attempt and, only then and in the same transaction, keep its result."""
    if not job_state.claim(job_id, attempt):
        db.session.rollback()
        return job_state.why_stopped(job_id)
    job_state.keep_result(job_id, **keep())
    db.session.commit()
    return "done"


def _import(job: Job, attempt: int) -> str:
    job_id = job.id
    progress = _progress(job_id, attempt, current_app.config["JOBS_TEST_PAGE_DELAY"])
    with acting_as(job.user_id):
        user = db.session.get(User, job.user_id)
        path = storage_path(job.sha256)
        try:
            imports.check_not_imported(job.sha256)
            max_bytes = path.stat().st_size if job.page_files else None
            document = imports.read_file(path, job.filename, progress, max_bytes=max_bytes)
        except (DocumentError, RuleViolation) as error:
            db.session.rollback()
            job_state.fail(job_id, attempt, error.code, error.params)
            return "failed"
        _test_stall()
        return _finish(
            job_id,
            attempt,
            lambda: {"import_record_id": imports.store_import(document, path, by=user, page_files=job.page_files).id},
        )


def _export(job: Job, attempt: int) -> str:
    job_id = job.id
    progress = _progress(job_id, attempt)
    with acting_as(job.user_id), overview_job.write(job, progress) as file:
        _test_stall()
        return _finish(job_id, attempt, lambda: {"stored_file_id": overview_export.keep(job, file).id})


def _test_stall() -> None:
    """Tests only (JOBS_TEST_STALL): a worker that stops, alive, between its work and its finish."""
    if stall := current_app.config["JOBS_TEST_STALL"]:
        time.sleep(stall)


# -- workers ---------------------------------------------------------------------------------


class _QuietConsumer(Consumer):
    """A consumer that leaves the signal handlers alone: for one started inside another program
    (the tests), which stops it itself."""

    def _set_signal_handlers(self) -> None:
        pass


def consumer(app: Flask, workers: int = 1, *, in_thread: bool = False) -> Consumer:
    """A Huey consumer of the app's queue with `workers` threads (reading is CPU-bound: one per core)."""
    options = {"workers": workers, "worker_type": "thread", "periodic": False, "max_delay": MAX_POLL_SECONDS}
    if in_thread:
        return _QuietConsumer(queue_of(app), **options)
    return queue_of(app).create_consumer(**{**options, "periodic": True})  # a worker process looks for stale jobs
