"""Every foreign key is indexed, so reading a contract's milestones, payments, penalties … (and
deleting or checking a referenced row) never scans a whole table once there are thousands of contracts."""

import sqlalchemy as sa

from contractmgr.extensions import db


def _leading_columns(inspector, table: str) -> set[tuple[str, ...]]:
    """The column lists an index can serve by prefix: indexes, unique constraints and the primary key."""
    keys = [tuple(i["column_names"]) for i in inspector.get_indexes(table)]
    keys += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)]
    keys.append(tuple(inspector.get_pk_constraint(table)["constrained_columns"]))
    return {key for key in keys if key}


def _covered(fk_columns: tuple[str, ...], indexed: set[tuple[str, ...]]) -> bool:
    return any(key[: len(fk_columns)] == fk_columns for key in indexed)


def test_every_foreign_key_is_the_leading_column_of_an_index(app):
    inspector = sa.inspect(db.engine)
    unindexed = []
    for table in inspector.get_table_names():
        indexed = _leading_columns(inspector, table)
        for fk in inspector.get_foreign_keys(table):
            columns = tuple(fk["constrained_columns"])
            if not _covered(columns, indexed):
                unindexed.append(f"{table}.{','.join(columns)}")
    assert unindexed == []


def test_the_columns_lists_sort_and_filter_by_are_indexed(app):
    inspector = sa.inspect(db.engine)
    indexed = _leading_columns(inspector, "contracts")
    for column in ("vendor_id", "purchaser_id", "start_on", "end_on"):
        assert _covered((column,), indexed), column
