"""Acceptance (验收, contract 第十一条): the materials, their file versions, submissions and decisions."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.domain.acceptance import REQUIRED_MATERIALS
from contractmgr.extensions import db
from contractmgr.models.types import enum, utcnow
from contractmgr.models.voidable import Voidable

#: the materials contract 第十一条 lists: every new contract starts with them (the list is editable per contract)
DEFAULT_MATERIALS = REQUIRED_MATERIALS


class AcceptanceMaterial(Voidable, db.Model):
    """One material the vendor must hand in; the list is data, editable per contract. A material
    taken off the list is voided, and kept."""

    __tablename__ = "acceptance_materials"
    __table_args__ = Voidable.void_constraints("acceptance_materials", "contract_id", "name")

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    required: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    contract: Mapped["Contract"] = relationship()  # noqa: F821
    versions: Mapped[list["MaterialFile"]] = relationship(back_populates="material", order_by="MaterialFile.version")


class MaterialFile(db.Model):
    """One uploaded version of a material; versions are never overwritten."""

    __tablename__ = "material_files"
    __table_args__ = (
        sa.UniqueConstraint("material_id", "version"),
        sa.CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(sa.ForeignKey("acceptance_materials.id"))
    version: Mapped[int]
    stored_file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    material: Mapped[AcceptanceMaterial] = relationship(back_populates="versions")
    stored_file: Mapped["StoredFile"] = relationship()  # noqa: F821


submission_files = sa.Table(
    "submission_files",
    db.metadata,
    sa.Column("submission_id", sa.ForeignKey("acceptance_submissions.id"), primary_key=True),
    sa.Column("material_file_id", sa.ForeignKey("material_files.id"), primary_key=True, index=True),
)


class AcceptanceSubmission(db.Model):
    __tablename__ = "acceptance_submissions"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "line_item_id", "attempt"),
        # The constraint above never matches two rows whose line is NULL (NULLs are distinct), so the
        # whole-contract scope has its own: one attempt n per contract, on SQLite and PostgreSQL alike.
        sa.Index(
            "uq_acceptance_submissions_contract_attempt",
            "contract_id",
            "attempt",
            unique=True,
            sqlite_where=sa.text("line_item_id IS NULL"),
            postgresql_where=sa.text("line_item_id IS NULL"),
        ),
        sa.CheckConstraint("attempt > 0", name="attempt_positive"),
        sa.CheckConstraint("decision IS NULL OR decided_at IS NOT NULL", name="decision_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"))
    #: for a line with its own service year; None for the contract as a whole
    line_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("line_items.id"), index=True)
    attempt: Mapped[int] = mapped_column(default=1)
    submitted_on: Mapped[date]
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: 15 working days after the service year ends, or after a failure (rework)
    deadline_on: Mapped[date | None]
    late: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[str | None] = mapped_column(enum("pass", "fail", name="acceptance_decision"))
    reasons: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    decided_at: Mapped[datetime | None]

    files: Mapped[list["MaterialFile"]] = relationship(secondary=submission_files)
    contract: Mapped["Contract"] = relationship(viewonly=True)  # noqa: F821
    line_item: Mapped["LineItem | None"] = relationship(viewonly=True)  # noqa: F821
