"""Each signal's shift, the token diff and the rules, on hand-made samples."""

from __future__ import annotations

import random

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from codecanary.diagnose.causes import CAUSES, CauseScore, Features, confidence, score_causes
from codecanary.diagnose.signals import rate_shift, signal_shifts
from codecanary.diagnose.tokendiff import AnswerPair, garbles_vocabulary, token_diff
from codecanary.providers.simulated import faults, training
from codecanary.records import SampleRecord, SampleStatus

PY = """def weighted(xs):
    total = 0
    for x in xs:
        if x > 2:
            total += x * 3 - 2
    return total
"""


def _sample(i: int, code: str, *, passed: bool = True, failure: str | None = None,
            finish: str = "stop", status: SampleStatus | None = None) -> SampleRecord:
    return SampleRecord(run_id="r", task_id=f"t{i % 10}", sample_index=i,
                        status=status or (SampleStatus.PASSED if passed else SampleStatus.FAILED),
                        failure_class=None if passed else failure or "wrong_answer",
                        code=code, finish_reason=finish)


def test_rate_shift_is_newcombe_from_statsmodels() -> None:
    s = rate_shift("x", 3, 100, 20, 80)
    low, high = confint_proportions_2indep(20, 80, 3, 100, method="newcomb", compare="diff")
    assert s.delta == pytest.approx(0.25 - 0.03)
    assert tuple(s.interval) == pytest.approx((low, high))
    assert s.strength == 1.0 and s.p_value < 0.001
    assert rate_shift("x", 3, 100, 4, 100).strength == 0.0  # not significant
    assert rate_shift("x", 0, 0, 4, 100).strength == 0.0  # no data


def _shifts(current: list[SampleRecord]) -> dict[str, float]:
    base = [_sample(i, PY) for i in range(60)]
    return {n: s.strength for n, s in signal_shifts(base, current, lambda t: "python").items()}


@pytest.mark.parametrize(("name", "make"), [
    ("anti_pattern", lambda i, rng: _sample(i, training.degrade(PY, "python", rng, "weighted"),
                                            passed=False)),
    ("syntax_failure", lambda i, rng: _sample(i, training.remap_tokens(PY, "python", rng),
                                              passed=False, failure="syntax_error")),
    ("foreign_text", lambda i, rng: _sample(i, faults.corrupt_tokens(PY, "python", rng),
                                            passed=False, failure="syntax_error")),
    ("truncated", lambda i, rng: _sample(i, PY[:40], passed=False, failure="truncated",
                                         finish="length")),
    ("infra_error", lambda i, rng: _sample(i, PY, status=SampleStatus.INFRA_ERROR)),
])
def test_each_signal_shifts_under_its_fault_and_not_when_steady(name: str, make: object) -> None:
    rng = random.Random(3)
    faulty = [make(i, rng) if i % 2 else _sample(i, PY) for i in range(60)]  # type: ignore[operator]
    assert _shifts(faulty)[name] == 1.0
    assert max(_shifts([_sample(i, PY) for i in range(60)]).values()) == 0.0


def test_token_diff_finds_the_remap_across_tasks_and_languages() -> None:
    js = "function f(xs) {\n  let total = 0;\n  for (const x of xs) {\n    if (x > 2) {\n" \
         "      total += x;\n    }\n  }\n  return total;\n}\n"
    pairs = []
    for i in range(12):
        lang, code = ("python", PY) if i % 2 else ("javascript", js)
        garbled = code.replace("return", "retrun")
        pairs.append(AnswerPair(f"{lang}/{i}", lang, garbled, code))
    diff = token_diff(pairs)
    assert diff.top[0].old == "return" and diff.top[0].new == "retrun"
    assert diff.top[0].count == 12 and diff.top[0].languages == ("javascript", "python")
    assert diff.recurrent_vocab_share == 1.0 and diff.recurrent_languages == 2
    # ordinary wrong answers swap operators: not a vocabulary signature
    bugs = [AnswerPair(f"t{i}", "python", PY.replace(">", ">="), PY) for i in range(12)]
    assert token_diff(bugs).recurrent_vocab_share == 0.0
    assert token_diff(bugs, background={(">", ">=")}).n_changes == 0
    same = token_diff([AnswerPair("t", "python", PY, PY)])
    assert same.unchanged == 1 and same.n_changes == 0


def test_garbling_rules() -> None:
    assert garbles_vocabulary("def", "class", "python")
    assert garbles_vocabulary("return", "retrun", "python")
    assert not garbles_vocabulary(">", ">=", "python")
    assert not garbles_vocabulary("total", "変数", "python")


def _features(**strengths: float) -> Features:
    return Features(strengths, 0.0, False, False, True, False, {})


@pytest.mark.parametrize(("features", "cause"), [
    (Features({"syntax_failure": 1.0}, 1.0, False, False, True, False, {}),
     "tokenizer_mismatch"),
    (_features(anti_pattern=1.0, wrong_answer=1.0), "data_quality"),
    (Features({"wrong_answer": 0.5}, 0.0, True, True, True, False, {}), "forgetting"),
    (_features(truncated=1.0), "serving_fault"),
    (_features(foreign_text=1.0), "serving_fault"),
    (_features(unchanged_failure=1.0), "harness"),
])
def test_rules_rank_each_fingerprint_first(features: Features, cause: str) -> None:
    scores = score_causes(features)
    assert max(scores, key=lambda c: scores[c]) == cause
    ranked = sorted((CauseScore(c, scores[c], (), ()) for c in CAUSES), key=lambda c: -c.score)
    assert confidence(ranked) == "high"


def test_nothing_moved_nothing_stated() -> None:
    scores = score_causes(Features({}, 0.0, False, False, False, False, {}))
    assert max(scores.values()) == 0.0


def test_wrong_and_unchanged_failures_need_the_baseline_answers() -> None:
    from codecanary.diagnose import DiagnosisInput, TaskInfo, diagnose

    tasks = {f"t{i}": TaskInfo("python" if i % 2 else "javascript") for i in range(10)}
    base = [_sample(i, PY) for i in range(60)]
    wrong = [_sample(i, PY.replace(">", ">=") if i % 2 else PY, passed=not i % 2)
             for i in range(60)]
    unchanged = [_sample(i, PY, passed=not i % 2, failure="runtime_error") for i in range(60)]
    d_wrong = diagnose(DiagnosisInput(base, wrong, tasks))
    d_same = diagnose(DiagnosisInput(base, unchanged, tasks))
    strength = {s.name: s.strength for s in d_wrong.signals}
    assert strength["wrong_answer"] == 1.0 and strength["unchanged_failure"] == 0.0
    strength = {s.name: s.strength for s in d_same.signals}
    assert strength["wrong_answer"] == 0.0 and strength["unchanged_failure"] == 1.0
    assert d_same.top is not None and d_same.top.cause == "harness"
