"""Work done outside the request by a job worker (`flask jobs worker`): its state, kept in our database so
any app process on any host can show it, and it outlives a restart of either."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from contractmgr.extensions import db
from contractmgr.models.types import enum, utcnow

JOB_STATES = ("queued", "running", "done", "failed", "cancelled")


class Job(db.Model):
    """One piece of background work: reading an uploaded file for import, or writing finance's
    overview workbook (an export).

    queued → running (pages read of pages, or rows written of rows; a heartbeat) → done (the import
    record, or the export's stored file) | failed (the error's code and parameters, worded when shown,
    in the reader's language) | cancelled."""

    __tablename__ = "jobs"
    __table_args__ = (
        sa.CheckConstraint("done >= 0", name="done_not_negative"),
        sa.Index("ix_jobs_user_id_created_at", "user_id", "created_at"),
    )

    #: a random token, so a job's address cannot be guessed
    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(enum("import", "export", name="job_kind"))
    state: Mapped[str] = mapped_column(enum(*JOB_STATES, name="job_state"), default="queued", index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: an import's upload, kept in the file store under its hash before the job is queued
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    #: what an export was asked for: the filters, the day it is as of, the language of its headers
    params: Mapped[dict | None] = mapped_column(sa.JSON)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    import_record_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_records.id"), index=True)
    #: an export's workbook, kept in the file store (each export its own file, never overwritten)
    stored_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"), index=True)
    error_code: Mapped[str | None] = mapped_column(sa.String(64))
    error_params: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    #: written with each page's progress; a running job whose heartbeat stopped lost its worker
    heartbeat_at: Mapped[datetime | None]
    #: how many times a worker started it (a job whose worker died is started again, a few times at most);
    #: also the number of the attempt that owns it: only that attempt's progress and finish are kept
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    #: the worker that started it last, "host:pid", to find the process behind a job that stopped
    worker: Mapped[str | None] = mapped_column(sa.String(255))
    #: the page images the upload was made of, in page order ([{filename, sha256, format}], each kept in
    #: the file store with its StoredFile row); None for an upload of one document file
    page_files: Mapped[list | None] = mapped_column(sa.JSON)
    #: its pages are read by OCR (page images, a scanned PDF): the progress says 「正在识别第 n/N 页」
    reads_by_ocr: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    finished_at: Mapped[datetime | None]
