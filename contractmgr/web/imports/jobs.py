"""Reading an upload in the background while the page shows the pages read.

A 40-line contract PDF reads in about a second, a 400-line one in about ten. The upload page posts
the file with a few lines of JavaScript and gets a job back at once; the job reads the file in a
small thread pool of this process and the page polls `imports.job` for its progress, then follows
it to the review page (or shows why the file cannot be read). With JavaScript off, the same upload
is read within the request instead (views.new).

A job is the whole user action "upload a file for import": it calls the one service function and
makes the one commit, in its own application context and database session, attributed to the
uploader (audit.acting_as). Jobs live in this process's memory for an hour: a deployment with
several worker processes needs requests of one user to reach the same process (sticky sessions),
or JavaScript off.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from contractmgr.audit import acting_as
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services import imports
from contractmgr.web.actions import committed
from importers import DocumentError

log = logging.getLogger(__name__)

#: Files read at once: reading is CPU-bound, more threads would only share the same cores.
WORKERS = 2
#: How long a finished job is remembered, in seconds.
KEEP_SECONDS = 3600

_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="import")
_jobs: dict[str, Job] = {}
_lock = threading.Lock()


@dataclass
class Job:
    """One upload being read: its state (queued, reading, done, failed), the pages read so far, and
    in the end the import record or the error."""

    id: str
    user_id: int
    filename: str
    state: str = "queued"
    done: int = 0
    total: int | None = None
    started_at: float = field(default_factory=time.monotonic)
    import_id: int | None = None
    error: Exception | None = None

    def progress(self, done: int, total: int) -> None:
        self.state, self.done, self.total = "reading", done, total


def start(app: Flask, path: Path, filename: str, user: User) -> Job:
    """Read the file at `path` (a spooled upload, deleted when done) in the background."""
    job = Job(id=secrets.token_urlsafe(12), user_id=user.id, filename=filename)
    with _lock:
        _forget_old()
        _jobs[job.id] = job
    try:
        _pool.submit(_run, app, job, path)
    except BaseException:  # not started (the pool shut down): nobody else will delete the file
        path.unlink(missing_ok=True)
        raise
    return job


def get(job_id: str, user: User) -> Job | None:
    """The user's own job; None for another user's or an unknown one."""
    with _lock:
        job = _jobs.get(job_id)
    return job if job is not None and job.user_id == user.id else None


def _run(app: Flask, job: Job, path: Path) -> None:
    try:
        with app.app_context(), acting_as(job.user_id):
            try:
                with committed():
                    user = db.session.get(User, job.user_id)
                    record = imports.import_file(path, job.filename, by=user, progress=job.progress)
            except (DocumentError, RuleViolation) as error:
                job.error, job.state = error, "failed"
            else:
                job.import_id, job.state = record.id, "done"
    except Exception as error:  # never leave the page polling forever
        log.exception("import job %s failed", job.id)
        job.error, job.state = error, "failed"
    finally:
        path.unlink(missing_ok=True)


def _forget_old() -> None:
    now = time.monotonic()
    for job_id in [key for key, job in _jobs.items() if now - job.started_at > KEEP_SECONDS]:
        del _jobs[job_id]
