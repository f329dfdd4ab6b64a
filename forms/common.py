"""Forms every area uses."""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes something (remove a material, issue or revoke a feed URL): CSRF only."""
