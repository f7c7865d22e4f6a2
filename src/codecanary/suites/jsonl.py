"""JSONL suites a user has: HumanEval-style or MBPP-style records, one per line.

HumanEval style: ``task_id, prompt, test, entry_point`` and optionally
``canonical_solution``. MBPP style: ``task_id, text, code, test_list`` (a list of
assert lines), optionally ``test_setup_code``. codecanary's own style: any field
of :class:`Task` by name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from codecanary.errors import SuiteError
from codecanary.suites.models import Suite, Task

_MBPP_DEF = re.compile(r"^def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)


def _from_humaneval(record: dict[str, Any]) -> dict[str, Any]:
    prompt = record["prompt"]
    return {
        "id": str(record["task_id"]),
        "language": record.get("language", "python"),
        "prompt": prompt,
        "tests": record["test"],
        "reference": prompt + record["canonical_solution"] if record.get("canonical_solution")
        else "",
        "entry_point": record.get("entry_point", ""),
        "prompt_is_code_prefix": True,
    }


def _from_mbpp(record: dict[str, Any]) -> dict[str, Any]:
    code = record.get("code", "")
    match = _MBPP_DEF.search(code)
    tests = "\n".join([record.get("test_setup_code", ""), *record["test_list"]]).strip()
    prompt = record["text"]
    if record["test_list"]:
        prompt += f"\nYour code should pass this test:\n{record['test_list'][0]}"
    return {
        "id": str(record["task_id"]),
        "language": "python",
        "prompt": prompt,
        "tests": tests,
        "reference": code,
        "entry_point": match.group(1) if match else "",
    }


def _to_task(record: dict[str, Any]) -> Task:
    if "test_list" in record and "text" in record:
        fields = _from_mbpp(record)
    elif "task_id" in record and "prompt" in record and "test" in record:
        fields = _from_humaneval(record)
    else:
        fields = record
    return Task.model_validate(fields)


def load_jsonl(path: str | Path, name: str | None = None) -> Suite:
    """Load a JSONL suite file; any malformed line is a :class:`SuiteError` naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SuiteError(f"cannot read suite file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise SuiteError(f"suite file {path} is not UTF-8 text") from exc
    tasks: list[Task] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("each line must be a JSON object")
            task = _to_task(record)
        except (ValueError, KeyError, TypeError) as exc:
            reason = _first_line(exc)
            raise SuiteError(f"{path}:{number}: not a valid task: {reason}") from exc
        if task.id in seen:
            raise SuiteError(f"{path}:{number}: duplicate task id {task.id!r}")
        seen.add(task.id)
        tasks.append(task)
    if not tasks:
        raise SuiteError(f"suite file {path} has no tasks")
    return Suite(name=name or path.stem, source=str(path), tasks=tuple(tasks))


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "record"
        return f"{where}: {err['msg']}"
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
