"""Correcting a contract's header keeps its renewal chain whole."""

from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import Contract
from contractmgr.services.contract_editing import ContractTerms, update_contract
from contractmgr.services.renewals import record_renewal


def _terms(contract: Contract) -> ContractTerms:
    return ContractTerms(
        title=contract.title,
        purchaser=contract.purchaser.name,
        vendor=contract.vendor.name,
        total_amount=contract.total_amount,
        start_on=contract.start_on,
        end_on=contract.end_on,
        procurement_number=contract.procurement_number,
        filing_number=contract.filing_number,
    )


def _demo_contract() -> Contract:
    return db.session.scalar(sa.select(Contract))


def test_a_renewal_cannot_be_stretched_past_the_three_years_by_editing_it(demo):
    contract = _demo_contract()  # year 2 of a chain that started 2025-05-22: the limit is 2028-05-21
    with pytest.raises(RuleViolation) as refused:
        update_contract(contract, replace(_terms(contract), end_on=date(2031, 5, 21)))
    assert refused.value.code == "renewal_limit_exceeded" and refused.value.params["days_over"] == 1095
    db.session.rollback()
    update_contract(contract, replace(_terms(contract), end_on=date(2028, 5, 21)))  # exactly to the limit is fine


def test_a_contract_in_a_chain_keeps_its_vendor_and_its_place_before_its_renewal(demo):
    contract = _demo_contract()
    renewal = record_renewal(contract, start=date(2027, 5, 22), end=date(2028, 5, 21))
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        update_contract(contract, replace(_terms(contract), vendor="另一家公司"))
    assert refused.value.code == "chain_vendor_change"
    db.session.rollback()
    with pytest.raises(RuleViolation) as refused:
        update_contract(contract, replace(_terms(contract), end_on=date(2027, 6, 1)))
    assert refused.value.code == "renewal_overlaps" and refused.value.params["days_overlap"] == 11
    db.session.rollback()
    assert renewal.start_on == date(2027, 5, 22)
