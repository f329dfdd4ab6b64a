"""Who may see which contract: vendors only their own organisation's, everyone else all of them."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from contractmgr.domain.errors import NotFound
from contractmgr.extensions import db
from contractmgr.models import Contract, Role, User


def visible_contracts(user: User) -> sa.Select:
    """A query of the contracts `user` may see."""
    query = sa.select(Contract)
    if user.role == Role.VENDOR:
        query = query.where(Contract.vendor_id == user.vendor_id)
    return query


def owns_contract(user: User, contract_id: int) -> bool:
    """Whether `user` is a signed-in vendor and the contract is its organisation's."""
    if not user.is_authenticated or user.role != Role.VENDOR:
        return False
    owned = sa.select(Contract.id).where(Contract.id == contract_id, Contract.vendor_id == user.vendor_id)
    return db.session.scalar(owned) is not None


def contract_for(user: User, contract_id: int) -> Contract:
    """The contract; NotFound when it does not exist or is not the user's to see: another vendor's
    contract is indistinguishable from a missing one."""
    # A contract's pages name both parties: read them with it, not one query each later.
    parties = (joinedload(Contract.purchaser), joinedload(Contract.vendor))
    contract = db.session.scalar(visible_contracts(user).where(Contract.id == contract_id).options(*parties))
    if contract is None:
        raise NotFound(f"contract {contract_id}")
    return contract
