import gzip
import json
from pathlib import Path

import pytest

from codecanary.errors import SuiteError
from codecanary.suites import load_suite
from codecanary.suites.jsonl import load_jsonl


def test_humaneval_has_164_python_tasks_with_references() -> None:
    suite = load_suite("humaneval")
    assert len(suite.tasks) == 164
    assert {t.language for t in suite.tasks} == {"python"}
    first = suite.task("HumanEval/0")
    assert first.entry_point == "has_close_elements"
    assert first.reference.startswith(first.prompt)
    assert first.prompt_is_code_prefix


def test_suite_version_is_a_content_hash() -> None:
    suite = load_suite("humaneval")
    again = load_suite("humaneval")
    assert suite.version == again.version
    changed = suite.model_copy(update={"tasks": (
        suite.tasks[0].model_copy(update={"tests": suite.tasks[0].tests + "\n# x"}),
        *suite.tasks[1:])})
    assert changed.version != suite.version


def _write(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_jsonl_humaneval_style(tmp_path: Path) -> None:
    rec = {"task_id": "t/1", "prompt": "def f(x):\n", "canonical_solution": "    return x\n",
           "test": "def check(c):\n    assert c(1) == 1\n", "entry_point": "f"}
    suite = load_jsonl(_write(tmp_path / "he.jsonl", [rec]))
    task = suite.task("t/1")
    assert task.reference == "def f(x):\n    return x\n"
    assert task.prompt_is_code_prefix


def test_jsonl_mbpp_style(tmp_path: Path) -> None:
    rec = {"task_id": 11, "text": "Write a function to double a number.",
           "code": "def double(x):\n    return 2 * x", "test_list": ["assert double(2) == 4"],
           "test_setup_code": ""}
    task = load_jsonl(_write(tmp_path / "mbpp.jsonl", [rec])).task("11")
    assert task.entry_point == "double"
    assert "assert double(2) == 4" in task.tests
    assert "assert double(2) == 4" in task.prompt


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "mbpp.jsonl:1"),
        ('{"task_id": "a", "prompt": "p"}\n', "not a valid task"),
        ("[1, 2]\n", "JSON object"),
        ("\n\n", "has no tasks"),
    ],
)
def test_jsonl_malformed_lines_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "mbpp.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SuiteError, match=message):
        load_jsonl(path)


def test_jsonl_duplicate_ids_rejected(tmp_path: Path) -> None:
    rec = {"id": "x", "language": "python", "prompt": "p", "tests": "assert True"}
    with pytest.raises(SuiteError, match="duplicate"):
        load_jsonl(_write(tmp_path / "d.jsonl", [rec, rec]))


def test_unknown_suite_is_a_clear_error() -> None:
    with pytest.raises(SuiteError, match="unknown suite 'nope'"):
        load_suite("nope")


def test_gz_file_not_supported_is_clear(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(gzip.compress(b"x"))
    with pytest.raises(SuiteError, match="unsupported suite file"):
        load_suite(str(path))


def test_toml_directory_suite(tmp_path: Path) -> None:
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "add.toml").write_text(
        "id = 'py/add'\nlanguage = 'python'\ncategories = ['algorithms']\n"
        "difficulty = 'easy'\nentry_point = 'add'\nprompt = 'Write add(a, b).'\n"
        "reference = '''\ndef add(a, b):\n    return a + b\n'''\n"
        "tests = '''\nassert add(1, 2) == 3\n'''\n", encoding="utf-8")
    suite = load_suite(str(tmp_path))
    assert [t.id for t in suite.tasks] == ["py/add"]
    (tmp_path / "py" / "bad.toml").write_text("id = 'x'\nlanguage = \n", encoding="utf-8")
    with pytest.raises(SuiteError, match=r"bad\.toml: invalid TOML"):
        load_suite(str(tmp_path))
