"""The ``lint`` flag: ruff on Python records, many records per ruff process.

The rules are the scoring's (:mod:`codecanary.scoring.maintainability`: pyflakes,
``E7``/``E9``, bugbear, ``SIM``, ``C4``, ``PLW`` and a few ``PLR``), run by the
same ruff binary, minus ``F821`` (undefined name): a dataset record is often a
function cut out of a module whose imports and globals it uses. One ruff process
per batch of records (files in a temporary directory) instead of one per record,
which is what makes ruff affordable at 1,000 records/s.

A record is flagged when it has at least ``MIN_FINDINGS`` findings and their
density per 100 code lines reaches the threshold (``--lint-density``). Other
languages are not linted here (no external linter is installed for them; the
scoring's lexer rules are per-answer heuristics, not a linter) -- a blind spot.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from codecanary.scoring.maintainability import _RUFF_RULES

MIN_FINDINGS = 4
_TIMEOUT_S = 120.0
_IGNORE = "F821"


@cache
def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def code_lines(code: str) -> int:
    return sum(1 for ln in code.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


def lint_batch(codes: dict[int, str]) -> dict[int, list[str]]:
    """Ruff findings (``line N: CODE message``) of each Python record, by record key."""
    if not codes:
        return {}
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="codecanary-lint-", dir=shm) as tmp:
        root = Path(tmp)
        for key, code in codes.items():
            (root / f"r{key}.py").write_text(code, encoding="utf-8", errors="surrogatepass")
        try:
            proc = subprocess.run(
                [_ruff(), "check", "--output-format", "json", "--no-cache", "--isolated",
                 "--select", _RUFF_RULES, "--ignore", _IGNORE, "--exit-zero", str(root)],
                capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
            items = json.loads(proc.stdout or "[]")
        except (OSError, subprocess.SubprocessError, ValueError):
            return {}
    found: dict[int, list[str]] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        stem = Path(str(item.get("filename", ""))).stem
        if not stem.startswith("r") or not stem[1:].isdigit():
            continue
        row = item.get("location", {}).get("row", 0)
        found.setdefault(int(stem[1:]), []).append(
            f"line {row}: {item.get('code') or 'E999'} {item.get('message', '')}")
    return found


def lint_flag(code: str, findings: list[str], density: float) -> str | None:
    """Evidence when the findings are dense enough to flag the record, else None."""
    lines = code_lines(code)
    if len(findings) < MIN_FINDINGS or not lines:
        return None
    per_100 = 100.0 * len(findings) / lines
    if per_100 < density:
        return None
    return f"{len(findings)} ruff findings in {lines} lines ({per_100:.0f}/100): {findings[0]}"
