"""The initial tables (pre-Alembic migration 1, frozen in ``m001_initial``)."""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

from codecanary.store import m001_initial

revision = "0001"
down_revision: str | None = None

# The pre-Alembic version table, kept so that an older codecanary opening a newer
# database reads a version it does not know and refuses (revision 0005 writes it).
_metadata = MetaData()
_schema_migrations = Table(
    "schema_migrations", _metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)


def upgrade() -> None:
    conn = op.get_bind()
    _schema_migrations.create(conn, checkfirst=True)
    m001_initial.apply(conn)
