"""Token streams, shingles and MinHash signatures of code.

One language-agnostic lexer (a single regular expression: comments, the usual
string forms, words, numbers, punctuation) gives the token stream; comments and
whitespace are dropped, so re-indenting, re-wrapping or re-commenting code does
not change it. Two views are built on it:

* :func:`plain_stream` keeps identifiers: 5-token shingles of it feed the
  dataset's near-duplicate MinHash (5-grams and Jaccard 0.7 are the parameters
  BigCode used to near-deduplicate The Stack: Li et al. 2023, "StarCoder", §3.3;
  Mou 2023, "Large-scale Near-deduplication Behind BigCode").
* :func:`renamed_stream` is *rename-invariant*: every identifier that is not a
  keyword of the language becomes its distance (in tokens) to its previous
  occurrence, or 0 if it has none within the window -- Baker's "parameterized
  string" encoding (Baker 1993, "A program for identifying duplicated code"),
  the standard device of token-based clone detectors. Two pieces of code that
  differ by a consistent renaming give the same stream. Its 13-token windows
  (the n of GPT-3's decontamination, Brown et al. 2020, appendix C) feed the
  contamination check.

String literals become their content with whitespace collapsed (quote style and
docstring indentation do not count) in the plain stream, and one placeholder in
the renamed stream (a docstring names the parameters it describes), which also
drops parentheses (formatters add and remove redundant ones); ``;`` and a comma
before a closing bracket are dropped (formatters add and remove them).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash

NUM_PERM = 128
SHINGLE = 5
WINDOW = 13
_SCHEME = "affine32"
LSH_WEIGHTS = (0.2, 0.8)
"""LSH band/row choice weighting false negatives 4x false positives: every candidate
is confirmed by its estimated Jaccard, so a spurious candidate costs only time."""
MIN_SHINGLES = 8
"""Records with fewer shingles are too short for a meaningful near-duplicate match."""

_TOKEN = re.compile(
    r"(?P<c>#[^\n]*|//[^\n]*|/\*.*?\*/)"
    r"|(?P<s>(?<![\w$])(?:[rRbBuUfF]{1,2}(?=[\"']))?(?:\"\"\".*?\"\"\"|'''.*?'''|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'"
    r"|`(?:\\.|[^`\\])*`))"
    r"|(?P<w>[A-Za-z_$][\w$]*)"
    r"|(?P<n>\d[\w.]*)"
    r"|(?P<o>[^\s\w])",
    re.DOTALL,
)
_SPACE = re.compile(r"\s+")
_CLOSERS = frozenset(")]}")


def lex(code: str) -> list[tuple[str, str]]:
    """(kind, text) of every significant token; kinds: s(tring), w(ord), n(umber), o(p)."""
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(code):
        kind = m.lastgroup or "o"
        if kind == "c":
            continue
        text = m.group()
        if kind == "s":
            text = _SPACE.sub(" ", text.lstrip("rRbBuUfF").strip("\"'`")).strip()
        elif kind == "n" and "." in text:
            text = text.rstrip("0").rstrip(".") or "0"  # 1.0 == 1. == 1
        elif kind == "o":
            if text == ";":
                continue
            if text in _CLOSERS and out and out[-1][1] == ",":
                out.pop()
        out.append((kind, text))
    return out


def plain_stream(tokens: list[tuple[str, str]]) -> list[str]:
    """The tokens as text, strings marked so ``"if"`` never equals the keyword ``if``."""
    return [("\x02" + t) if k == "s" else t for k, t in tokens]


def renamed_stream(tokens: list[tuple[str, str]], keywords: frozenset[str]) -> list[str]:
    """Baker's parameterized encoding (see the module docstring)."""
    last: dict[str, int] = {}
    out: list[str] = []
    for kind, text in tokens:
        i = len(out)
        if kind == "w" and text not in keywords:
            prev = last.get(text)
            last[text] = i
            out.append(f"\x01{i - prev}" if prev is not None and i - prev < WINDOW else "\x010")
        elif kind == "s":
            out.append("\x02")  # contents vary with renaming (docstrings name parameters)
        elif text in "()":
            continue  # formatters and unparsers add and drop redundant parentheses
        else:
            out.append(text)
    return out


def windows(stream: list[str], n: int = WINDOW) -> set[int]:
    """Hashes of every n-token window (process-local ``hash``: compare within a process)."""
    if len(stream) < n:
        return {hash(tuple(stream))} if stream else set()
    return {hash(tuple(stream[i:i + n])) for i in range(len(stream) - n + 1)}


def shingles(stream: list[str], n: int = SHINGLE) -> list[bytes]:
    """Distinct n-token shingles, as bytes for MinHash."""
    joined = {"\x00".join(stream[i:i + n]) for i in range(max(0, len(stream) - n + 1))}
    return [s.encode("utf-8", "surrogatepass") for s in joined]


@cache
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME)


def _crc(b: bytes) -> int:
    return zlib.crc32(b)


def minhash(items: Iterable[bytes]) -> LeanMinHash:
    """A MinHash (datasketch) of the items; CRC-32 hashes them (fast and stable)."""
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_crc,
                permutations=_template().permutations, scheme=_SCHEME)
    m.update_batch(list(items))
    return LeanMinHash(m)


def signature_bytes(m: LeanMinHash) -> bytes:
    return bytes(np.asarray(m.hashvalues, dtype=np.uint64).tobytes())


def from_signature(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=_SCHEME)
