"""Shared fixtures. Servers the tests need are started here on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from codecanary.store import Store

pytest_plugins = ["tests.fakes.fixtures"]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(str(tmp_path / "test.db"))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data dir or config."""
    monkeypatch.setenv("CODECANARY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CODECANARY_DB", raising=False)
    monkeypatch.delenv("CODECANARY_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
