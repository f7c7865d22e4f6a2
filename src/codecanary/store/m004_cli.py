"""Migration 4: ``runs.pid`` and ``runs.host``, who is executing a run.

A run left ``running`` by a process that no longer exists (SIGKILL, power loss)
is shown as ``interrupted``: the store compares the recorded pid with the live
processes when the host is this machine. Older runs keep NULL (never judged).
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect


def apply(conn: Connection) -> None:
    """Add two nullable columns (plain SQL: SQLite and PostgreSQL both accept it)."""
    existing = {c["name"] for c in inspect(conn).get_columns("runs")}
    if "pid" not in existing:
        conn.exec_driver_sql("ALTER TABLE runs ADD COLUMN pid INTEGER")
    if "host" not in existing:
        conn.exec_driver_sql("ALTER TABLE runs ADD COLUMN host VARCHAR(255)")
