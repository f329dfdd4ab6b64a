"""Where a contract came from, on the contract page (templates/imports/_contract.html), built by its view."""

from dataclasses import dataclass

from contractmgr.models import Contract, Role, User


@dataclass(frozen=True)
class ImportsPanel:
    #: the import the contract was created from, for the officers who import; None for others
    import_record_id: int | None


def imports_panel(contract: Contract, user: User) -> ImportsPanel:
    return ImportsPanel(import_record_id=contract.import_record_id if user.role == Role.PROCUREMENT else None)
