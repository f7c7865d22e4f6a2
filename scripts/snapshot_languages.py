#!/usr/bin/env python3
"""Record what codecanary's language knowledge produces over the built-in panel.

The output is a deterministic JSON file: for every task of the chosen languages,

* extraction: the reference wrapped in several response shapes (fenced with each
  alias of the language, untagged, bare, with prose and a usage example) and what
  ``extract_code`` makes of each; ``guess_language``/``defined_names`` of the
  reference; ``canonical_language`` of every alias;
* running: the sandbox spec of the language and the files a program is laid out as;
* scoring: every static signal (``analyse``) and the metrics, diagnostics and failure
  class (``finish``) for canned execution results, on the reference and on the
  mutants ``suites validate`` uses (20, seed 0);
* mutation: every mutant of the reference (operator, line, description, text hash)
  and the reference's token kinds;
* the test-count rewrite of the task's tests.

Run it before and after a refactor and compare::

    python scripts/snapshot_languages.py --out /tmp/before.json
    python scripts/snapshot_languages.py --out /tmp/after.json --compare /tmp/before.json

With a language added since the first snapshot, pass ``--unregister NAME`` (its error
signatures would otherwise classify the canned Ruby message differently), or
``--languages ...,NAME`` to record it too.

Nothing is executed: only the static parts of the pipeline are recorded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict, is_dataclass
from typing import Any

from codecanary.extract import extract_code
from codecanary.extract.langs import canonical_language, defined_names, guess_language
from codecanary.mutate import mutants, tokenize
from codecanary.sandbox.base import ExecResult, ExecStatus
from codecanary.scoring.failures import Evidence, classify
from codecanary.scoring.score import analyse, finish
from codecanary.scoring.testcount import instrument
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

PANEL = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")
ALIASES = ("python", "py", "python3", "js", "node", "javascript", "ts", "typescript", "tsx",
           "go", "golang", "rust", "rs", "java", "cpp", "c++", "cc", "hpp", "c", "csharp",
           "ruby", "rb", "kotlin", "bash", "text", "json", "")
MUTANTS_SCORED = 20

# Execution results covering every branch of the taxonomy and every toolchain's messages.
CANNED: tuple[ExecResult, ...] = (
    ExecResult(status=ExecStatus.OK, exit_code=0),
    ExecResult(status=ExecStatus.FAILED, exit_code=1, stderr="AssertionError"),
    ExecResult(status=ExecStatus.FAILED, exit_code=1, stderr="FAIL: case 3\n"),
    ExecResult(status=ExecStatus.FAILED, exit_code=1,
               stderr="Traceback (most recent call last):\nNameError: name 'x' is not defined"),
    ExecResult(status=ExecStatus.FAILED, exit_code=1, stderr="TypeError: x is not a function"),
    ExecResult(status=ExecStatus.FAILED, exit_code=2,
               stderr="panic: runtime error: index out of range [3] with length 3"),
    ExecResult(status=ExecStatus.FAILED, exit_code=101,
               stderr="thread 'main' panicked at src/main.rs:3:5:\nassertion failed: x"),
    ExecResult(status=ExecStatus.FAILED, exit_code=1, stderr=(
        'Exception in thread "main" java.lang.ArrayIndexOutOfBoundsException: 3')),
    ExecResult(status=ExecStatus.FAILED, signal=6,
               stderr="terminate called after throwing an instance of 'std::out_of_range'"),
    ExecResult(status=ExecStatus.FAILED, exit_code=1,
               stderr="main.rb:3:in `f': undefined method `foo' for nil (NoMethodError)"),
    ExecResult(status=ExecStatus.COMPILE_ERROR, compile_output="error: expected ';' before '}'"),
    ExecResult(status=ExecStatus.COMPILE_ERROR, compile_output="./main.go:3:2: undefined: foo"),
    ExecResult(status=ExecStatus.COMPILE_ERROR, compile_output="error[E0425]: cannot find value"),
    ExecResult(status=ExecStatus.COMPILE_ERROR, compile_output="Main.java:3: error: cannot find "
               "symbol"),
    ExecResult(status=ExecStatus.COMPILE_ERROR, compile_output="main.ts(3,1): error TS2304: x"),
    ExecResult(status=ExecStatus.COMPILE_ERROR,
               compile_output="main.ts(3,1): error TS2322: Type 'string' is not assignable"),
    ExecResult(status=ExecStatus.TIMEOUT),
    ExecResult(status=ExecStatus.MEMORY_LIMIT),
)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """JSON-ready form of dataclasses, enums, tuples and sets (floats kept exact)."""
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k != "elapsed_s"}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def _responses(task: Task) -> dict[str, str]:
    ref = task.reference
    shapes = {
        "bare": ref,
        "untagged": f"Here you go:\n\n```\n{ref}\n```\n",
        "prose+usage": (f"Sure. The solution:\n\n```{task.language}\n{ref}\n```\n\n"
                        f"Usage:\n\n```{task.language}\n{task.entry_point}(1)\n```\n"),
        "two-blocks": f"```text\noutput\n```\n\n```{task.language}\n{ref}\n```\n",
        "unclosed": f"```{task.language}\n{ref}",
    }
    for alias in ALIASES:
        shapes[f"fence:{alias}"] = f"```{alias}\n{ref}\n```"
    return shapes


def _extraction(task: Task) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in _responses(task).items():
        ex = extract_code(text, language=task.language, prompt=task.prompt,
                          prompt_is_code_prefix=task.prompt_is_code_prefix,
                          entry_point=task.entry_point or None)
        out[name] = [_digest(ex.code), ex.method.value, ex.n_blocks, ex.fence_language,
                     ex.prompt_prefixed, list(ex.notes)]
    out["guess"] = guess_language(task.reference)
    out["guess_tests"] = guess_language(task.tests)
    out["defined"] = sorted(defined_names(task.reference, task.language))
    out["defined_novars"] = sorted(defined_names(task.reference, task.language,
                                                 variables=False))
    return out


def _scoring(task: Task, code: str) -> dict[str, Any]:
    static = analyse(task, code, finish_reason=None)
    out: dict[str, Any] = {"static": _plain(static)}
    trunc = analyse(task, code, finish_reason="length")
    out["static_length"] = _plain(trunc.completeness)
    finishes = []
    for result in (None, *CANNED):
        score = finish(task, static, result)
        finishes.append([score.failure.value if score.failure else None,
                         _plain(score.metrics), score.diagnostics])
    out["finish"] = finishes
    return out


def _run_spec(language: str) -> Any:
    """The sandbox's spec for ``language``, wherever this checkout keeps it."""
    try:
        from codecanary.languages import run_spec
    except ImportError:  # before the languages package existed
        from codecanary.sandbox.languages import get_language as run_spec  # type: ignore
    return run_spec(language)


def _running(language: str, task: Task) -> dict[str, Any]:
    lang = _run_spec(language)
    files = lang.program_files(task.reference, task.tests, task.entry_point)
    return {name: _digest(text) for name, text in sorted(files.items())}


def _language_spec(language: str) -> dict[str, Any]:
    lang = _run_spec(language)
    # ``fence_tags`` was never read by the sandbox (fence aliases are the language's).
    spec = {k: v for k, v in _plain(asdict(lang)).items() if k != "fence_tags"}
    spec["resolved_run"] = list(lang.resolve(lang.run_argv))
    spec["resolved_compile"] = list(lang.resolve(lang.compile_argv)) if lang.compile_argv \
        else None
    spec["missing_tools"] = lang.missing_tools()
    spec["binds"] = lang.sandbox_binds()
    return spec


def snapshot(languages: tuple[str, ...]) -> dict[str, Any]:
    suite = load_builtin()
    data: dict[str, Any] = {
        "aliases": {a: canonical_language(a) for a in ALIASES},
        "classify": [classify(Evidence(has_code=True, result=r)) for r in CANNED],
        "languages": {lang: _language_spec(lang) for lang in languages},
        "tasks": {},
    }
    for task in suite.tasks:
        if task.language not in languages:
            continue
        print(task.id, file=sys.stderr, flush=True)
        all_mutants = mutants(task.reference, task.language)
        scored = mutants(task.reference, task.language, max_mutants=MUTANTS_SCORED, seed=0)
        tokens = tokenize(task.reference, task.language)
        instrumented = instrument(task.language, task.tests, task.entry_point)
        data["tasks"][task.id] = {
            "extraction": _extraction(task),
            "running": _running(task.language, task),
            "tokens": _digest("\x00".join(f"{t.kind}:{t.line}:{t.text}" for t in tokens)),
            "mutants": [[m.operator, m.line, m.description, _digest(m.source)]
                        for m in all_mutants],
            "scoring_reference": _scoring(task, task.reference),
            "scoring_mutants": [_scoring(task, m.source) for m in scored],
            "testcount": None if instrumented is None else _digest(instrumented),
        }
    return data


def _count(data: dict[str, Any]) -> dict[str, int]:
    tasks = data["tasks"].values()
    return {
        "tasks": len(data["tasks"]),
        "extractions": sum(len(t["extraction"]) for t in tasks),
        "mutants": sum(len(t["mutants"]) for t in tasks),
        "scored_answers": sum(1 + len(t["scoring_mutants"]) for t in tasks),
        "finish_results": sum((1 + len(t["scoring_mutants"])) * (1 + len(CANNED))
                              for t in tasks),
        "testcount_rewrites": sum(t["testcount"] is not None for t in tasks),
    }


def _diff(before: Any, after: Any, path: str, out: list[str]) -> None:
    if len(out) >= 20:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after:
                out.append(f"{path}/{key}: only in {'after' if key in after else 'before'}")
            else:
                _diff(before[key], after[key], f"{path}/{key}", out)
    elif before != after:
        out.append(f"{path}: {json.dumps(before)[:200]} -> {json.dumps(after)[:200]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="where to write the snapshot JSON")
    parser.add_argument("--compare", help="a snapshot to compare the new one with, byte for byte")
    parser.add_argument("--languages", default=",".join(PANEL),
                        help="comma-separated languages (default: the seven panel languages)")
    parser.add_argument("--unregister", default="",
                        help="comma-separated languages to unregister first (e.g. ruby, to "
                             "compare with a snapshot taken before it existed: its error "
                             "signatures take part in classifying every language's output)")
    args = parser.parse_args()
    for name in (x for x in args.unregister.split(",") if x):
        from codecanary import languages as registry

        registry.unregister(name)
    languages = tuple(x for x in args.languages.split(",") if x)
    data = snapshot(languages)
    text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    counts = _count(data)
    print("recorded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if args.compare:
        with open(args.compare, encoding="utf-8") as fh:
            old = fh.read()
        if old == text:
            print(f"identical to {args.compare} (byte for byte, {len(text)} bytes)")
            return 0
        problems: list[str] = []
        _diff(json.loads(old), data, "", problems)
        print(f"DIFFERS from {args.compare}:")
        for line in problems:
            print("  " + line)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
