"""Run a Python program inside the already-started interpreter (no exec, no start-up).

Reproduces ``python3 -I -S -B main.py``: a fresh ``__main__`` module, standard
streams on fds 0-2, ``SystemExit`` semantics, tracebacks on stderr with exit
status 1, non-daemon threads joined and ``atexit`` handlers run before exit.
"""

from __future__ import annotations

import atexit
import builtins
import io
import os
import sys
import threading
import traceback
import types
from typing import NoReturn


def _streams() -> None:
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)),
                                 encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)),
                                  encoding="utf-8")
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
                                  encoding="utf-8", errors="backslashreplace",
                                  line_buffering=True)
    # The originals point at the zygote's protocol pipes; programs must not reach them.
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = (  # type: ignore[misc]
        sys.stdin, sys.stdout, sys.stderr)


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def run(path: str, env: dict[str, str]) -> NoReturn:
    """Execute ``path`` as ``__main__`` and ``os._exit`` with its status."""
    os.environ.clear()
    os.environ.update(env)
    _streams()
    # Hide the zygote's own modules and path entry from the program.
    sys.path[:] = [p for p in sys.path if not p.startswith("/cc")]
    for name in [n for n in sys.modules if n.startswith("codecanary")]:
        del sys.modules[name]
    sys.argv = [path]
    # A raw clone skips os.fork's hooks; reseed like a fresh interpreter would.
    random_module = sys.modules.get("random")
    if random_module is not None:
        random_module.seed()
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = main
    status = 0
    try:
        with open(path, "rb") as fh:
            source = fh.read()
        exec(compile(source, path, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as exc:
        status = _exit_code(exc)
    except BaseException:
        traceback.print_exc()
        status = 1
    try:
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except SystemExit as exc:
        status = _exit_code(exc)
    except BaseException:
        status = status or 120
    os._exit(status)
