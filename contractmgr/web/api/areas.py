"""The role areas of /api/v1, as the pages have them: one blueprint per area, one guard each, so a
route is open only to the roles of the area it is declared in; and the declaration of each route
(areas.Operation), which the OpenAPI document is generated from and the error handlers read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, abort
from flask_login import current_user

from contractmgr.models import Role
from contractmgr.web.api.bodies import Body


@dataclass(frozen=True)
class Operation:
    """What a route does, reads and answers, declared once beside it."""

    summary: str
    description: str = ""
    #: the request body it reads (its fields are its schema), or None
    body: type[Body] | None = None
    #: the request body as an OpenAPI object, for a body not read through `body`
    request_body: dict | None = None
    #: success and other answers by status: (description, component name or JSON Schema) or an OpenAPI response
    answers: dict = field(default_factory=dict)
    #: the status of a broken contract rule (RuleViolation); None when the route breaks none
    refusal: int | None = None
    #: the violation's parameters that join its answer
    carries: tuple[str, ...] = ()
    #: open without a token (the OpenAPI document only)
    public: bool = False
    #: the query parameters it reads, as OpenAPI parameter objects ("in": "query")
    query: tuple[dict, ...] = ()


def operation(summary: str, **declared) -> Callable:
    """Declare the operation of a view (put it under the route decorator)."""

    def declare(view: Callable) -> Callable:
        view.operation = Operation(summary, **declared)
        return view

    return declare


class Area(Blueprint):
    """A role area of the API: its routes open to `roles` only (every signed-in role when empty)."""

    def __init__(self, name: str, roles: tuple[str, ...] = (), who: str = ""):
        super().__init__(name, __name__)
        self.roles = roles
        #: who may call its routes, for the OpenAPI document
        self.who = who
        self.before_request(self.guard)

    def guard(self) -> None:
        if self.roles and current_user.role not in self.roles:
            abort(403)


#: reading a contract and what belongs to it: every role; a vendor only its own contracts (contract_for)
contracts = Area("contracts")
#: the purchaser's decisions and imports: the procurement officer only
procurement = Area(
    "procurement",
    (Role.PROCUREMENT,),
    who="Procurement officer only: finance, vendors and administrators get 403.",
)
#: what the vendor hands in: vendors only, on their own contracts
supplier = Area("supplier", (Role.VENDOR,), who="Vendors only, on their own contracts: other roles get 403.")

AREAS = (contracts, procurement, supplier)
