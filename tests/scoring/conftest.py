"""One real bubblewrap sandbox per test module of the scoring tests."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.sandbox.bwrap_cmd import probe_bwrap


@pytest.fixture(scope="module")
def cache_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="codecanary-test-cache-"))
    path.chmod(0o755)  # the sandbox user must reach it
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox(cache_dir: Path) -> AsyncIterator[BwrapSandbox]:
    probe_bwrap()  # a missing bubblewrap fails loudly, it is never skipped
    sb = BwrapSandbox(workers=1, max_concurrency=4, cache_dir=cache_dir)
    await sb.start()
    yield sb
    await sb.aclose()
