"""The payment schedule in brief on the contract page (templates/finance/_contract.html), built by that
page's view for every role that sees the contract (the dashboard's next payment: services.overview)."""

from dataclasses import dataclass
from datetime import date

from contractmgr.models import Contract, Role, User
from contractmgr.services.schedule import ContractSchedule, contract_schedule


@dataclass(frozen=True)
class FinancePanel:
    schedule: ContractSchedule
    #: finance records payments on the schedule's own page: its panel links there
    links_to_schedule: bool


def finance_panel(contract: Contract, user: User, today: date) -> FinancePanel:
    return FinancePanel(schedule=contract_schedule(contract, today), links_to_schedule=user.role == Role.FINANCE)
