"""What the officer's views share: the answer to a broken rule, and the status of a re-rendered form."""

from contractmgr.extensions import db
from contractmgr.web.messages import explain


def refuse(form, violation) -> None:
    """Undo the half-done action and show the rule that stopped it, with its figures, above the form."""
    db.session.rollback()
    form.form_errors.append(explain(violation.code, **violation.params))


def status_of(form) -> int:
    return 422 if form.errors or form.form_errors else 200
