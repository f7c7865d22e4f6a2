"""Cheap screens in front of the scoring's own checks.

The scoring functions the runner calls per sample (``check_completeness``,
``check_corruption``, ``wrong_language``) cost 2-4 ms each on this machine: too
slow for 1,000 records/s. Each screen below is a *superset* of its signal's
conditions, computed in microseconds; only records that pass a screen go to the
scoring function, which alone decides. A clean record therefore pays for the
screens only, and a flagged one gets exactly the verdict and evidence a model
answer would.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

# Every placeholder rule of scoring.completeness needs one of these words.
_PLACEHOLDER_WORDS = re.compile(
    r"\bpass\b|\.\.\.|NotImplemented|todo!|unimplemented!|\bpanic\b|UnsupportedOperation"
    r"|(?i:\btodo\b|\bfixme\b|\bxxx\b|implement|your code here)")
_BARE_LAST_LINE = re.compile(r"^[\w.\[\]\"']+$")
_TERMINATORS = "};)"


def completeness_screen(code: str, language: str, syntax_ok: bool) -> bool:
    """True when ``check_completeness`` might report truncation or a placeholder."""
    if not syntax_ok or _PLACEHOLDER_WORDS.search(code):
        return True
    if not code.endswith("\n") or code.endswith((" ", "\t")):
        return True  # cut mid-token, mid-comment, or in the indentation of a new line
    last = code.rstrip()
    if language == "python":
        line = last.rsplit("\n", 1)[-1].strip()
        return bool(_BARE_LAST_LINE.match(line)) or line.endswith(":")
    return last[-1:] not in _TERMINATORS


def corruption_screen(code: str, tokens: list[str]) -> bool:
    """True when ``check_corruption`` might report foreign script, mojibake or repetition.

    Foreign script and mojibake need a non-ASCII character. Repetition needs a line
    repeated 8 times in a row or making up half of 20+ lines, or a token sequence of
    period 1-10 repeating over 120 tokens; the screen uses lower bars (6 lines, 40%,
    80 tokens) because its lexer differs a little from the scoring's.
    """
    if not code.isascii():
        return True
    lines = [ln.strip() for ln in code.splitlines() if ln.strip()]
    run, prev = 0, None
    for line in lines:
        run = run + 1 if line == prev else 1
        prev = line
        if run >= 6:
            return True
    if len(lines) >= 20:
        top = Counter(lines).most_common(1)[0][1]
        if top > 0.4 * len(lines):
            return True
    if len(tokens) < 80:
        return False
    ids: dict[str, int] = {}
    arr = np.fromiter((ids.setdefault(t, len(ids)) for t in tokens), dtype=np.int64,
                      count=len(tokens))
    for period in range(1, 11):
        same = arr[period:] == arr[:-period]
        if int(same.sum()) >= 80 and _longest_run(same) >= 80:
            return True
    return False


def _longest_run(mask: np.ndarray) -> int:
    if not mask.any():
        return 0
    padded = np.concatenate(([0], mask.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())
