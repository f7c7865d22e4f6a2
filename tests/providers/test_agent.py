"""The ``agent`` provider end to end with a real scripted agent, and its JSON readers."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from codecanary.errors import CodecanaryError
from codecanary.providers import ProviderConfigError, create_provider
from codecanary.providers.agent_usage import parse_agent_output
from codecanary.records import RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from codecanary.suites import load_suite
from codecanary.suites.models import Suite
from codecanary.suites.repo import load_repo_dir

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
ROOT = Path(__file__).resolve().parents[2]
AGENT = ROOT / "tests" / "fakes" / "scripted_agent.py"
REPOS = ROOT / "src" / "codecanary" / "suites" / "repos"
# The agent runs as nobody when the tests run as root: it needs an interpreter
# nobody can execute (a virtualenv under /root is not one).
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def _suite() -> Suite:
    suite = load_suite("repos")
    return suite.model_copy(update={
        "tasks": tuple(t for t in suite.tasks if t.id.startswith("repos/demo-"))})


def _run(store: Store, options: dict[str, object], task_ids: tuple[str, ...] | None = None,
         provider: str = "agent") -> list[SampleRecord]:
    suite = _suite()
    subject = SubjectSpec(name=f"{provider}-test", provider=provider, model="scripted",
                          options=options, concurrency=2)
    plan = RunPlan(subject=subject, suite=suite,
                   task_ids=task_ids or tuple(t.id for t in suite.tasks), sandbox=SANDBOX)
    run = start_run(store, plan)
    assert run.status is RunStatus.COMPLETED, run.error
    return sorted(store.samples(run.id), key=lambda s: s.task_id)


def test_claude_result_object_is_read() -> None:
    usage = parse_agent_output(json.dumps({
        "type": "result", "subtype": "success", "is_error": False, "duration_ms": 2500,
        "num_turns": 7, "result": "done", "total_cost_usd": 0.25,
        "usage": {"input_tokens": 10, "cache_creation_input_tokens": 5,
                  "cache_read_input_tokens": 100, "output_tokens": 40}}))
    assert (usage.format, usage.cost_usd, usage.tokens_in, usage.tokens_out, usage.turns,
            usage.duration_s, usage.result) == ("claude", 0.25, 115, 40, 7, 2.5, "done")


def test_codex_jsonl_usage_is_summed_and_nothing_is_guessed() -> None:
    lines = [{"type": "thread.started", "thread_id": "x"},
             {"type": "turn.completed", "usage": {"input_tokens": 100,
                                                  "cached_input_tokens": 60,
                                                  "output_tokens": 9}},
             {"type": "item.completed", "item": {"type": "agent_message", "text": "ok"}},
             {"type": "turn.completed", "usage": {"input_tokens": 50, "output_tokens": 1}}]
    usage = parse_agent_output("\n".join(json.dumps(x) for x in lines))
    assert (usage.format, usage.tokens_in, usage.tokens_out) == ("codex", 150, 10)
    assert usage.cost_usd is None and usage.turns is None and usage.duration_s is None
    plain = parse_agent_output("I fixed it.\n{not json")
    assert plain.format is None and plain.tokens_in is None and plain.cost_usd is None


def test_agent_options_are_checked() -> None:
    with pytest.raises(ProviderConfigError, match="command"):
        create_provider("agent", "x", {"command": "claude -p"})
    with pytest.raises(ProviderConfigError, match="does not exist"):
        create_provider("agent", "x", {"command": ["true"], "user": "no-such-user-xyz"})


def test_scripted_agent_through_runner_and_store(store: Store) -> None:
    samples = _run(store, {"command": [PYTHON, str(AGENT), str(REPOS), "--claude-json",
                                       "{instruction}"]})
    by_task = {s.task_id: s for s in samples}
    good = by_task["repos/demo-py-stats"]
    assert good.status is SampleStatus.PASSED, (good.failure_class, good.stderr)
    assert good.cost_usd == 0.0123 and good.tokens_in == 420 and good.tokens_out == 50
    assert good.metrics["turns"] == 4 and good.metrics["tests_passed_fraction"] == 1.0
    assert good.metrics["existing_tests_broken"] == 0.0 and good.metrics["diff_size_ratio"] == 1
    assert good.code and "+++ b/stats/core.py" in good.code
    buggy = by_task["repos/demo-go-clamp"]  # the scripted agent's own bug
    assert buggy.status is SampleStatus.FAILED and buggy.failure_class == "wrong_answer"
    assert buggy.metrics["tests_passed_fraction"] == 0.0


def test_instruction_on_stdin_and_codex_usage(store: Store) -> None:
    (sample,) = _run(store, {"command": [PYTHON, str(AGENT), str(REPOS), "--codex-json"],
                             "git_init": True}, ("repos/demo-py-stats",))
    assert sample.status is SampleStatus.PASSED
    assert (sample.tokens_in, sample.tokens_out, sample.cost_usd) == (900, 80, None)
    assert "turns" not in sample.metrics
    assert sample.metrics["files_changed"] == 1  # .git is not part of the change


@pytest.mark.parametrize(("bug", "failure"), [("crash", "agent_error"),
                                              ("touch-tests", "forbidden_edit")])
def test_agent_failures_are_classified(store: Store, bug: str, failure: str) -> None:
    (sample,) = _run(store, {"command": [PYTHON, str(AGENT), str(REPOS)],
                             "env": {"SCRIPTED_AGENT_BUG": bug}}, ("repos/demo-py-stats",))
    assert sample.status is SampleStatus.FAILED and sample.failure_class == failure


def test_agent_wall_clock_limit_kills_it(store: Store) -> None:
    (sample,) = _run(store, {"command": [PYTHON, str(AGENT), str(REPOS)],
                             "env": {"SCRIPTED_AGENT_BUG": "sleep"}, "timeout_s": 1.0},
                     ("repos/demo-py-stats",))
    assert sample.failure_class == "agent_timeout" and sample.latency_s is not None
    assert sample.latency_s < 10


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can hand the tree to nobody")
def test_agent_runs_as_nobody_when_root(store: Store) -> None:
    probe = ("import os,sys; open('stats/core.py','a').write('# uid %d\\n' % os.getuid());"
             "print(os.environ['HOME'])")
    (sample,) = _run(store, {"command": [PYTHON, "-c", probe]}, ("repos/demo-py-stats",))
    assert sample.code and "# uid 65534" in sample.code


@pytest.mark.parametrize(("kind", "failure"), [
    ("no_op", {"no_change"}), ("forbidden_edit", {"forbidden_edit"}),
    ("timeout", {"agent_timeout"}), ("error", {"agent_error"}),
    ("mutant", {"wrong_answer", "runtime_error"}),
    ("incomplete", {"wrong_answer", "runtime_error", "syntax_error"})])
def test_simulated_agent_faults_flow_through_runs(store: Store, kind: str,
                                                  failure: set[str]) -> None:
    samples = _run(store, {"skill": 0.99, "faults": [{"kind": kind, "rate": 1.0}]},
                   provider="simulated-agent")
    for sample in samples:
        if kind == "mutant" and sample.task_id == "repos/demo-go-clamp":
            continue  # of its two mutants one is equivalent ('>' -> '>=' before return hi)
        assert sample.status is SampleStatus.FAILED and sample.failure_class in failure, (
            sample.task_id, sample.failure_class)


def test_simulated_agent_solves_when_no_fault_fires(store: Store) -> None:
    samples = _run(store, {"skill": 0.99, "faults": [
        {"kind": "no_op", "rate": 1.0, "languages": ["rust"]}]}, provider="simulated-agent")
    assert all(s.status is SampleStatus.PASSED for s in samples), [
        (s.task_id, s.failure_class) for s in samples]


def test_a_prompt_provider_on_repo_tasks_fails_in_one_line(store: Store) -> None:
    suite = _suite()
    plan = RunPlan(subject=SubjectSpec(name="sim", provider="simulated", model="m"),
                   suite=suite, task_ids=(suite.tasks[0].id,), sandbox=SANDBOX)
    with pytest.raises(CodecanaryError, match="is a repo task, but provider 'simulated'"):
        start_run(store, plan)


def test_tests_failing_before_the_agent_are_not_broken_by_it(store: Store,
                                                             tmp_path: Path) -> None:
    task = tmp_path / "suite" / "demo-py-stats"
    shutil.copytree(REPOS / "demo-py-stats", task)
    (task / "repo" / "tests" / "test_flaky.py").write_text(
        "import unittest\n\n\nclass T(unittest.TestCase):\n"
        "    def test_always_red(self):\n        self.fail('red before any change')\n")
    suite = load_repo_dir(tmp_path / "suite")
    plan = RunPlan(subject=SubjectSpec(name="sa", provider="simulated-agent", model="m",
                                       options={"skill": 0.99}),
                   suite=suite, task_ids=(suite.tasks[0].id,), sandbox=SANDBOX)
    run = start_run(store, plan)
    (sample,) = store.samples(run.id)
    assert sample.status is SampleStatus.PASSED, sample.failure_class
    assert "existing_tests_broken" not in sample.metrics
