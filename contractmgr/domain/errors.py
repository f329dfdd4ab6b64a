"""The exceptions the domain and the services raise: a broken contract rule, a record not found.

The web layer, the API and the CLI translate a RuleViolation's `code` (a stable snake_case
string) into a message in the user's language, filling it from `params`; they answer NotFound
with a 404.
"""


class RuleViolation(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.code}({details})"


class NotFound(Exception):
    """The record asked for does not exist, or is not the caller's to see: another vendor's contract
    is indistinguishable from a missing one. The web layer answers 404."""


class Conflict(RuleViolation):
    """The record is no longer in the state the request was made for: another action (often a
    simultaneous one) got there first — the import is already confirmed, the penalty already decided,
    the submission already made. Answered 409 with the rule's sentence."""
