"""The payment schedule in brief on the contract page (templates/finance/_contract.html) and the next
payment on the dashboard, built by those pages' views for every role that sees the contract."""

from dataclasses import dataclass
from datetime import date

from contractmgr.models import Contract, Role, User
from contractmgr.services.schedule import ContractSchedule, MilestoneView, contract_schedule


@dataclass(frozen=True)
class FinancePanel:
    schedule: ContractSchedule
    #: finance records payments on the schedule's own page: its panel links there
    links_to_schedule: bool


def finance_panel(contract: Contract, user: User, today: date) -> FinancePanel:
    return FinancePanel(schedule=contract_schedule(contract, today), links_to_schedule=user.role == Role.FINANCE)


def next_payment(contract: Contract, today: date) -> MilestoneView | None:
    """The first milestone not yet paid in full; None once every one is paid."""
    return next((m for m in contract_schedule(contract, today).milestones if m.outstanding), None)
