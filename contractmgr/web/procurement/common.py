"""What the officer's views share: the status of a re-rendered form."""


def status_of(form) -> int:
    return 422 if form.errors or form.form_errors else 200
