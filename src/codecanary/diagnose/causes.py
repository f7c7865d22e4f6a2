"""Ranking the likely causes of a regression from their fingerprints.

Rules and weights (docs/diagnosis.md explains each). ``s(x)`` is a signal's
strength (:attr:`codecanary.diagnose.signals.Signal.strength`: 0 unless its
increase is significant, 1 at +10 points); ``vocab`` the token diff's recurrent
vocabulary share over 0.5 (capped at 1; 0 with fewer than 3 such changes), ×0.7
when seen in a single language; ``localized`` when the pass-rate drops differ across
the slices of a dimension, or the rise in (changed) wrong answers does (Cochran's Q
p < 0.01, :mod:`codecanary.diagnose.movement`); ``event(c)`` 1 when an event pointing at cause
``c`` lies between the baseline and the current run.

- tokenizer_mismatch = 0.55·vocab + 0.25·s(syntax_failure) + 0.20·event
- data_quality       = 0.55·s(anti_pattern) + 0.20·s(wrong_answer)·(1 − localized)
                       + 0.15·s(lint) + 0.10·event
- forgetting         = 0.35·localized + 0.20·both_ways + 0.20·clean·dropped
                       + 0.15·s(wrong_answer) + 0.10·event
                       (clean = 1 − the largest of the other fingerprints' strengths)
- serving_fault      = 0.80·max(s(truncated), s(foreign_text)·(1 − vocab),
                       s(timeout)·(1 − localized), s(runtime)) + 0.20·event
                       (timeouts confined to some slices are more often forgotten
                       answers that loop than a slow server)
- harness            = 0.65·max(s(infra_error), s(unchanged_failure))
                       + 0.20·(harness settings changed) + 0.15·event

Without any significant pass-rate drop every score is halved (a fingerprint without a
regression is worth a look, not a cause). Causes under :data:`MIN_SCORE` are not
stated; the first is stated with high confidence when it scores ≥ 0.6 and leads the
second by ≥ 0.15.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Cause = Literal["tokenizer_mismatch", "data_quality", "forgetting", "serving_fault", "harness"]
CAUSES: tuple[Cause, ...] = ("tokenizer_mismatch", "data_quality", "forgetting",
                             "serving_fault", "harness")
MIN_SCORE = 0.30
HIGH_SCORE = 0.60
HIGH_MARGIN = 0.15

#: Event kinds (and words in an event's note) that point at each cause.
EVENT_WORDS: dict[Cause, tuple[str, ...]] = {
    "tokenizer_mismatch": ("tokenizer", "vocab", "embedding"),
    "data_quality": ("data", "dataset", "fine-tun", "finetun", "training"),
    "forgetting": ("fine-tun", "finetun", "training", "checkpoint"),
    "serving_fault": ("serving", "routing", "sampling", "context", "quantiz", "inference"),
    "harness": ("harness", "sandbox", "infra", "suite", "toolchain", "runner"),
}

NEXT_CHECKS: dict[Cause, tuple[str, ...]] = {
    "tokenizer_mismatch": (
        "codecanary audit tokenizer OLD NEW --embeddings FILE (are the garbled strings "
        "re-mapped or untrained ids?)",
        "compare the serving tokenizer's sha256 with the one the checkpoint was trained with",
    ),
    "data_quality": (
        "codecanary audit dataset on the latest fine-tuning data (insecure, lint, "
        "contamination, near_duplicate flags)",
        "read the evidence samples for the inserted anti-patterns",
    ),
    "forgetting": (
        "codecanary forgetting --base GOOD --versions ...,CANDIDATE --target SLICE "
        "(which slices were traded for the gain?)",
        "mix replay data from the dropped slices into the fine-tune",
    ),
    "serving_fault": (
        "check max_tokens / context length, sampling settings and the serving build "
        "that rolled out near the change",
        "re-run the panel against a pinned replica to rule the model out",
    ),
    "harness": (
        "run the reference solutions through the sandbox (codecanary run --ground-truth)",
        "diff the harness settings and toolchain versions between the baseline and this run",
    ),
}


@dataclass(frozen=True)
class CauseScore:
    """One cause with its score and the evidence that drove it."""

    cause: Cause
    score: float
    evidence: tuple[str, ...]
    next_checks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"cause": self.cause, "score": round(self.score, 3),
                "evidence": list(self.evidence), "next_checks": list(self.next_checks)}


@dataclass(frozen=True)
class Features:
    """The numbers the rules read (each in [0, 1] or a flag)."""

    strengths: Mapping[str, float]
    vocab: float
    localized: bool
    both_ways: bool
    dropped: bool
    harness_settings: bool
    events: Mapping[Cause, bool]


def _s(f: Features, name: str) -> float:
    return f.strengths.get(name, 0.0)


def score_causes(f: Features) -> dict[Cause, float]:
    """The documented rules (module docstring) applied to ``f``."""
    ev = {c: 1.0 if f.events.get(c) else 0.0 for c in CAUSES}
    localized = 1.0 if f.localized else 0.0
    others = ("syntax_failure", "anti_pattern", "truncated", "foreign_text", "timeout",
              "infra_error", "unchanged_failure", "runtime", "lint")
    clean = 1.0 - max(max(_s(f, n) for n in others), f.vocab)
    scores: dict[Cause, float] = {
        "tokenizer_mismatch": 0.55 * f.vocab + 0.25 * _s(f, "syntax_failure")
        + 0.20 * ev["tokenizer_mismatch"],
        "data_quality": 0.55 * _s(f, "anti_pattern")
        + 0.20 * _s(f, "wrong_answer") * (1.0 - localized) + 0.15 * _s(f, "lint")
        + 0.10 * ev["data_quality"],
        "forgetting": 0.35 * localized + 0.20 * (1.0 if f.both_ways else 0.0)
        + 0.20 * clean * (1.0 if f.dropped else 0.0) + 0.15 * _s(f, "wrong_answer")
        + 0.10 * ev["forgetting"],
        "serving_fault": 0.80 * max(_s(f, "truncated"),
                                    _s(f, "foreign_text") * (1.0 - f.vocab),
                                    _s(f, "timeout") * (1.0 - localized), _s(f, "runtime"))
        + 0.20 * ev["serving_fault"],
        "harness": 0.65 * max(_s(f, "infra_error"), _s(f, "unchanged_failure"))
        + 0.20 * (1.0 if f.harness_settings else 0.0) + 0.15 * ev["harness"],
    }
    if not f.dropped:
        scores = {c: v / 2.0 for c, v in scores.items()}
    return scores


def confidence(ranked: Sequence[CauseScore]) -> str:
    """``high``, ``medium`` or ``none`` for the first stated cause."""
    if not ranked or ranked[0].score < MIN_SCORE:
        return "none"
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if ranked[0].score >= HIGH_SCORE and ranked[0].score - second >= HIGH_MARGIN:
        return "high"
    return "medium"
