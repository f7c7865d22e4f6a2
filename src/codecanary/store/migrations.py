"""Ordered, named schema migrations; they run when a store is opened.

Each migration runs in its own transaction and is recorded in
``schema_migrations``. Every migration freezes what it does in its own module
(``m00N_*.py``), so editing ``schema.py`` never changes history: a change of
``schema.py`` needs a new migration, and ``tests/store/test_store.py`` checks that
the migrations, applied in order, build exactly ``schema.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, inspect, select

from codecanary.errors import StoreError
from codecanary.store import m001_initial, m002_monitor, m003_diagnostics, m004_cli, schema


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", m001_initial.apply),
    Migration(2, "monitoring", m002_monitor.apply),
    Migration(3, "sample_diagnostics", m003_diagnostics.apply),
    Migration(4, "run_owner", m004_cli.apply),
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
