"""The words of a list's page links."""

from contractmgr.formatting import gettext as _


def previous_page() -> str:
    return _("上一页")


def next_page() -> str:
    return _("下一页")


def page_summary(number: int, pages: int, total: int) -> str:
    return _("第 %(number)s / %(pages)s 页，共 %(total)s 条", number=number, pages=pages, total=total)
