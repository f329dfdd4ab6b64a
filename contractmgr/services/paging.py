"""One page of a list, cut in SQL: the rows of the page and how many there are in all.

Every list that grows with the years (contracts, tenders, the API's contracts) is read a page at a
time, so a page costs the same whatever the number of records: one query for the count, one for the
rows (plus the eager loads the caller asks for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from contractmgr.extensions import db

PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class Page:
    items: list[Any]
    #: 1 for the first page
    number: int
    per_page: int
    #: how many rows the whole list has (with `more`, how many were counted: there are more)
    total: int
    #: the count stopped at its limit (paginate's count_at_most): the list has more than `total` rows
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total + self.more) // self.per_page))

    @property
    def total_label(self) -> str:
        """The count as a page shows it: "1000+" when counting stopped there."""
        return f"{self.total}+" if self.more else str(self.total)

    @property
    def pages_label(self) -> str:
        return f"{self.pages}+" if self.more else str(self.pages)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_numbers(page: int | None, per_page: int | None) -> tuple[int, int]:
    """The page asked for, from 1, and its size, from 1 to MAX_PER_PAGE (PER_PAGE when not asked)."""
    number = page if page and page > 0 else 1
    size = min(per_page, MAX_PER_PAGE) if per_page and per_page > 0 else PER_PAGE
    return number, size


def paginate(
    query: sa.Select,
    page: int | None = None,
    per_page: int | None = None,
    *,
    count_at_most: int | None = None,
    total: int | None = None,
) -> Page:
    """Page `page` of `query` (which must be ordered, and end its order with a unique column so no row
    shows on two pages). A page past the end is empty, not an error. `total`: how many rows the query has,
    when the caller counted them already in the same transaction (the finance overview, with its totals).

    With `count_at_most`, the count stops that many rows past the start of the page, or at its end if
    the page is longer (`more` says it stopped):
    a search matching nearly every row need not read them all to say "1000+"."""
    number, size = page_numbers(page, per_page)
    more = False
    if total is None:
        counted = query.order_by(None)
        limit = None if count_at_most is None else (number - 1) * size + max(count_at_most, size) + 1
        if limit is not None:
            counted = counted.limit(limit)
        total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0
        if limit is not None and total == limit:
            total, more = total - 1, True
    items = list(db.session.scalars(query.limit(size).offset((number - 1) * size)).unique())
    return Page(items=items, number=number, per_page=size, total=total, more=more)
