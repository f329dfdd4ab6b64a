"""作废而不删除: a record taken out is voided — when, by whom and why — and kept (《政府采购法》第四十二条).

The database refuses DELETE (contractmgr.retention); a voided record drops out of the working lists
and sums, and stays on its page under "已作废" with its reason, and in the audit log."""

from contractmgr.domain.errors import RuleViolation
from contractmgr.models import User
from contractmgr.models.types import utcnow
from contractmgr.models.voidable import Voidable


def void_reason(reason: str | None) -> str:
    """The reason, trimmed; refused when there is none (the reason is what the record keeps)."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("void_needs_reason")
    return reason


def void(record: Voidable, reason: str | None, *, by: User) -> None:
    """Mark a record voided — a line or a material — by `by`, now, for `reason`."""
    record.void_reason = void_reason(reason)
    record.voided_by_id = by.id
    record.voided_at = utcnow()
