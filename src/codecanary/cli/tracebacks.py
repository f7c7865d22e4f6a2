"""Tracebacks as the user should read them: no frames of codecanary's in-sandbox runner.

Inside the sandbox codecanary's own code lives under ``/cc/codecanary``; its
frames (``exec(compile(...))`` in the Python runner) say nothing about the
program. ``codecanary exec`` also renames the sandbox's file (``main.py``,
``/work/main.js``) back to the file the user gave.
"""

from __future__ import annotations

import re

#: A frame of the in-sandbox runner and the source line printed under it.
_HARNESS_FRAME = re.compile(r'^ *File "/cc/codecanary/[^\n]*\n(?: {4,}[^\n]*\n)?', re.MULTILINE)


def without_harness(text: str) -> str:
    return _HARNESS_FRAME.sub("", text) if text else text


def as_user_file(text: str, sandbox_file: str, user_file: str) -> str:
    """``without_harness``, and ``sandbox_file`` (bare or under ``/work/``) named ``user_file``."""
    name = re.compile(rf"(?<![\w./-])(?:/work/)?{re.escape(sandbox_file)}\b")
    return name.sub(lambda _m: user_file, without_harness(text)) if text else text
