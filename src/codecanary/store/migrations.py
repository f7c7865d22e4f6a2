"""Ordered, named schema migrations; they run when a store is opened.

Each migration runs in its own transaction and is recorded in
``schema_migrations``. Migration 1 creates the tables of ``schema.py`` as they
stood at version 1. When ``schema.py`` changes, add a migration that applies the
delta *and* freeze migration 1's tables into its own module first:
``tests/store/test_migrations.py`` fails (duplicate column) until you do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, inspect, select

from codecanary.errors import StoreError
from codecanary.store import m002_monitor, schema


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _m001_initial(conn: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t.name != "schema_migrations"]
    schema.metadata.create_all(conn, tables=tables)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", _m001_initial),
    Migration(2, "monitoring", m002_monitor.apply),
)


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    versions = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: Engine) -> list[str]:
    """Apply every pending migration; return the names applied."""
    applied: list[str] = []
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
        version = current_version(conn)
    latest = MIGRATIONS[-1].version
    if version > latest:
        raise StoreError(
            f"the database schema is version {version}, newer than this codecanary "
            f"understands ({latest}); upgrade codecanary"
        )
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        with engine.begin() as conn:
            migration.apply(conn)
            conn.execute(insert(schema.schema_migrations).values(
                version=migration.version, name=migration.name, applied_at=datetime.now(UTC)))
        applied.append(f"{migration.version:04d}_{migration.name}")
    return applied
