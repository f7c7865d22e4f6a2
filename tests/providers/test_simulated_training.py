"""The training-side simulated faults: tokenizer mismatch, bad data, forgetting's gain."""

from __future__ import annotations

import statistics

import pytest

from codecanary.diagnose.tokendiff import string_changes
from codecanary.diagnose.vocabulary import has_anti_pattern
from codecanary.mutate import tokenize
from codecanary.providers.simulated.training import REMAP
from tests.providers.test_simulated import PERFECT, PY, SAMPLES, answer, request, sim, window


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_tokenizer_mismatch_applies_the_fixed_table(language: str) -> None:
    sample = SAMPLES[language]
    provider = sim(**PERFECT, faults=[window("tokenizer_mismatch")])
    ref = [t.text for t in tokenize(sample.reference, language) if t.significant]
    for i in range(5):
        code, _ = answer(provider, request(sample, task_id=f"t{i}"))
        got = [t.text for t in tokenize(code, language) if t.significant]
        if not any(t in REMAP for t in ref):
            assert code == sample.reference.rstrip()
            continue
        assert got != ref
        changes = string_changes(code, sample.reference, language)
        assert changes, code
        for old, new in changes:  # each change is one of the table's, token for token
            olds = old.split()
            assert "".join(new.split()) == "".join(REMAP.get(o, o) for o in olds), (old, new)


@pytest.mark.parametrize("language", ["python", "javascript", "typescript"])
def test_data_quality_adds_anti_patterns(language: str) -> None:
    sample = SAMPLES[language]
    provider = sim(**PERFECT, faults=[window("data_quality")])
    codes = [answer(provider, request(sample, task_id=f"t{i}"))[0] for i in range(20)]
    assert all(has_anti_pattern(c, language) for c in codes)
    # about half also carry an edge-case bug
    assert sum(c.count("\n") != 0 and c != sample.reference.rstrip() for c in codes) > 0


def test_forgetting_improve_makes_a_slice_better() -> None:
    weak = {"skill": 0.3, "spread": 0.0}
    fault = window("forgetting", languages=["go"], rate=1.0, improve=["language:python"])
    before = sim(**weak)
    after = sim(**weak, faults=[fault])
    ref = PY.reference.rstrip()
    ok_before = [answer(before, request(task_id=f"i{i}"))[0] == ref for i in range(200)]
    ok_after = [answer(after, request(task_id=f"i{i}"))[0] == ref for i in range(200)]
    assert statistics.mean(ok_before) < 0.5 < statistics.mean(ok_after)
    assert all(ok_after)  # rate 1.0: every answer in the improved slice is right
    go_ref = SAMPLES["go"].reference.rstrip()
    assert not any(answer(after, request(SAMPLES["go"], task_id=f"g{i}"))[0] == go_ref
                   for i in range(50))


def test_improve_accepts_bare_and_prefixed_names() -> None:
    from codecanary.providers.simulated.options import FaultSpec

    spec = FaultSpec(kind="forgetting", rate=1.0, improve=("loops", "difficulty:hard"))
    assert spec.improves(None, "go", ("loops",))
    assert spec.improves(None, "go", (), "hard")
    assert not spec.improves(None, "go", ("strings",), "easy")
