"""Search over contracts, tenders, lines and suppliers: the box in the header, results grouped by kind.

A match is a case-insensitive substring (ILIKE '%…%', the typed text taken literally: `%` and `_` are
escaped), on both engines. On PostgreSQL the searched columns carry pg_trgm GIN indexes (migration
search_trigram_indexes), which serve ILIKE for Chinese as for Latin text; SQLite scans, which is fine at
its embedded sizes. Full-text search was measured and not chosen: the 'simple' configuration does not
segment Chinese, so 运维 would not find …平台运维服务 (docs/architecture.md, "Search").

Each kind is one SQL query for its page and one for its count (services/paging.py), so a search costs
the same number of queries whatever the number of records. The count stops at COUNT_AT_MOST past the
page ("1000+"): two characters such as 运维 match nearly every line, and counting them all would read
every one (the trigram index does not serve fewer than three characters). Text with no upper or lower
case (Chinese, digits) is matched with LIKE, which gives the same rows as ILIKE at half the cost of a scan.
"""

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from contractmgr.domain.errors import RuleViolation
from contractmgr.models import Contract, LineItem, Organisation, OrgKind, Role, Tender, TenderItem, User
from contractmgr.models.types import record_id_of
from contractmgr.services.access import visible_contracts
from contractmgr.services.paging import Page, paginate

#: the longest text the box takes: longer is refused with a sentence, not cut silently
MAX_QUERY_LENGTH = 100
#: how many results of each kind the grouped page shows; "all" links page through one kind
PER_KIND = 10
#: how far past the page a kind's results are counted; beyond, the page says "1000+"
COUNT_AT_MOST = 1000
#: the LIKE escape character: the typed text is matched literally
LIKE_ESCAPE = "\\"


class Kind(enum.StrEnum):
    CONTRACT = "contract"  #: 合同: 项目名称, 合同编号 HT-…, 招标采购文件编号, 备案编号
    TENDER = "tender"  #: 招标项目: 项目名称, 编号 ZB-…, 招标采购文件编号, a listed system's name
    LINE = "line"  #: a contract's 运维项目 (line) by name
    SUPPLIER = "supplier"  #: 供应商 by name


#: what each role may search: finance has no tender pages; a vendor sees its own contracts and their lines
KINDS_BY_ROLE = {
    Role.PROCUREMENT: tuple(Kind),
    Role.ADMIN: tuple(Kind),
    Role.FINANCE: (Kind.CONTRACT, Kind.LINE, Kind.SUPPLIER),
    Role.VENDOR: (Kind.CONTRACT, Kind.LINE),
}


@dataclass(frozen=True)
class Results:
    """One page of results per kind searched; `kinds` are all the user may search, `kind` the one kind
    paged through alone (None: the first results of every kind)."""

    text: str
    pages: dict[Kind, Page]
    kinds: tuple[Kind, ...]
    kind: Kind | None = None

    @property
    def total(self) -> int:
        return sum(page.total for page in self.pages.values())


def kinds_for(user: User) -> tuple[Kind, ...]:
    return KINDS_BY_ROLE.get(Role(user.role), ())


def like_pattern(text: str) -> str:
    """'%text%' with LIKE's own characters escaped, so 100% finds "100%" and not "100 anything"."""
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return f"%{text}%"


def contains(column, text: str) -> sa.ColumnElement[bool]:
    """`column` holds `text` (any case, taken literally)."""
    if text.lower() == text.upper():  # nothing that has a case: LIKE finds the same rows, faster
        return column.like(like_pattern(text), escape=LIKE_ESCAPE)
    return column.ilike(like_pattern(text), escape=LIKE_ESCAPE)


def _quoted(text: str, prefix: str, column) -> sa.ColumnElement[bool]:
    """The record quoted by its number (HT-000012, ht12), if the text is one."""
    record_id = record_id_of(text, prefix)
    return column == record_id if record_id is not None else sa.false()


def contract_matches(text: str) -> sa.ColumnElement[bool]:
    """A contract whose title, numbers or 备案编号 hold `text`, or which `text` quotes (HT-000012); the
    contract list's search box uses it too."""
    return sa.or_(
        contains(Contract.title, text),
        contains(Contract.procurement_number, text),
        contains(Contract.filing_number, text),
        _quoted(text, "HT", Contract.id),
    )


def _contracts(user: User, text: str) -> sa.Select:
    return (
        visible_contracts(user)
        .where(contract_matches(text))
        .options(joinedload(Contract.purchaser), joinedload(Contract.vendor))
        .order_by(Contract.start_on.desc(), Contract.id.desc())
    )


def _tenders(user: User, text: str) -> sa.Select:
    listed = sa.select(TenderItem.id).where(TenderItem.tender_id == Tender.id, contains(TenderItem.name, text))
    return (
        sa.select(Tender)
        .where(
            sa.or_(
                contains(Tender.title, text),
                contains(Tender.procurement_number, text),
                _quoted(text, "ZB", Tender.id),
                listed.exists(),
            )
        )
        .options(joinedload(Tender.purchaser))
        .order_by(Tender.id.desc())
    )


def _lines(user: User, text: str) -> sa.Select:
    query = (
        sa.select(LineItem)
        .join(LineItem.contract)
        .where(contains(LineItem.name, text), LineItem.voided_at.is_(None))  # a voided line is out of every list
    )
    if user.role == Role.VENDOR:
        query = query.where(Contract.vendor_id == user.vendor_id)
    return query.options(joinedload(LineItem.contract), joinedload(LineItem.unit)).order_by(
        LineItem.contract_id.desc(), LineItem.seq
    )


def _suppliers(user: User, text: str) -> sa.Select:
    return (
        sa.select(Organisation)
        .where(Organisation.kind == OrgKind.VENDOR, contains(Organisation.name, text))
        .order_by(Organisation.name, Organisation.id)
    )


QUERIES = {Kind.CONTRACT: _contracts, Kind.TENDER: _tenders, Kind.LINE: _lines, Kind.SUPPLIER: _suppliers}


def search(
    user: User, text: str, *, kind: str | None = None, page: int | None = None, per_page: int | None = None
) -> Results:
    """The first PER_KIND results of every kind `user` may search, or, when `kind` is one of them, page
    `page` of that kind alone (`per_page` long). Raises RuleViolation search_too_long past MAX_QUERY_LENGTH characters;
    an empty text finds nothing (no query is made)."""
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise RuleViolation("search_too_long", limit=MAX_QUERY_LENGTH, length=len(text))
    kinds = kinds_for(user)
    if not text:
        return Results(text=text, pages={}, kinds=kinds)
    if kind in kinds:
        chosen = Kind(kind)
        found = paginate(QUERIES[chosen](user, text), page, per_page, count_at_most=COUNT_AT_MOST)
        return Results(text=text, pages={chosen: found}, kinds=kinds, kind=chosen)
    return Results(
        text=text,
        pages={each: paginate(QUERIES[each](user, text), 1, PER_KIND, count_at_most=COUNT_AT_MOST) for each in kinds},
        kinds=kinds,
    )
