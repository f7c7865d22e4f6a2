"""The ``contamination`` flag: a record that overlaps an evaluation task's solution.

Targets: the built-in panel's reference solutions, HumanEval's prompt + canonical
solution, and every ``--against`` suite (anything :func:`codecanary.suites.
load_suite` loads). Three tests, any one suffices:

* **13-gram overlap** on the rename-invariant token stream
  (:func:`~codecanary.audit.dataset.shingles.renamed_stream`): at least
  ``MIN_CONTAINMENT`` of a target's distinct 13-token windows occur in the record
  (and at least ``MIN_WINDOWS`` of them). Renaming identifiers and reformatting
  (indentation, line breaks, quotes, comments, trailing commas) leave the stream
  unchanged. Windows shared by ``GENERIC_TARGETS`` or more targets are boilerplate
  (``public static void main(String[] args) {``) and are not indexed.
* **Exact substring**: the target's solution with all whitespace removed occurs in
  the record with all whitespace removed (targets of at least ``MIN_EXACT_CHARS``).
  Checked for targets that share at least one window with the record.
* **Near-duplicate**: the record's MinHash (5-gram shingles, identifiers kept) and
  a target's have an estimated Jaccard similarity >= the near-duplicate threshold,
  found through a ``datasketch`` MinHash LSH over the targets.

Blind spots: a solution rewritten at the statement level (loops turned into
comprehensions, helpers inlined), translated to another language, or shorter than
one 13-token window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHashLSH

from codecanary.audit.dataset.lang_tables import language_table
from codecanary.audit.dataset.shingles import (
    LSH_WEIGHTS,
    MIN_SHINGLES,
    NUM_PERM,
    lex,
    minhash,
    plain_stream,
    renamed_stream,
    shingles,
    windows,
)
from codecanary.suites import load_suite

MIN_CONTAINMENT = 0.5
MIN_WINDOWS = 3
MIN_EXACT_CHARS = 40
GENERIC_TARGETS = 3


@dataclass(frozen=True)
class Target:
    name: str
    """``suite:task id``."""
    nows: str
    windows: int


def _nows(text: str) -> str:
    return "".join(text.split())


class EvalIndex:
    """Evaluation targets, indexed for the three tests (build once per process)."""

    def __init__(self, suites: tuple[str, ...], *, threshold: float = 0.7) -> None:
        self.targets: list[Target] = []
        self._windows: dict[int, list[int]] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
        self._threshold = threshold
        self._hashes: dict[int, LeanMinHash] = {}
        seen: Counter[int] = Counter()
        per_target: list[set[int]] = []
        for suite_name in suites:
            suite = load_suite(suite_name)
            for task in suite.tasks:
                text = task.reference or ""
                if not text.strip():
                    continue
                tokens = lex(text)
                keywords = language_table(task.language).keywords
                wins = windows(renamed_stream(tokens, keywords))
                per_target.append(wins)
                seen.update(wins)
                k = len(self.targets)
                self.targets.append(Target(f"{suite.name}:{task.id}", _nows(text), 0))
                sh = shingles(plain_stream(tokens))
                if len(sh) >= MIN_SHINGLES:
                    m = minhash(sh)
                    self._hashes[k] = m
                    self._lsh.insert(k, m, check_duplication=False)
        for k, wins in enumerate(per_target):
            kept = [w for w in wins if seen[w] < GENERIC_TARGETS]
            for w in kept:
                self._windows.setdefault(w, []).append(k)
            t = self.targets[k]
            self.targets[k] = Target(t.name, t.nows, len(kept))

    def check(self, code: str, renamed_windows: set[int], sketch: LeanMinHash | None
              ) -> list[str]:
        """Evidence of every target the record overlaps (empty when it is clean)."""
        hits: Counter[int] = Counter()
        for w in renamed_windows:
            for k in self._windows.get(w, ()):
                hits[k] += 1
        found: dict[int, str] = {}
        record_nows: str | None = None
        for k, n in hits.items():
            target = self.targets[k]
            share = n / target.windows if target.windows else 0.0
            if n >= min(MIN_WINDOWS, target.windows) and share >= MIN_CONTAINMENT:
                found[k] = f"{target.name}: {share:.0%} of its 13-grams (renaming ignored)"
                continue
            if len(target.nows) >= MIN_EXACT_CHARS:
                record_nows = record_nows if record_nows is not None else _nows(code)
                if target.nows in record_nows:
                    found[k] = f"{target.name}: its solution occurs verbatim"
        if sketch is not None:
            for k in self._lsh.query(sketch):
                if k not in found:
                    similarity = sketch.jaccard(self._hashes[k])
                    if similarity >= self._threshold:
                        found[k] = (f"{self.targets[k].name}: near-duplicate "
                                    f"(Jaccard ~{similarity:.2f})")
        return [found[k] for k in sorted(found)]
