"""Shared fixtures. Servers the tests need are started here on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from codecanary.store import Store
from tests.pg import Cluster, start_cluster, stop_cluster

pytest_plugins = ["tests.fakes.fixtures"]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster on a free loopback port (skips without the binaries)."""
    cluster = start_cluster()
    if cluster is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) or psycopg not installed")
    yield cluster
    stop_cluster(cluster)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, then a database in the PostgreSQL cluster."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(str(tmp_path / "test.db"))
    yield opened
    opened.close()


@pytest.fixture()
def any_store(db_url: str) -> Iterator[Store]:
    """The store on each backend (SQLite and PostgreSQL)."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data dir or config."""
    monkeypatch.setenv("CODECANARY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CODECANARY_DB", raising=False)
    monkeypatch.delenv("CODECANARY_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
