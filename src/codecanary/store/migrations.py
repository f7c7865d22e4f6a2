"""Schema migrations: Alembic revisions (``store/revisions``), applied when a store opens.

No ``alembic.ini`` is needed at run time: the revisions ship inside the package
and run programmatically on the store's own connection. A database built by the
pre-Alembic migrations (``schema_migrations`` versions 1–4, no
``alembic_version``) is stamped at the matching revision and upgraded in place.
A database at a revision this code does not know is refused (it is newer).
The whole upgrade is one transaction under a lock (an advisory lock on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so processes opening a fresh
database at once migrate it exactly once.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, select, text

from codecanary.errors import StoreError
from codecanary.store import schema

_REVISIONS = Path(__file__).with_name("revisions")
#: pre-Alembic ``schema_migrations`` version -> the Alembic revision it equals.
LEGACY: dict[int, str] = {1: "0001", 2: "0002", 3: "0003", 4: "0004"}
#: Written into ``schema_migrations`` by revision 0005 (older code refuses the database).
ALEMBIC_MARK = 5
_LOCK_KEY = 0x636F646563  # "codec": pg_advisory_xact_lock key for migrations


def script() -> ScriptDirectory:
    return ScriptDirectory(str(_REVISIONS), version_locations=[str(_REVISIONS)])


def head() -> str:
    found = script().get_current_head()
    assert found is not None
    return found


def _legacy_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    versions = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def current_revision(conn: Connection) -> str | None:
    """The database's revision: Alembic's own, else the legacy version's equivalent.

    Raises :class:`StoreError` for a schema newer than this code.
    """
    revision = MigrationContext.configure(conn).get_current_revision()
    scripts = script()
    if revision is not None:
        try:
            scripts.get_revision(revision)
        except Exception as exc:
            raise StoreError(f"the database schema is at revision {revision}, newer than this "
                             f"codecanary understands ({head()}); upgrade codecanary") from exc
        return revision
    legacy = _legacy_version(conn)
    if legacy == 0:
        return None
    if legacy not in LEGACY:
        # Read committed: a migration may have committed between the two reads above.
        if MigrationContext.configure(conn).get_current_revision() is not None:
            return current_revision(conn)
        raise StoreError(f"the database schema is version {legacy}, newer than this "
                         f"codecanary understands ({head()}); upgrade codecanary")
    return LEGACY[legacy]


def pending(conn: Connection) -> bool:
    return current_revision(conn) != head()


def migrate(engine: Engine) -> list[str]:
    """Bring the schema to the head revision; return the revisions applied."""
    applied: list[str] = []
    with engine.connect() as conn:
        if current_revision(conn) == head():
            return applied  # the everyday case: no lock taken
    with engine.begin() as conn:
        # Serialise migrators, then look again: another process may have just finished.
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, and DDL in one transaction
        start = current_revision(conn)
        if start == head():
            return applied
        scripts = script()

        def upgrade(rev: object, _context: object) -> object:
            return scripts._upgrade_revs("head", start or "base")

        env = EnvironmentContext(Config(), scripts, fn=upgrade, destination_rev="head")
        with env:
            env.configure(connection=conn, transactional_ddl=True)
            if start is not None and MigrationContext.configure(conn).get_current_revision() \
                    is None:
                env.get_context().stamp(scripts, start)
            with env.begin_transaction():
                env.run_migrations()
        applied = [r.revision for r in scripts.iterate_revisions("head", start or "base")]
    applied.reverse()
    return applied
