"""The database keeps the structural rules itself, on SQLite and on PostgreSQL alike."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, LineItem, Payment, User
from tests.factories import make_contract, make_user


def _flush_fails(change) -> None:
    change()
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_negative_line_amount_is_refused_by_the_database(app):
    contract = make_contract(lines=2)
    db.session.commit()
    _flush_fails(lambda: setattr(contract.lines[0], "amount", Decimal("-0.01")))


def test_a_contract_cannot_end_before_it_starts(app):
    contract = make_contract(lines=1)
    db.session.commit()
    _flush_fails(lambda: setattr(contract, "end_on", date(2026, 5, 21)))


def test_two_lines_of_one_contract_cannot_share_a_sequence_number(app):
    contract = make_contract(lines=2)
    db.session.commit()
    _flush_fails(lambda: setattr(contract.lines[1], "seq", 1))


def test_two_contracts_may_each_have_a_line_one(app):
    make_contract(title="甲", lines=1)
    make_contract(title="乙", lines=1)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LineItem).where(LineItem.seq == 1)) == 2


def test_a_payment_must_be_positive(app):
    contract = make_contract(lines=1)
    db.session.commit()
    _flush_fails(
        lambda: db.session.add(
            Payment(
                milestone=contract.milestones[0],
                paid_on=date(2026, 7, 1),
                amount=Decimal("0.00"),
                voucher_number="记-1",
            )
        )
    )


def test_a_vendor_user_must_belong_to_a_vendor_organisation(app):
    def add_unbound_vendor():
        user = User(username="v", role="vendor", password_hash="x")
        db.session.add(user)

    _flush_fails(add_unbound_vendor)


def test_a_line_cannot_both_have_its_own_start_and_wait_for_a_confirmation(app):
    contract = make_contract(lines=1)
    db.session.commit()

    def both():
        contract.lines[0].start_on = date(2026, 7, 1)
        contract.lines[0].start_on_confirmation = True

    _flush_fails(both)


def test_money_is_kept_to_the_fen_and_comes_back_as_decimal(app):
    contract = make_contract(total=Decimal("999999999999.99"), lines=3)
    db.session.commit()
    db.session.expire_all()
    assert contract.total_amount == Decimal("999999999999.99")
    assert isinstance(contract.lines[0].amount, Decimal)
    assert sum(line.amount for line in contract.lines) == Decimal("999999999999.99")


def test_a_float_never_reaches_a_money_column(app):
    contract = make_contract(lines=1)
    contract.total_amount = 0.1 + 0.2
    with pytest.raises(sa.exc.StatementError, match="Decimal, not a float"):
        db.session.flush()
    db.session.rollback()


def test_every_change_is_in_the_audit_log_with_its_old_and_new_value(app):
    officer = make_user("officer", "procurement")
    contract = make_contract(lines=2)
    db.session.commit()
    from contractmgr.audit import acting_as

    with acting_as(officer.id):
        contract.lines[1].amount = Decimal("100.00")
        db.session.commit()
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.field == "amount")).one()
    assert (entry.entity, entry.contract_id, entry.user_id) == ("line_items", contract.id, officer.id)
    assert (entry.old_value, entry.new_value) == ("4135700.00", "100.00")


def test_the_audit_log_cannot_be_rewritten_or_erased(app):
    make_contract(lines=1)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) > 0
    # a DELETE meets the audit log's own trigger or the one every table has (retention), whichever fires first
    for statement, refusal in (
        ("UPDATE audit_log SET new_value = 'forged'", "append-only"),
        ("DELETE FROM audit_log", "append-only|kept for 15 years"),
    ):
        with pytest.raises(sa.exc.DatabaseError, match=refusal):
            db.session.execute(sa.text(statement))
        db.session.rollback()
