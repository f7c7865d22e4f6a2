"""Opening a store: SQLite file by default (WAL), any SQLAlchemy URL otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from codecanary.errors import StoreError
from codecanary.store.migrations import migrate


def data_dir() -> Path:
    """Where codecanary keeps its data.

    ``$CODECANARY_HOME``, else ``$XDG_DATA_HOME/codecanary``, else
    ``~/.local/share/codecanary``.
    """
    if home := os.environ.get("CODECANARY_HOME"):
        return Path(home)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "codecanary"


def default_db_path() -> Path:
    return data_dir() / "codecanary.db"


def resolve_url(db: str | None) -> str:
    """A URL stays a URL; a plain path means a SQLite file there."""
    if not db:
        path = default_db_path()
    elif "://" in db:
        return db
    else:
        path = Path(db).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the database directory {path.parent}: {exc.strerror}"
        ) from exc
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets readers (dashboard, `runs show`) work while a run writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_engine(db: str | None = None) -> Engine:
    """Create an engine for ``db`` (URL or path) and bring its schema up to date."""
    url = resolve_url(db)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {_redact(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot open database {_redact(url)}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"database {_redact(url)} failed: {exc}") from exc
    return engine


def _redact(url: str) -> str:
    """Hide a password in a URL before it reaches a message."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
