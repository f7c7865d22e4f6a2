"""Migration 2: the monitoring tables (pinned baselines, detector state, alerts).

The tables are frozen here as they stood at version 2, in their own
``MetaData``, so later edits of ``schema.py`` never change what this migration
does. ``checkfirst`` because early builds of migration 1 created them too.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

_metadata = MetaData()

# Referenced by the foreign keys below; never created by this migration.
Table("subjects", _metadata, Column("id", Integer, primary_key=True))

_baselines = Table(
    "baselines", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("suite_version", String(64), nullable=False),
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("subject_id", "suite_version", name="uq_baselines_subject_suite"),
)

_monitor_state = Table(
    "monitor_state", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("suite_version", String(64), nullable=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("subject_id", "suite_version", name="uq_monitor_state_subject_suite"),
)

_alerts = Table(
    "alerts", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("slice", String(200), nullable=False),
    Column("metric", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("opened_run", String(32), nullable=False),
    Column("closed_run", String(32), nullable=True),
    Column("payload", JSON, nullable=False),
)


def apply(conn: Connection) -> None:
    """Create the three monitoring tables where they do not exist yet."""
    for table in (_baselines, _monitor_state, _alerts):
        table.create(conn, checkfirst=True)
