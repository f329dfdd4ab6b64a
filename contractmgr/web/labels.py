"""Labels every area shows the same way: penalty kinds and the evaluation basis."""

from flask_babel import gettext as _

PENALTY_KINDS = {
    "late_delivery": lambda: _("逾期交付违约金"),
    "acceptance_failed": lambda: _("验收不合格违约金"),
    "acceptance_failed_again": lambda: _("整改后验收仍不合格违约金"),
    "evaluation": lambda: _("考评扣款"),
    "other": lambda: _("其他违约金"),
}
EVALUATION_BASES = {"from_100": lambda: _("自 100 分起算"), "from_90": lambda: _("自 90 分起算")}


def penalty_kind_label(kind: str) -> str:
    return PENALTY_KINDS.get(kind, PENALTY_KINDS["other"])()


def evaluation_basis_label(basis: str) -> str:
    return EVALUATION_BASES[basis]() if basis in EVALUATION_BASES else basis
