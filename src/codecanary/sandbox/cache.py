"""Build cache: compiled artefacts keyed by a hash of sources, command and toolchain.

The key includes the compiler's resolved path, size and modification time, so an
upgraded toolchain never reuses artefacts built by the old one (environment drift
must not look like model drift). Entries are written atomically (rename) and are
bound read-only into the sandbox, so a program can never poison the cache.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from codecanary.errors import SandboxUnavailable


def default_cache_dir() -> Path:
    """``$CODECANARY_SANDBOX_CACHE``, else ``/var/cache/codecanary/sandbox`` for root
    (the sandbox user cannot read /root), else ``~/.cache/codecanary/sandbox``."""
    if os.environ.get("CODECANARY_SANDBOX_CACHE"):
        return Path(os.environ["CODECANARY_SANDBOX_CACHE"])
    if os.geteuid() == 0:
        return Path("/var/cache/codecanary/sandbox")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "codecanary" / "sandbox"


def world_readable(path: str) -> bool:
    """True when every directory above ``path`` lets other users through."""
    current = os.path.realpath(path)
    while True:
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return False
        if not mode & 0o001:
            return False
        parent = os.path.dirname(current)
        if parent == current:
            return True
        current = parent


def tool_fingerprint(executable: str | None) -> str:
    """Identify the installed compiler binary (path, size, mtime) cheaply."""
    if not executable:
        return "missing"
    real = os.path.realpath(executable)
    try:
        st = os.stat(real)
    except OSError:
        return f"{real}:missing"
    return f"{real}:{st.st_size}:{st.st_mtime_ns}"


def build_key(language: str, argv: tuple[str, ...], toolchain: str,
              files: Mapping[str, str]) -> str:
    payload = json.dumps([language, list(argv), toolchain, sorted(files.items())])
    return hashlib.sha256(payload.encode()).hexdigest()


class BuildCache:
    """``<root>/build/<key>/`` holds artefacts (``ok``) or a recorded compile error."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.builds = self.root / "build"
        self.builds.mkdir(parents=True, exist_ok=True)
        # The sandbox user (not the host user) reads these files.
        for directory in (self.root, self.builds):
            os.chmod(directory, 0o755)
        # As root the sandbox runs as nobody, which must reach the cache; otherwise
        # it runs as the current user, who owns it.
        if os.geteuid() == 0 and not world_readable(str(self.builds)):
            raise SandboxUnavailable(
                f"the sandbox cache {self.root} is not readable by other users; set "
                "CODECANARY_SANDBOX_CACHE to a directory whose parents are world-searchable")

    def path(self, key: str) -> Path:
        return self.builds / key

    def lookup(self, key: str) -> tuple[bool, str] | None:
        """(succeeded, compile output) for a finished build, or None if never built."""
        entry = self.path(key)
        marker = entry / ".result.json"
        if not marker.is_file():
            return None
        data = json.loads(marker.read_text())
        return bool(data["ok"]), str(data["output"])

    def store(self, key: str, ok: bool, output: str, artefacts: Mapping[str, str]) -> None:
        """Write artefacts (base64 contents by relative name) and the result marker."""
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.builds))
        try:
            for rel, b64 in artefacts.items():
                target = staging / rel
                if staging not in target.resolve().parents:
                    continue  # a name that would escape the entry
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(b64))
                os.chmod(target, 0o755)
            (staging / ".result.json").write_text(json.dumps({"ok": ok, "output": output}))
            os.chmod(staging, 0o755)
            os.chmod(staging / ".result.json", 0o644)
            # If another process stored the same key first, theirs is identical.
            with contextlib.suppress(OSError):
                os.rename(staging, self.path(key))
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
