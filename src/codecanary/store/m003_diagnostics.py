"""Migration 3: ``samples.diagnostics``, the scoring's human-readable findings.

Each entry is one line (``syntax: line 12: unexpected '}'``, ``constraint
forbid_call: calls sorted() at line 4``); older samples keep NULL, read as none.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect


def apply(conn: Connection) -> None:
    """Add the nullable JSON column (plain SQL: SQLite and PostgreSQL both accept it)."""
    if "diagnostics" not in {c["name"] for c in inspect(conn).get_columns("samples")}:
        conn.exec_driver_sql("ALTER TABLE samples ADD COLUMN diagnostics JSON")
