"""The switch to Alembic, and the indexes a year of history needs.

``schema_migrations`` gains version 5: a codecanary from before Alembic reads
it as "newer than this codecanary understands" and refuses the database instead
of re-running its own migrations over it.

Indexes (measured with ``bench/scale.py``): ``check`` and ``runs list`` select a
subject's runs in logical-time order (``runs (subject_id, logical_time)``);
per-run sample reads use the unique ``(run_id, task_id, sample_index)`` key.
"""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import op
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert

revision = "0005"
down_revision: str | None = "0004"

_metadata = MetaData()
_schema_migrations = Table(
    "schema_migrations", _metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)


def upgrade() -> None:
    op.create_index("ix_runs_subject_logical_time", "runs", ["subject_id", "logical_time"])
    op.get_bind().execute(insert(_schema_migrations).values(
        version=5, name="alembic", applied_at=datetime.now(UTC)))
