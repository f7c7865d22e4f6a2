"""Working trees of repo tasks: write, patch, snapshot and diff them.

Trees are ``dict[str, str]`` (POSIX relative path → text) in memory; on disk
they are plain directories. Patches are applied with ``git apply`` (no
repository needed), which is what ``solution.patch`` is written for.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from codecanary.errors import CodecanaryError

#: Directories an agent or a toolchain may leave behind that are not "changes".
IGNORED_DIRS = frozenset({".git", "__pycache__", "node_modules", "target", ".pytest_cache",
                          ".ruff_cache", ".mypy_cache", ".aider.tags.cache.v4", ".claude"})
#: Build output directories: ignored unless the starting tree has one of that name.
BUILD_DIRS = frozenset({"dist", "build", "out", "coverage"})


def ignored_dirs(start: dict[str, str]) -> frozenset[str]:
    """Directory names whose contents are not part of an agent's change for this tree."""
    present = {part for path in start for part in path.split("/")[:-1]}
    return IGNORED_DIRS | (BUILD_DIRS - present)


class PatchError(CodecanaryError):
    """A patch does not apply to the tree."""


def write_tree(files: dict[str, str], root: Path) -> None:
    """Write ``files`` under ``root`` (created if needed)."""
    made: set[str] = set()
    for rel, text in files.items():
        path = root / rel
        parent = str(path.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        path.write_text(text, encoding="utf-8")


def snapshot(root: Path, ignore: frozenset[str] = IGNORED_DIRS) -> dict[str, str]:
    """The text files under ``root`` (binary or unreadable files as a marker),
    skipping directories named in ``ignore``."""
    files: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ignore)
        for name in filenames:
            full = os.path.join(dirpath, name)
            if os.path.islink(full) or name.endswith(".pyc"):
                continue
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            try:
                with open(full, encoding="utf-8") as fh:
                    files[rel] = fh.read()
            except (OSError, UnicodeDecodeError):
                files[rel] = "\0binary"
    return files


def apply_patch(root: Path, patch: str) -> None:
    """Apply a unified diff (``a/``/``b/`` prefixes) to the tree at ``root``."""
    proc = subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], input=patch,
                          cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["git apply failed"])[0]
        raise PatchError(f"patch does not apply: {reason}")


def patched(files: dict[str, str], patch: str, workdir: Path) -> dict[str, str]:
    """``files`` with ``patch`` applied (using ``workdir`` as scratch space)."""
    write_tree(files, workdir)
    apply_patch(workdir, patch)
    return snapshot(workdir)


@dataclass(frozen=True)
class DiffStats:
    """What changed between two trees."""

    files: tuple[str, ...]
    added: int
    removed: int

    @property
    def lines(self) -> int:
        return self.added + self.removed


def diff_trees(before: dict[str, str], after: dict[str, str]) -> DiffStats:
    """Changed paths (added, deleted or edited) and line counts, like ``git diff --stat``."""
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    added = removed = 0
    for path in changed:
        old = before.get(path, "").splitlines()
        new = after.get(path, "").splitlines()
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                          autojunk=False).get_opcodes():
            if op != "equal":
                removed += i2 - i1
                added += j2 - j1
    return DiffStats(tuple(changed), added, removed)


def patch_stats(patch: str) -> DiffStats:
    """Files and lines a unified diff changes (its ``+``/``-`` lines)."""
    files: list[str] = []
    added = removed = 0
    for line in patch.splitlines():
        if line.startswith("+++ ") or line.startswith("--- "):
            path = line[4:].split("\t")[0].strip()
            if path != "/dev/null":
                name = path[2:] if path[:2] in ("a/", "b/") else path
                if name not in files:
                    files.append(name)
        elif line.startswith("+"):
            added += 1
        elif line.startswith("-"):
            removed += 1
    return DiffStats(tuple(files), added, removed)


def added_lines(patch: str) -> dict[str, set[int]]:
    """Per new-side file, the 1-based line numbers the patch adds (for mutating hunks)."""
    result: dict[str, set[int]] = {}
    current: set[int] | None = None
    line_no = 0
    for line in patch.splitlines():
        if line.startswith("+++ "):
            path = line[4:].split("\t")[0].strip()
            current = None if path == "/dev/null" else result.setdefault(
                path[2:] if path.startswith("b/") else path, set())
        elif line.startswith("--- "):
            continue
        elif line.startswith("@@"):
            match = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", line)
            line_no = int(match.group(1)) if match else 0
        elif current is not None and line.startswith("+"):
            current.add(line_no)
            line_no += 1
        elif line.startswith(" "):
            line_no += 1
    return result


@functools.lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``**`` spans directories, ``*`` and ``?`` stay within one path segment."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def is_test_path(path: str) -> bool:
    """Test files by the usual conventions (``tests/``, ``test_*.py``, ``*_test.go``,
    ``*.test.js`` …)."""
    parts = path.split("/")
    name = parts[-1]
    return (any(p in ("test", "tests", "__tests__", "hidden_tests", "spec") for p in parts[:-1])
            or name.startswith("test_") or "_test." in name or ".test." in name
            or ".spec." in name)


def allowed(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``path`` matches one of the allowed-path globs."""
    return any(_glob_regex(p).match(path) for p in patterns)


def forbidden_changes(stats: DiffStats, patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Changed paths outside the allowed globs."""
    return tuple(p for p in stats.files if not allowed(p, patterns))
