"""One truth per money record under concurrency: the database, not the process, decides who goes first.

A user action that checks a limit or a state and then writes (a payment against what is outstanding, a
supplement against the chain's cap, confirming an import, deciding a penalty, a submission's attempt)
first calls `lock(record)` on the row that guards the decision. Two requests on that row — in one
process or in several servers — then run one after the other: the second waits until the first has
committed, reads what it wrote, and its checks refuse it.

- PostgreSQL: `SELECT … FOR UPDATE` on the row (READ COMMITTED: what is read after the lock is the
  committed state, including the winner's rows).
- SQLite has no row locks and serialises writers for the whole file; a no-op `UPDATE` of the row takes
  the database's write lock at once, before anything is read for the check (pysqlite opens the
  transaction at the first write). A second writer waits for it (the driver's busy timeout) and, if
  it times out, gets "database is locked", which `is_conflict` counts as a conflict (409).

After the lock the session forgets what it had loaded, so the checks read the database again rather
than the objects loaded before the lock.
"""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from contractmgr.extensions import db

#: PostgreSQL SQLSTATEs of a transaction that lost to another: a unique key taken meanwhile,
#: serialization failure, deadlock, lock not available (NOWAIT / lock_timeout).
_PG_CONFLICT_STATES = {"23505", "40001", "40P01", "55P03"}
_SQLITE_CONFLICTS = ("UNIQUE constraint failed", "database is locked")


def lock(record) -> None:
    """Hold `record`'s row until the transaction ends, then expire the session so every check that
    follows reads the committed state. Call it before reading what the check depends on."""
    db.session.flush()
    table = sa.inspect(record).mapper.local_table
    where = table.c.id == record.id
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.update(table).where(where).values(id=table.c.id))
    else:
        db.session.execute(sa.select(table.c.id).where(where).with_for_update())
    db.session.expire_all()


def is_conflict(error: BaseException) -> bool:
    """Whether a database error means that another transaction got there first: a unique key that a
    concurrent write took, a deadlock or serialization failure, a lock that could not be had, SQLite's
    "database is locked". Other constraint failures (a check, a foreign key) are not conflicts."""
    if not isinstance(error, (IntegrityError, OperationalError)):
        return False
    if getattr(error.orig, "sqlstate", None) in _PG_CONFLICT_STATES:
        return True
    return any(sign in str(error.orig) for sign in _SQLITE_CONFLICTS)
