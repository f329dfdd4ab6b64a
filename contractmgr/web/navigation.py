"""The navigation bar, by role. Later features add their entries here; an entry whose endpoint
is not registered is skipped, so the bar never links to a page that does not exist."""

from flask import current_app
from flask_babel import lazy_gettext as _l

ALL = ("procurement", "finance", "vendor", "admin")

#: (endpoint, label, roles that see it)
ENTRIES = (
    ("dashboard.index", _l("看板"), ALL),
    ("contracts.index", _l("合同"), ("procurement", "finance", "admin")),
    ("contracts.index", _l("我的合同"), ("vendor",)),
    ("tenders.index", _l("招标项目"), ("procurement", "admin")),
    ("imports.new", _l("导入文件"), ("procurement",)),
    ("procurement.new_contract", _l("新建合同"), ("procurement",)),
    ("finance.overview", _l("付款计划"), ("finance",)),
    ("acceptance.index", _l("验收审核"), ("procurement",)),
    ("deadlines.index", _l("待办期限"), ALL),
    ("admin.users", _l("用户与角色"), ("admin",)),
    ("admin.calendar", _l("节假日日历"), ("admin",)),
    ("admin.lpr", _l("LPR 利率"), ("admin",)),
)


def entries_for(role: str) -> list[tuple[str, str]]:
    registered = current_app.view_functions
    return [(endpoint, label) for endpoint, label, roles in ENTRIES if role in roles and endpoint in registered]


#: the entry a page belongs to, when it is not its blueprint's: the pages about one contract belong to 合同
_SECTION_OF_PAGE = {
    "procurement.new_contract": "procurement.new_contract",
    "procurement.contract_from_tender": "tenders.index",
    "procurement.waiting": "tenders.index",
}
_SECTION_OF_BLUEPRINT = {
    "dashboard": "dashboard.index",
    "contracts": "contracts.index",
    "procurement": "contracts.index",
    "documents": "contracts.index",
    "vendor": "contracts.index",
    "tenders": "tenders.index",
    "imports": "imports.new",
    "finance": "finance.overview",
    "acceptance": "acceptance.index",
    "deadlines": "deadlines.index",
}


def active_entry(endpoint: str | None) -> str | None:
    """The one navigation entry to highlight on the page served by `endpoint`."""
    if not endpoint:
        return None
    if endpoint in _SECTION_OF_PAGE:
        return _SECTION_OF_PAGE[endpoint]
    blueprint, _, view = endpoint.partition(".")
    if blueprint == "admin":  # three entries in one blueprint: admin.users, admin.user_edit → admin.users
        return next(
            (e for e, _label, _roles in ENTRIES if e.startswith("admin.") and view.startswith(e[6:].rstrip("s"))), None
        )
    return _SECTION_OF_BLUEPRINT.get(blueprint)
