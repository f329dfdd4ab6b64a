"""The officer's record of the law's dates on a contract: award notice, signing, publication (with its
link) and filing. The domain checks that the dates fit together when the service runs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import URLField
from wtforms.validators import URL, Length, Optional

from contractmgr.services.statutory import StatutoryRecord
from forms.fields import DateField


class StatutoryForm(FlaskForm):
    award_notice_on = DateField(_l("中标（成交）通知书发出日期"), validators=[Optional()])
    signed_on = DateField(_l("签订日期"), validators=[Optional()])
    published_on = DateField(_l("合同公告日期"), validators=[Optional()])
    publication_url = URLField(
        _l("公告网址"),
        validators=[
            Optional(),
            Length(max=500, message=_l("网址最长 500 个字符。")),
            URL(require_tld=True, message=_l("请填写以 http:// 或 https:// 开头的完整网址。")),
        ],
    )
    filed_on = DateField(_l("备案日期"), validators=[Optional()])

    def to_record(self) -> StatutoryRecord:
        return StatutoryRecord(
            award_notice_on=self.award_notice_on.data,
            signed_on=self.signed_on.data,
            published_on=self.published_on.data,
            publication_url=self.publication_url.data,
            filed_on=self.filed_on.data,
        )
