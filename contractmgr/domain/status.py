"""Where a contract stands on a given day."""

from datetime import date
from typing import Literal

ContractStatus = Literal["upcoming", "active", "ended", "terminated"]


def contract_status(start: date, end: date, today: date, terminated_on: date | None = None) -> ContractStatus:
    """upcoming before its start, active through its last day, ended after it; terminated once terminated."""
    if terminated_on is not None and terminated_on <= today:
        return "terminated"
    if today < start:
        return "upcoming"
    return "active" if today <= end else "ended"
