"""One diagnosis: signals, slice movement, token diff and events → ranked causes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from codecanary.detect import OVERALL
from codecanary.diagnose.causes import (
    CAUSES,
    EVENT_WORDS,
    MIN_SCORE,
    NEXT_CHECKS,
    Cause,
    CauseScore,
    Features,
    confidence,
    score_causes,
)
from codecanary.diagnose.evidence import DiagnosisInput, EventNote, outcomes, slices_of
from codecanary.diagnose.movement import Movement, cochran_q, slice_movement
from codecanary.diagnose.signals import (
    WRONG_CLASSES,
    Signal,
    metric_shift,
    rate_shift,
    signal_shifts,
)
from codecanary.diagnose.tokendiff import (
    RECURRENT_TASKS,
    AnswerPair,
    TokenDiff,
    background_pairs,
    significant_texts,
    token_diff,
)
from codecanary.records import SampleRecord, SampleStatus

LOCALIZED_P = 0.01
"""Cochran's Q level below which a drop (or a rise of wrong answers) is localized."""


@dataclass(frozen=True)
class Diagnosis:
    """Ranked causes with the evidence behind them."""

    causes: tuple[CauseScore, ...]
    """Every cause, best first (stated ones are those ≥ MIN_SCORE)."""
    signals: tuple[Signal, ...]
    movement: Movement
    tokens: TokenDiff
    events: tuple[EventNote, ...]
    fingerprint_changes: tuple[str, ...]
    confidence: str

    @property
    def stated(self) -> tuple[CauseScore, ...]:
        return tuple(c for c in self.causes if c.score >= MIN_SCORE)

    @property
    def top(self) -> CauseScore | None:
        return self.stated[0] if self.stated else None

    def headline(self) -> str:
        top = self.top
        if top is None:
            return "likely cause: none stated (no fingerprint stands out)"
        return f"likely cause: {top.cause} (score {top.score:.2f}, {self.confidence} confidence)"

    def to_dict(self) -> dict[str, Any]:
        top = self.top
        return {"top": None if top is None else top.cause, "confidence": self.confidence,
                "causes": [c.to_dict() for c in self.causes],
                "signals": [s.to_dict() for s in self.signals],
                "slices": self.movement.to_dict(), "tokens": self.tokens.to_dict(),
                "events": [{"kind": e.kind, "at": e.at.isoformat(), "note": e.note}
                           for e in self.events],
                "fingerprint_changes": list(self.fingerprint_changes)}


def _passing_answers(samples: Sequence[SampleRecord]) -> dict[str, list[SampleRecord]]:
    out: dict[str, list[SampleRecord]] = defaultdict(list)
    for s in samples:
        if s.status is SampleStatus.PASSED and s.code:
            out[s.task_id].append(s)
    return out


def _unchanged(samples: Sequence[SampleRecord], passing: dict[str, list[SampleRecord]],
               inp: DiagnosisInput) -> int:
    """Failed samples token-identical to a passing baseline answer of the same task."""
    count = 0
    for s in samples:
        if s.status is not SampleStatus.FAILED or not s.code or s.task_id not in passing:
            continue
        lang = inp.language(s.task_id)
        mine = significant_texts(s.code, lang)
        count += any(significant_texts(p.code or "", lang) == mine for p in passing[s.task_id][:3])
    return count


def _changed_wrong(s: SampleRecord, passing: dict[str, list[SampleRecord]],
                   inp: DiagnosisInput) -> bool:
    if s.status is not SampleStatus.FAILED or s.failure_class not in WRONG_CLASSES:
        return False
    return _unchanged([s], passing, inp) == 0


def wrong_answer_heterogeneity(jb: Sequence[SampleRecord], jc: Sequence[SampleRecord],
                               wrong_b: Sequence[SampleRecord], wrong_c: Sequence[SampleRecord],
                               slices: dict[str, list[str]]) -> float:
    """Smallest Cochran's Q p-value, over the slice dimensions, of the per-slice
    wrong-answer shifts (SE from each Newcombe interval): forgetting makes the model
    wrong in *some* slices, bad data everywhere."""
    p_min = 1.0
    for dim in ("language:", "category:", "difficulty:"):
        effects, ses = [], []
        for name, ids in slices.items():
            if not name.startswith(dim):
                continue
            mine = set(ids)
            shift = rate_shift(name, sum(s.task_id in mine for s in wrong_b),
                               sum(s.task_id in mine for s in jb),
                               sum(s.task_id in mine for s in wrong_c),
                               sum(s.task_id in mine for s in jc))
            effects.append(shift.delta)
            ses.append(max((shift.interval.high - shift.interval.low) / (2 * 1.96), 1e-3))
        p_min = min(p_min, cochran_q(effects, ses))
    return p_min


def _pairs(samples: Sequence[SampleRecord], passing: dict[str, list[SampleRecord]],
           inp: DiagnosisInput, tasks: set[str]) -> list[AnswerPair]:
    return [AnswerPair(s.task_id, inp.language(s.task_id), s.code or "",
                       passing[s.task_id][0].code or "")
            for s in samples if s.status is SampleStatus.FAILED and s.task_id in tasks
            and s.task_id in passing]


def _event_hits(events: Sequence[EventNote]) -> dict[Cause, bool]:
    hits: dict[Cause, bool] = {}
    for cause, words in EVENT_WORDS.items():
        hits[cause] = any(w in f"{e.kind} {e.note}".lower() for e in events for w in words)
    return hits


def diagnose(inp: DiagnosisInput, *, min_effect: float = 0.05,
             alpha: float = 0.05) -> Diagnosis:
    """Rank the causes of the change from ``inp.base`` to ``inp.current``."""
    signals = signal_shifts(inp.base, inp.current, inp.language)
    for name, threshold in (("runtime_ratio", 1.5), ("lint_per_100_lines", 0.0)):
        shift = metric_shift(name, inp.base, inp.current, threshold)
        if shift is not None:
            signals["runtime" if name == "runtime_ratio" else "lint"] = shift
    passing = _passing_answers(inp.base)
    jb = [s for s in inp.base if s.status is not SampleStatus.INFRA_ERROR]
    jc = [s for s in inp.current if s.status is not SampleStatus.INFRA_ERROR]
    signals["unchanged_failure"] = rate_shift(
        "unchanged_failure", _unchanged(jb, passing, inp), len(jb),
        _unchanged(jc, passing, inp), len(jc))
    # A wrong answer the model actually changed (an unchanged answer that now fails is
    # the harness's doing, not the model's).
    wrong_b = [s for s in jb if _changed_wrong(s, passing, inp)]
    wrong_c = [s for s in jc if _changed_wrong(s, passing, inp)]
    signals["wrong_answer"] = rate_shift("wrong_answer", len(wrong_b), len(jb), len(wrong_c),
                                         len(jc))

    base_out, cur_out = outcomes(inp.base), outcomes(inp.current)
    slices = slices_of(inp.tasks, sorted(set(base_out) & set(cur_out)))
    movement = slice_movement(base_out, cur_out, slices, min_effect, alpha)
    regressed = set(movement.dropped) | ({OVERALL} if movement.overall_drop else set())
    regressed = regressed or {OVERALL}
    tasks = {t for name in regressed for t in slices.get(name, [])}
    diff = token_diff(_pairs(inp.current, passing, inp, tasks),
                      background_pairs(_pairs(inp.base, passing, inp, set(passing))))
    recurrent = diff.recurrent_vocab_share * diff.n_changes
    vocab = 0.0
    if recurrent >= RECURRENT_TASKS:
        vocab = min(1.0, diff.recurrent_vocab_share / 0.5) * (
            1.0 if diff.recurrent_languages >= 2 else 0.7)
    dropped = movement.overall_drop or bool(movement.dropped)
    wrong_p = wrong_answer_heterogeneity(jb, jc, wrong_b, wrong_c, slices)
    localized = movement.localized or (wrong_p < LOCALIZED_P
                                       and signals["wrong_answer"].interval.low > 0)
    features = Features({n: s.strength for n, s in signals.items()}, vocab,
                        localized, movement.both_ways, dropped,
                        bool(inp.fingerprint_changes), _event_hits(inp.events))
    scores = score_causes(features)
    ranked = sorted((CauseScore(c, scores[c], _evidence(c, signals, movement, diff, inp),
                                NEXT_CHECKS[c]) for c in CAUSES),
                    key=lambda c: -c.score)
    return Diagnosis(tuple(ranked), tuple(signals.values()), movement, diff,
                     tuple(inp.events), tuple(inp.fingerprint_changes), confidence(ranked))


_SIGNALS_FOR: dict[Cause, tuple[str, ...]] = {
    "tokenizer_mismatch": ("syntax_failure", "foreign_text"),
    "data_quality": ("anti_pattern", "lint", "wrong_answer"),
    "forgetting": ("wrong_answer",),
    "serving_fault": ("truncated", "foreign_text", "timeout", "runtime"),
    "harness": ("infra_error", "unchanged_failure"),
}


def _evidence(cause: Cause, signals: dict[str, Signal], movement: Movement, diff: TokenDiff,
              inp: DiagnosisInput) -> tuple[str, ...]:
    out = [signals[n].describe() for n in _SIGNALS_FOR[cause]
           if n in signals and signals[n].strength > 0]
    if cause == "tokenizer_mismatch" and diff.top:
        shown = ", ".join(f"{c.old!r}->{c.new!r} x{c.count} ({c.tasks} tasks, "
                          f"{'/'.join(c.languages)})" for c in diff.top[:5])
        out.append(f"token diff of {diff.n_answers} failed answers: {diff.n_changes} new "
                   f"changes, {diff.recurrent_vocab_share:.0%} recurrent keyword/operator "
                   f"swaps; top: {shown}")
    if cause == "forgetting" and (movement.dropped or movement.gained):
        out.append(f"slices down: {', '.join(movement.dropped) or 'none'}; up: "
                   f"{', '.join(movement.gained) or 'none'} (Cochran's Q p = "
                   f"{movement.heterogeneity_p:.2g})")
    if cause == "harness":
        if diff.unchanged:
            out.append(f"{diff.unchanged} failed answers are token-identical to passing "
                       "baseline answers")
        if inp.fingerprint_changes:
            out.append("harness settings changed: " + ", ".join(inp.fingerprint_changes))
    for e in inp.events:
        if any(w in f"{e.kind} {e.note}".lower() for w in EVENT_WORDS[cause]):
            out.append(f"event {e.kind} at {e.at:%Y-%m-%d}: {e.note}".rstrip(": "))
    return tuple(out)
