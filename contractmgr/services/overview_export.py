"""Finance's overview workbook (付款计划总览, every listed milestone) as a job: at 10,000 contracts it takes
about 45 s to write, longer than a request should hold a web process. The click queues a job with the
filters and the day it is as of; a job worker (contractmgr/jobs.py, the runner of the imports) writes
the workbook, keeps it in the file store — each export its own file, never overwritten — and the
finance user who asked downloads it from there, now or later. One contract's schedule stays a direct
download (finance/views.py): it is small.

An export is its requester's own, as an upload is: another finance user, or anyone else, is told it
does not exist, and makes their own (the same filters give the same figures).
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import IO

import sqlalchemy as sa

from contractmgr.domain.errors import NotFound
from contractmgr.extensions import db
from contractmgr.models import Job, StoredFile, User
from contractmgr.services.storage import store_made_file

#: the filters of the overview that an export keeps (services.overview.overview_query's keywords)
FILTERS = ("status", "purchaser_id", "vendor_id", "month")


def file_name(today: date) -> str:
    return f"付款计划总览-{today:%Y%m%d}.xlsx"


def queue_export(filters: dict, today: date, locale: str, *, by: User) -> Job:
    """A queued export of the overview as `by` sees it, with `filters`, as of `today`, its headers in
    `locale`. Flushes; the caller commits, then hands the job to the queue."""
    params = {"filters": {k: filters.get(k) for k in FILTERS}, "today": today.isoformat(), "locale": locale}
    job = Job(id=secrets.token_urlsafe(18), kind="export", user_id=by.id, filename=file_name(today), params=params)
    db.session.add(job)
    db.session.flush()
    return job


def export_for(job_id: str, user: User) -> Job:
    """The user's own export; NotFound for another user's, an import's or an unknown one."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != "export" or job.user_id != user.id:
        raise NotFound(f"export {job_id}")
    return job


def recent_exports(user: User, limit: int = 20) -> list[Job]:
    """The user's exports, newest first, with their files."""
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.kind == "export", Job.user_id == user.id)
            .order_by(Job.created_at.desc(), Job.id)
            .limit(limit)
        )
    )


def exported_file(job: Job) -> StoredFile | None:
    """The finished export's workbook."""
    return db.session.get(StoredFile, job.stored_file_id) if job.stored_file_id else None


# -- in the job worker (the workbook itself is written by exports/overview_job.py) ---------------


def keep(job: Job, file: IO[bytes]) -> StoredFile:
    """The written workbook kept in the file store, with its row. Flushes."""
    file.seek(0)
    return store_made_file(file, job.filename, "xlsx", by=db.session.get(User, job.user_id))
