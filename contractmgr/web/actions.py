"""One user action, one transaction: how every view that changes data commits, or undoes and explains.

    with user_action(form) as action:
        contract = contract_editing.update_contract(contract, form.to_terms())
    if action.done:
        flash(_("合同已保存。"))
        return redirect(...)
    return render_template(...), 422      # the form shows why, above its fields

`committed()` is the bare transaction for callers that answer a broken rule themselves (the API's
error handler, a page that flashes): it commits when the block ends and rolls back and re-raises
when the block raises.

Two requests at once: a database error that means another transaction got there first (a unique key
taken meanwhile, a deadlock, SQLite's "database is locked"; `services.locking.is_conflict`) is rolled
back and raised as `Conflict("concurrent_change")`, a RuleViolation that is answered 409 with its
sentence — never a 500. A service that finds, after its lock, that the record is no longer in the
state asked for raises its own `Conflict` (the penalty already decided …); `Action.status` is 409 then.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_wtf import FlaskForm

from contractmgr.domain.errors import Conflict, RuleViolation
from contractmgr.extensions import db
from contractmgr.services.locking import is_conflict
from contractmgr.texts.messages import explain_violation


@contextmanager
def committed() -> Iterator[None]:
    """The block's writes committed when it ends; rolled back, nothing half-written, when it (or the
    commit) raises. A database error from a concurrent request becomes `Conflict("concurrent_change")`."""
    try:
        yield
        db.session.commit()
    except BaseException as error:
        db.session.rollback()
        if is_conflict(error):
            raise Conflict("concurrent_change") from error
        raise


@dataclass
class Action:
    """How a user action ended: `done` once committed; else the rule it broke and that rule's sentence."""

    done: bool = False
    violation: RuleViolation | None = None
    message: str = ""

    @property
    def status(self) -> int:
        """The status of the page that explains a refusal: 409 when another action got there first."""
        return 409 if isinstance(self.violation, Conflict) else 422


@contextmanager
def user_action(form: FlaskForm | None = None) -> Iterator[Action]:
    """Run the block as one user action: commit it, or, when it breaks a rule, roll it back and put
    the rule's sentence on `form` (shown above its fields) and on the Action for the caller."""
    action = Action()
    try:
        with committed():
            yield action
    except RuleViolation as violation:
        action.violation, action.message = violation, explain_violation(violation)
        if form is not None:
            form.form_errors.append(action.message)
    else:
        action.done = True
