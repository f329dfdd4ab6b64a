"""The WSGI entry point: `flask --app app run`, or any WSGI server pointed at app:app."""

from contractmgr.factory import create_app

app = create_app()
