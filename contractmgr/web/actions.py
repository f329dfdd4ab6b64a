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
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_wtf import FlaskForm

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.texts.messages import explain_violation


@contextmanager
def committed() -> Iterator[None]:
    """The block's writes committed when it ends; rolled back, nothing half-written, when it raises."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


@dataclass
class Action:
    """How a user action ended: `done` once committed; else the rule it broke and that rule's sentence."""

    done: bool = False
    violation: RuleViolation | None = None
    message: str = ""


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
