"""Uploaded files, kept by their sha256, and import records awaiting an officer's review."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.types import enum, record_number, utcnow


class StoredFile(db.Model):
    """A file as uploaded, stored once under its sha256 outside the web root; never overwritten."""

    __tablename__ = "stored_files"
    __table_args__ = (sa.CheckConstraint("size >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size: Mapped[int]
    #: the format found in the content (pdf, docx, xlsx, png, jpeg …), not the name
    format: Mapped[str] = mapped_column(sa.String(10))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportRecord(db.Model):
    """One import of a tender or contract file: what the parser found, then what the officer confirmed."""

    __tablename__ = "import_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    kind: Mapped[str | None] = mapped_column(enum("tender", "contract", name="document_kind"))
    #: the parsed document (document.schema.json), corrected by the officer before confirming
    payload: Mapped[dict] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(
        enum("review", "confirmed", "discarded", name="import_status"), default="review"
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    #: the review form as last submitted when it could not be saved (a field typed wrong, a refused
    #: confirmation): {field name: [values]}, shown again on reload; cleared by a save or a confirmation
    draft: Mapped[dict | None] = mapped_column(sa.JSON)
    draft_saved_at: Mapped[datetime | None]

    stored_file: Mapped["StoredFile"] = relationship()

    @property
    def record_number(self) -> str:
        return record_number("DR", self.id)
