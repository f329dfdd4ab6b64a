"""Forms every area uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

#: the sentence a void asks for when its reason is left empty
VOID_REASON_REQUIRED = _l("作废须写明理由（一句话）：记录保留，不删除。")


class ActionForm(FlaskForm):
    """A button that changes something (issue or revoke a feed URL): CSRF only."""


class VoidForm(FlaskForm):
    """Void a record (作废): it is kept with this reason, never deleted — 《政府采购法》第四十二条."""

    reason = TextAreaField(_l("作废理由"), validators=[DataRequired(VOID_REASON_REQUIRED), Length(max=1000)])
