"""Records the documents are generated from, made with the models directly, and a way to read files back."""

import hashlib
import io
from datetime import date, datetime
from decimal import Decimal

import docx
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import (
    AcceptanceMaterial,
    AcceptanceSubmission,
    Contract,
    MaterialFile,
    Payment,
    StoredFile,
    SupplementaryContract,
    SupplementLine,
    User,
)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def record_supplement(
    contract: Contract,
    *,
    seq: int = 1,
    changes: list[tuple[int | None, str, Decimal]],
    reason: str = "因使用单位业务量增加，增加运维工作量",
    signed_on: date | None = date(2026, 9, 1),
) -> SupplementaryContract:
    """A supplement changing the lines numbered in `changes` ((seq, name, amount after); seq None adds
    a line); its increase is what the changes add up to."""
    lines = {line.seq: line for line in contract.lines}
    supplement = SupplementaryContract(
        contract=contract, seq=seq, signed_on=signed_on, reason=reason, increase_amount=Decimal("0.00")
    )
    db.session.add(supplement)
    for line_seq, name, after in changes:
        line = lines.get(line_seq)
        supplement.changes.append(
            SupplementLine(
                line_item=line,
                name=name,
                unit_name=line.unit.name if line else "洛阳市教育局",
                amount_before=line.amount if line else None,
                amount_after=after,
            )
        )
        supplement.increase_amount += after - (line.amount if line else Decimal(0))
    db.session.flush()
    return supplement


def record_submission(
    contract: Contract,
    *,
    files: dict[str, list[str]],
    decision: str | None = None,
    reasons: str | None = None,
    attempt: int = 1,
    line_item_id: int | None = None,
    decided_by: str | None = None,
) -> AcceptanceSubmission:
    """A submission holding, per material name, the versions named in `files` (one StoredFile each)."""
    decider = db.session.scalar(sa.select(User).where(User.username == decided_by)) if decided_by else None
    materials = {
        m.name: m
        for m in db.session.scalars(sa.select(AcceptanceMaterial).where(AcceptanceMaterial.contract_id == contract.id))
    }
    submitted = []
    for name, file_names in files.items():
        for version, file_name in enumerate(file_names, start=1):
            stored = StoredFile(
                sha256=hashlib.sha256(f"{contract.id}/{name}/{version}".encode()).hexdigest(),
                size=1000 + version,
                format="pdf",
                original_name=file_name,
            )
            submitted.append(
                MaterialFile(
                    material=materials[name],
                    version=version,
                    stored_file=stored,
                    uploaded_at=datetime(2027, 5, 25, 2, 30),
                )
            )
            db.session.add(submitted[-1])
    submission = AcceptanceSubmission(
        contract_id=contract.id,
        line_item_id=line_item_id,
        attempt=attempt,
        submitted_on=date(2027, 5, 28),
        deadline_on=date(2027, 6, 11),
        late=False,
        decision=decision,
        reasons=reasons,
        decided_at=datetime(2027, 6, 15, 1, 0) if decision else None,
        decided_by_id=decider.id if decider else None,
        files=submitted,
    )
    db.session.add(submission)
    db.session.flush()
    return submission


def record_payment(contract: Contract, milestone_seq: int, amount: Decimal, paid_on: date) -> Payment:
    milestone = next(m for m in contract.milestones if m.seq == milestone_seq)
    payment = Payment(milestone=milestone, paid_on=paid_on, amount=amount, voucher_number=f"记-{milestone_seq:04d}")
    db.session.add(payment)
    db.session.flush()
    return payment
