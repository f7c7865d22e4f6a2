"""A throwaway PostgreSQL cluster on a loopback port, for the store/CLI tests.

Found through ``pg_config``/``/usr/lib/postgresql/*/bin`` (Debian's layout) or
``$CODECANARY_PG_BIN``; absent binaries mean the PostgreSQL cases skip. The
cluster lives in a temporary directory, listens only on 127.0.0.1 and a
private socket directory, trusts local connections, and is stopped (and its
files deleted) at the end of the session. Root cannot run ``postgres``, so as
root the cluster is owned by the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path


def find_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None."""
    env = os.environ.get("CODECANARY_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file() \
                and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    bin_dir: Path
    root: Path
    port: int
    user: str
    _names: count[int] = field(default_factory=lambda: count(1))

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} "
                             "dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} "
                             "dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    if owner is None:
        return cmd
    return ["runuser", "-u", owner, "--", *cmd]


def start_cluster() -> Cluster | None:
    """initdb + pg_ctl start; None when the binaries (or psycopg) are missing."""
    bin_dir = find_bin()
    if bin_dir is None:
        return None
    try:
        import psycopg
    except ImportError:
        return None
    owner = "postgres" if os.geteuid() == 0 else None
    try:
        entry = pwd.getpwnam(owner) if owner else None
    except KeyError:
        return None  # root without a postgres user: nobody may run the server
    root = Path(tempfile.mkdtemp(prefix="codecanary-pg-"))
    if entry is not None:
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data = root / "data"
    user = owner or pwd.getpwuid(os.geteuid()).pw_name
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                              "-U", user, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                             owner), check=True, capture_output=True)
    port = _free_port()
    # fsync off: a test cluster trades durability for speed; it is deleted afterwards.
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                              str(root / "log"), "-o", options, "-w", "start"], owner),
                   check=True, capture_output=True)
    cluster = Cluster(bin_dir=bin_dir, root=root, port=port, user=user)
    deadline = time.monotonic() + 30
    while True:
        try:
            import psycopg

            psycopg.connect(f"host=127.0.0.1 port={port} user={user} dbname=postgres").close()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    owner = "postgres" if os.geteuid() == 0 else None
    subprocess.run(_as_owner([str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.root / "data"),
                              "-m", "immediate", "stop"], owner), capture_output=True)
    shutil.rmtree(cluster.root, ignore_errors=True)
