"""Persistence: SQLite by default, any SQLAlchemy URL by ``--db`` / ``CODECANARY_DB``."""

from codecanary.store.db import data_dir, default_db_path, open_engine, resolve_url
from codecanary.store.store import Store

__all__ = ["Store", "data_dir", "default_db_path", "open_engine", "resolve_url"]
