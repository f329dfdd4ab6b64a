"""trigram indexes for the search box (PostgreSQL with pg_trgm only; nothing on SQLite)

The search matches substrings with ILIKE '%…%' (services/search.py). pg_trgm's GIN indexes serve such
a match on PostgreSQL, Chinese text included; SQLite has no such index and scans. When the server
lacks pg_trgm, or the migrating role may not create it, the indexes are skipped and search still
works, scanning: say so, do not fail the deployment.

Revision ID: c8c5e2157e63
Revises: 8d4f0b5c1e73
Create Date: 2026-12-01 06:00:00

"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "c8c5e2157e63"
down_revision = "8d4f0b5c1e73"
branch_labels = None
depends_on = None

#: index name → (table, column); the names start with trgm_ so schema comparisons can leave them out
TRIGRAM_INDEXES = {
    "trgm_contracts_title": ("contracts", "title"),
    "trgm_contracts_procurement_number": ("contracts", "procurement_number"),
    "trgm_contracts_filing_number": ("contracts", "filing_number"),
    "trgm_tenders_title": ("tenders", "title"),
    "trgm_tenders_procurement_number": ("tenders", "procurement_number"),
    "trgm_tender_items_name": ("tender_items", "name"),
    "trgm_line_items_name": ("line_items", "name"),
    "trgm_organisations_name": ("organisations", "name"),
}


def _trigrams_available(bind) -> bool:
    """pg_trgm is installed, or could be and this role may install it (a savepoint keeps a refusal
    from aborting the migration's transaction)."""
    if bind.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")):
        return True
    if not bind.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        return False
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not _trigrams_available(bind):
        logging.getLogger("alembic.runtime.migration").warning(
            "pg_trgm is not available: search works without its indexes (it scans)."
        )
        return
    for name, (table, column) in TRIGRAM_INDEXES.items():
        op.create_index(name, table, [column], postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})


def downgrade():
    # The extension stays: other databases' objects may use it, and it costs nothing unused.
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
