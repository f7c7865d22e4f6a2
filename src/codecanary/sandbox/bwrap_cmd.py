"""The bubblewrap command line for one zygote, and a probe that bubblewrap works here."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from codecanary.errors import SandboxUnavailable

INSIDE_DIR = Path(__file__).with_name("inside")
INSIDE_MODULES = ("__init__.py", "nsys.py", "pyrun.py", "sample.py", "zygote.py")
# When codecanary runs as root, bubblewrap is started as this unprivileged host
# user so sandboxed code never holds host uid 0, not even without capabilities.
NOBODY = 65534
SANDBOX_INSIDE = "/cc/codecanary/sandbox/inside"
SANDBOX_CACHE = "/cache"
SANDBOX_ART = "/art"  # each sample sees only its own build artefacts here
SANDBOX_UID = 1000
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
SANDBOX_PYTHON = "/usr/bin/python3"
# Only what dynamic linking, toolchains and locale lookup need; never /root, /home,
# the host's /tmp, the project checkout or the store.
_ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
              "/etc/localtime")
_PASSWD = f"sandbox:x:{SANDBOX_UID}:{SANDBOX_UID}:sandbox:/work:/usr/sbin/nologin\n"
_GROUP = f"sandbox:x:{SANDBOX_UID}:\n"


def _root_links() -> list[str]:
    """Recreate /bin, /lib, /lib64, /sbin as on the host (merged-/usr symlinks or binds)."""
    args: list[str] = []
    for name in ("bin", "lib", "lib64", "sbin", "lib32", "libx32"):
        path = f"/{name}"
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def write_identity_files(cache_dir: Path) -> Path:
    """A minimal passwd/group naming the sandbox user (some runtimes look it up)."""
    etc = cache_dir / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    os.chmod(etc, 0o755)
    for name, text in (("passwd", _PASSWD), ("group", _GROUP)):
        path = etc / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        os.chmod(path, 0o644)
    return etc


def run_as() -> dict[str, object]:
    """subprocess keyword arguments that drop root before starting bubblewrap."""
    if os.geteuid() == 0:
        return {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    return {}


def install_inside(cache_dir: Path) -> Path:
    """Copy the in-sandbox modules next to the cache, readable by the sandbox user.

    The installed package may live somewhere the sandbox user cannot read
    (a virtualenv under /root); the copy always can be.
    """
    sources = {name: (INSIDE_DIR / name).read_bytes() for name in INSIDE_MODULES}
    digest = hashlib.sha256(b"".join(name.encode() + b"\0" + data + b"\0"
                                     for name, data in sorted(sources.items()))).hexdigest()
    # One directory per version of the modules: two codecanary versions sharing a
    # cache (two checkouts on one machine) must never mix a zygote of one with the
    # sample code of the other.
    target = cache_dir / f"inside-{digest[:16]}"
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o755)
    for name, data in sources.items():
        path = target / name
        if not path.exists() or path.read_bytes() != data:
            tmp = target / f".{name}.tmp"
            tmp.write_bytes(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
    return target


def zygote_argv(cache_dir: Path, binds: Iterable[tuple[str, str]]) -> list[str]:
    """bwrap argv that starts the zygote with every isolation option applied."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed; run scripts/install-toolchains.sh as root "
            "or pass --sandbox local to run UNISOLATED (unsafe)")
    etc = write_identity_files(cache_dir)
    inside = install_inside(cache_dir)
    args = [
        bwrap,
        "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
        "--unshare-cgroup-try",
        "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--hostname", "sandbox",
        "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr", *_root_links(),
    ]
    for path in _ETC_FILES:
        args += ["--ro-bind-try", path, path]
    args += ["--ro-bind", str(etc / "passwd"), "/etc/passwd",
             "--ro-bind", str(etc / "group"), "/etc/group"]
    for src, dst in binds:
        args += ["--ro-bind", src, dst]
    args += [
        "--proc", "/proc", "--dev", "/dev",
        "--dir", "/work", "--dir", "/tmp", "--dir", "/sbx", "--dir", SANDBOX_ART,
        "--ro-bind", str(cache_dir), SANDBOX_CACHE,
        "--ro-bind", str(inside), SANDBOX_INSIDE,
        # Nothing shared between samples may be writable: each sample mounts its own
        # tmpfs over /sbx, /work, /tmp and /dev/shm.
        "--remount-ro", "/", "--remount-ro", "/dev",
        "--clearenv", "--setenv", "PATH", SANDBOX_PATH, "--setenv", "LANG", "C.UTF-8",
        "--setenv", "PYTHONHASHSEED", "0", "--setenv", "HOME", "/work",
        "--chdir", "/",
        SANDBOX_PYTHON, "-I", "-S", "-B", f"{SANDBOX_INSIDE}/zygote.py",
    ]
    return args


@functools.cache
def probe_bwrap() -> None:
    """Raise SandboxUnavailable (one line) unless bubblewrap can create a sandbox here."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed; run scripts/install-toolchains.sh as root "
            "or pass --sandbox local to run UNISOLATED (unsafe)")
    if not os.path.exists(SANDBOX_PYTHON):
        raise SandboxUnavailable(f"the sandbox needs {SANDBOX_PYTHON} (Debian package python3)")
    argv = [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr",
            *_root_links(), "--proc", "/proc", "--dev", "/dev", SANDBOX_PYTHON, "-I", "-S",
            "-c", "pass"]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=20,
                              **run_as())  # type: ignore[call-overload]
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxUnavailable(f"bubblewrap cannot start: {exc}") from exc
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise SandboxUnavailable(
            f"bubblewrap cannot create a sandbox here ({reason}); enable unprivileged user "
            "namespaces or pass --sandbox local to run UNISOLATED (unsafe)")

