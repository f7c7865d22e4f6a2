"""Token-level diff: what a failed answer changed relative to a passing one of the same task.

For each failed answer of the regressed slice we take the subject's own passing
baseline answer to the same task, lex both (:func:`codecanary.mutate.tokenize`,
significant tokens only) and align them with :class:`difflib.SequenceMatcher`
(Ratcliff–Obershelp). Each ``replace`` block of up to three tokens on either side
becomes a string change ``old → new``; longer blocks (rewrites) and pure
insertions/deletions are counted but not named.

A vocabulary problem garbles the *same* few strings everywhere, so its changes
concentrate on a few pairs recurring across tasks and languages, with keywords or
operators on the old side. Ordinary wrong answers also swap operators, so a pair
already seen in the baseline's own failures (``background``) is not counted as new.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from codecanary.diagnose.vocabulary import is_vocabulary
from codecanary.errors import CodecanaryError
from codecanary.mutate import tokenize

MAX_BLOCK = 3
RECURRENT_TASKS = 3
"""A pair seen in at least this many tasks counts as recurrent."""


class AnswerPair(NamedTuple):
    """A failed answer and a passing answer to the same task."""

    task_id: str
    language: str
    failed: str
    passing: str


@dataclass(frozen=True)
class StringChange:
    """One ``old → new`` token-string change, how often and where."""

    old: str
    new: str
    count: int
    tasks: int
    languages: tuple[str, ...]
    vocabulary: bool
    """A keyword or operator garbled (:func:`garbles_vocabulary`)."""

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "count": self.count, "tasks": self.tasks,
                "languages": list(self.languages), "vocabulary": self.vocabulary}


@dataclass(frozen=True)
class TokenDiff:
    """The named changes of all failed answers against their passing counterparts."""

    n_answers: int
    n_changes: int
    """Named changes not already seen in the baseline's failures."""
    unchanged: int
    """Failed answers token-identical to a passing one (the answer did not change)."""
    top: tuple[StringChange, ...]
    recurrent_vocab_share: float
    """Share of the new changes that are vocabulary pairs recurring in ≥ 3 tasks."""
    recurrent_languages: int
    """Languages in which those recurrent vocabulary pairs occur."""

    def to_dict(self) -> dict[str, Any]:
        return {"answers": self.n_answers, "changes": self.n_changes,
                "unchanged_answers": self.unchanged, "top": [c.to_dict() for c in self.top],
                "recurrent_vocabulary_share": self.recurrent_vocab_share,
                "recurrent_languages": self.recurrent_languages}


def significant_texts(code: str, language: str) -> list[str]:
    try:
        return [t.text for t in tokenize(code, language) if t.significant]
    except CodecanaryError:
        return code.split()


def _operator(text: str) -> bool:
    return bool(text) and not text[0].isalnum() and text[0] not in "_$\"'`"


def garbles_vocabulary(old: str, new: str, language: str) -> bool:
    """A keyword or operator turned into something else — but not an operator swapped for
    another operator, which is what an ordinary wrong answer (``>`` → ``>=``) does."""
    olds, news = old.split(), new.split()
    if not all(is_vocabulary(piece, language) for piece in olds):
        return False
    return not (all(map(_operator, olds)) and all(map(_operator, news)))


def string_changes(failed: str, passing: str, language: str) -> list[tuple[str, str]] | None:
    """Named ``(old, new)`` changes from ``passing`` to ``failed``; None when identical."""
    a, b = significant_texts(passing, language), significant_texts(failed, language)
    if a == b:
        return None
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 <= MAX_BLOCK and j2 - j1 <= MAX_BLOCK:
            out.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def background_pairs(pairs: Iterable[AnswerPair]) -> set[tuple[str, str]]:
    """The changes the baseline's own failed answers show (ordinary wrong answers)."""
    seen: set[tuple[str, str]] = set()
    for p in pairs:
        seen.update(string_changes(p.failed, p.passing, p.language) or ())
    return seen


def token_diff(pairs: Sequence[AnswerPair], background: set[tuple[str, str]] | None = None,
               top: int = 10) -> TokenDiff:
    """Diff every failed answer against its passing counterpart (module docstring)."""
    counts: Counter[tuple[str, str]] = Counter()
    tasks: dict[tuple[str, str], set[str]] = defaultdict(set)
    langs: dict[tuple[str, str], set[str]] = defaultdict(set)
    vocab: dict[tuple[str, str], bool] = {}
    unchanged = 0
    for p in pairs:
        changes = string_changes(p.failed, p.passing, p.language)
        if changes is None:
            unchanged += 1
            continue
        for change in changes:
            if background and change in background:
                continue
            counts[change] += 1
            tasks[change].add(p.task_id)
            langs[change].add(p.language)
            vocab[change] = vocab.get(change, False) or garbles_vocabulary(*change, p.language)
    total = sum(counts.values())
    recurrent = [c for c in counts if vocab[c] and len(tasks[c]) >= RECURRENT_TASKS]
    share = sum(counts[c] for c in recurrent) / total if total else 0.0
    rec_langs = len(set().union(*(langs[c] for c in recurrent))) if recurrent else 0
    ranked = sorted(counts, key=lambda c: (-counts[c], -len(tasks[c]), c))[:top]
    return TokenDiff(len(pairs), total, unchanged,
                     tuple(StringChange(o, n, counts[(o, n)], len(tasks[(o, n)]),
                                        tuple(sorted(langs[(o, n)])), vocab[(o, n)])
                           for o, n in ranked), share, rec_langs)
