"""Opening a store: SQLite file by default (WAL), any SQLAlchemy URL otherwise."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from codecanary.errors import StoreError
from codecanary.store.migrations import current_revision, head, migrate


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


def resolve_url(db: str | None, *, create: bool = True) -> str:
    """A URL stays a URL; a plain path means a SQLite file there.

    The default location's directory is always created. An explicit path whose
    directory is missing is created only with ``create`` (a typo in ``--db``
    should not quietly start an empty database somewhere new).
    """
    if not db:
        path = default_db_path()
        create = True
    elif "://" in db:
        _check_url(db)
        return _driver(db)
    else:
        path = Path(db).expanduser()
    if not path.parent.is_dir() and not create:
        raise StoreError(f"no directory {path.parent} for the database {path}; "
                         "check the path, or pass --create to start a new database there")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the database directory {path.parent}: {exc.strerror}"
        ) from exc
    return f"sqlite:///{path}"


def _driver(url: str) -> str:
    """``postgresql://`` means psycopg 3 (``codecanary[postgres]``) unless psycopg2 is there.

    SQLAlchemy's default PostgreSQL driver is psycopg2, which codecanary does not
    install; without this a plain ``postgresql://host/db`` fails on a missing module.
    """
    import importlib.util

    if url.startswith(("postgresql://", "postgres://")) \
            and importlib.util.find_spec("psycopg2") is None \
            and importlib.util.find_spec("psycopg") is not None:
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _check_url(url: str) -> None:
    """One clear line for a URL SQLAlchemy cannot even parse."""
    from sqlalchemy.engine import make_url

    try:
        make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"malformed database URL {_redact(url)!r}: expected "
                         "dialect://user@host/name (e.g. postgresql://localhost/cc) "
                         "or a SQLite file path") from exc


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def is_read_only(path: Path) -> bool:
    """True when the file may not be written: no permission, or no write bit at all.

    The bit test respects a ``chmod a-w`` even for root, who may write anything.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not mode & 0o222


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets readers (dashboard, `runs show`) work while a run writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_engine(db: str | None = None, *, create: bool = True,
                read_only: bool = False) -> Engine:
    """Create an engine for ``db`` (URL or path) and bring its schema up to date.

    A SQLite file that cannot be written (or ``read_only``) is opened read-only:
    nothing is migrated, and a schema that would need migrating is refused.
    """
    url = resolve_url(db, create=create)
    path = sqlite_path(url)
    if path is not None and path.exists() and (read_only or is_read_only(path)):
        return _open_read_only(url, path)
    if path is not None and read_only:
        raise StoreError(f"no database at {path}")
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {_redact(url)}: "
                         f"{_first_line(exc)}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot open database {_redact(url)}: "
                         f"{_first_line(exc.orig)}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"database {_redact(url)} failed: {_first_line(exc)}") from exc
    return engine


def _open_read_only(url: str, path: Path) -> Engine:
    """``mode=ro`` first; ``immutable=1`` when even the WAL index cannot be opened."""
    last: Exception | None = None
    for flag in ("mode=ro", "immutable=1"):
        engine = create_engine(f"sqlite:///file:{path}?{flag}&uri=true", future=True)
        event.listen(engine, "connect", _read_only_pragmas)
        try:
            with engine.connect() as conn:
                revision = current_revision(conn)
        except OperationalError as exc:
            last = exc
            engine.dispose()
            continue
        except StoreError:
            engine.dispose()
            raise
        if revision != head():
            engine.dispose()
            raise StoreError(f"the database {path} is read-only and its schema (revision "
                             f"{revision}) needs migrating to {head()}; open it once with "
                             "write access")
        return engine
    raise StoreError(f"cannot open the read-only database {path}: "
                     f"{_first_line(last)}")


def _first_line(exc: object) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _redact(url: str) -> str:
    """Hide a password in a URL before it reaches a message."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Unparseable: still never echo what sits between "user:" and "@".
        return re.sub(r"(://[^/:@]*:)[^@]*@", r"\1***@", url)
