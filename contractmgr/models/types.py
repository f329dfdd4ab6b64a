"""Column types shared by the models."""

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from contractmgr.domain.money import MAX_UPPER_AMOUNT, to_fen

#: the largest value of an INTEGER column (ids, sequence numbers, days): PostgreSQL refuses more with an
#: error, so what people and programs send is bounded by it before it reaches the database
MAX_INT = 2**31 - 1


class Money(TypeDecorator):
    """RMB to the fen: NUMERIC(14, 2), Decimal in and Decimal out, floats refused.

    PostgreSQL keeps NUMERIC exactly. SQLite has no decimal type: it keeps an integer or a
    15-digit real, which holds every NUMERIC(14, 2) value exactly to the fen once read back
    through here; so sums are made in Python, never in SQL.
    """

    impl = sa.Numeric(14, 2)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be a Decimal, not a float")
        amount = to_fen(Decimal(value))
        if abs(amount) > MAX_UPPER_AMOUNT:  # SQLite would keep a wrong real; PostgreSQL would overflow
            raise ValueError(f"{amount} does not fit NUMERIC(14, 2); the forms and the API refuse it first")
        return amount

    def process_result_value(self, value, dialect):
        return None if value is None else to_fen(Decimal(value))


class _FenSum(TypeDecorator):
    """A sum of fen (an integer) read back as yuan, a Decimal to the fen."""

    impl = sa.BigInteger
    cache_ok = True

    def process_result_value(self, value, dialect):
        return to_fen(Decimal(value or 0) / 100)


def money_sum(column) -> sa.ColumnElement[Decimal]:
    """SUM of a Money column in SQL, exact on both engines: each amount is summed as whole fen (an
    integer), because SQLite would add NUMERIC values as floats. 0.00 over no rows."""
    fen = sa.cast(sa.func.round(column * 100), sa.BigInteger)
    return sa.type_coerce(sa.func.coalesce(sa.func.sum(fen), 0), _FenSum())


class Ratio(TypeDecorator):
    """A ratio such as 0.70 or 0.002, kept exactly (NUMERIC(7, 4))."""

    impl = sa.Numeric(7, 4)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, float):
            raise TypeError("ratios must be Decimal, not float")
        return value

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value).normalize()


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def enum(*values: str, name: str) -> sa.Enum:
    """A string column limited to `values` by a named CHECK constraint (same on SQLite and PostgreSQL)."""
    return sa.Enum(*(str(v) for v in values), name=name, native_enum=False, create_constraint=True, length=32)


#: the prefixes of the numbers people quote: 合同 HT-000012, 招标项目 ZB-000003, 导入记录 DR-000007
RECORD_PREFIXES = ("HT", "ZB", "DR")


def record_number(prefix: str, record_id: int | None) -> str:
    return f"{prefix}-{record_id or 0:06d}"


def record_id_of(text: str, prefix: str) -> int | None:
    """The id in a quoted record number (HT-000012, ht-12, HT12), else None."""
    text = text.strip().upper().replace("－", "-")
    if not text.startswith(prefix):
        return None
    digits = text[len(prefix) :].lstrip("-")
    return int(digits) if digits.isdigit() and len(digits) <= 9 else None
