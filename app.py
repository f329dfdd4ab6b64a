"""The WSGI entry point: `flask --app app run`, or any WSGI server pointed at app:app.

`flask --app app import FILE` gets the light application (factory.create_import_app), which loads
only what reading a file needs; every other command and every server gets the whole one.
"""

import sys

from contractmgr.factory import create_app, create_import_app

#: flask's own options that take a value, before the command's name
_VALUE_OPTIONS = {"--app", "-A", "--env-file", "-e"}


def _command(argv: list[str]) -> str | None:
    """The flask command named on this process's command line, if it is the flask CLI."""
    if not argv or not argv[0].endswith(("flask", "flask/__main__.py")):
        return None
    args = iter(argv[1:])
    for arg in args:
        if arg in _VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


app = create_import_app() if _command(sys.argv) == "import" else create_app()
