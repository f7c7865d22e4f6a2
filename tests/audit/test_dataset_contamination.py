"""Contamination: HumanEval and panel solutions are caught renamed and reformatted."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from codecanary.suites import load_suite
from tests.audit.dataset_helpers import code, rename_and_reformat, run


@pytest.fixture(scope="module")
def humaneval() -> list[str]:
    return [t.reference for t in load_suite("humaneval").tasks]


def test_renamed_and_reformatted_humaneval_solutions_are_caught(
        tmp_path: Path, humaneval: list[str]) -> None:
    picks = humaneval[::16]  # 11 tasks spread over the set
    records = [code(f"h{k}", rename_and_reformat(src)) for k, src in enumerate(picks)]
    for original, record in zip(picks, records, strict=True):
        assert record["code"] != original
    _, flagged = run(tmp_path, records, builtin_targets=True)
    missed = [r["id"] for r in records if "contamination" not in flagged.get(str(r["id"]), {})]
    assert missed == []
    assert "humaneval:HumanEval/0" in flagged["h0"]["contamination"]


def test_solution_body_only_inside_a_chat_answer(tmp_path: Path, humaneval: list[str]) -> None:
    body = rename_and_reformat(humaneval[12])
    chat = {"id": "chat", "messages": [
        {"role": "user", "content": "Find the longest string."},
        {"role": "assistant", "content": f"Here you go:\n\n```python\n{body}```\n"}]}
    _, flagged = run(tmp_path, [chat], builtin_targets=True)
    assert "contamination" in flagged["chat"]


def test_builtin_panel_reference_in_another_language_is_caught(tmp_path: Path) -> None:
    task = next(t for t in load_suite("builtin").tasks if t.language == "go" and
                t.reference.count("\n") > 15)
    reformatted = textwrap.indent(task.reference.replace("\t", "  "), "")
    _, flagged = run(tmp_path, [code("go", reformatted, "go")], builtin_targets=True)
    assert f"builtin:{task.id}" in flagged["go"]["contamination"]


def test_against_a_custom_suite(tmp_path: Path) -> None:
    solution = ("def rolling_checksum(blocks, modulus):\n    acc, seen = 0, []\n"
                "    for index, block in enumerate(blocks):\n"
                "        acc = (acc * 31 + block * (index + 7)) % modulus\n"
                "        seen.append(acc ^ (acc >> 3))\n    return seen\n")
    suite = tmp_path / "private.jsonl"
    suite.write_text(json.dumps({"task_id": "p/1", "prompt": "def rolling_checksum(",
                                 "canonical_solution": solution[len("def rolling_checksum("):],
                                 "test": "assert True", "entry_point": "rolling_checksum"}) + "\n")
    renamed = rename_and_reformat(solution)
    _, without = run(tmp_path, [code("r", renamed)])
    _, against = run(tmp_path, [code("r", renamed)], against=(str(suite),))
    assert "contamination" not in without.get("r", {})
    assert "private:p/1" in against["r"]["contamination"] or \
        "p/1" in against["r"]["contamination"]


def test_unrelated_real_code_is_not_contamination(tmp_path: Path) -> None:
    import inspect
    import json as json_module
    import textwrap as tw
    sources = [tw.dedent(inspect.getsource(f)) for f in (
        json_module.JSONEncoder.iterencode, tw.dedent, tw.TextWrapper._wrap_chunks,
        inspect.getsource)]
    records = [code(f"s{k}", src) for k, src in enumerate(sources)]
    _, flagged = run(tmp_path, records, builtin_targets=True)
    assert all("contamination" not in v for v in flagged.values())
