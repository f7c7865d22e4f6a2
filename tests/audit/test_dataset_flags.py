"""Every per-record flag of the dataset audit: a positive and a negative case."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from codecanary import languages
from codecanary.audit.dataset.insecure import find_insecure
from codecanary.languages import LanguageDef, LexerRules, SecurityRules
from codecanary.languages.base import insecure_patterns
from tests.audit.dataset_helpers import code, run

CLEAN_PY = '''def mean(values):
    """Arithmetic mean of a non-empty list."""
    total = 0.0
    for value in values:
        total += value
    return total / len(values)
'''
LONG_PY = '''def summarise(rows, key, limit=10):
    """Group rows by key and keep the largest groups."""
    groups = {}
    for row in rows:
        name = row.get(key)
        if name is None:
            continue
        groups.setdefault(name, []).append(row)
    ranked = sorted(groups.items(), key=lambda item: len(item[1]), reverse=True)
    result = []
    for name, members in ranked[:limit]:
        sizes = [len(str(m)) for m in members]
        result.append({"name": name, "count": len(members), "largest": max(sizes)})
    return result
'''


def flags_of(tmp_path: Path, *records: dict[str, object], **options: object
             ) -> dict[str, dict[str, str]]:
    return run(tmp_path, list(records), **options)[1]


def test_clean_records_raise_no_flag(tmp_path: Path) -> None:
    js = "function add(a, b) {\n  return a + b;\n}\n"
    assert flags_of(tmp_path, code("py", CLEAN_PY), code("js", js, "javascript"),
                    code("long", LONG_PY)) == {}


@pytest.mark.parametrize("record", [
    {"id": "order", "messages": [{"role": "assistant", "content": "x"},
                                 {"role": "user", "content": "y"}]},
    {"id": "type", "messages": [{"role": "user", "content": ["a"]},
                                {"role": "assistant", "content": "```py\nx = 1\n```"}]},
    {"id": "empty", "messages": [{"role": "user", "content": "write"},
                                 {"role": "assistant", "content": "  "}]},
    {"id": "missing", "prompt": "p", "completion": None},
    {"id": "nocode", "title": "no code field at all"},
])
def test_format_error(tmp_path: Path, record: dict[str, object]) -> None:
    flagged = flags_of(tmp_path, record)
    assert "format_error" in flagged[str(record["id"])]


def test_well_formed_chat_and_completion_are_fine(tmp_path: Path) -> None:
    chat = {"id": "c", "messages": [
        {"role": "system", "content": "be terse"}, {"role": "user", "content": "mean?"},
        {"role": "assistant", "content": f"Sure:\n```python\n{CLEAN_PY}```\n"}]}
    pc = {"id": "p", "prompt": "summary?", "completion": f"```python\n{LONG_PY}```"}
    assert flags_of(tmp_path, chat, pc) == {}


def test_field_path_points_at_nested_code_and_messages(tmp_path: Path) -> None:
    nested = {"id": "n", "language": "python", "data": {"answer": "def f(:\n"}}
    _, flagged = run(tmp_path, [nested], field="data.answer")
    assert "syntax_error" in flagged["n"]
    convo = {"id": "c", "conversation": [{"role": "assistant", "content": "```py\nx = 1\n```"}]}
    _, flagged = run(tmp_path, [convo], field="conversation")
    assert "wrong role order" in flagged["c"]["format_error"]


def test_malformed_lines_are_reported_by_line_and_the_audit_goes_on(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_bytes(b'{"id": "a", "code": "x = 1\\n"}\n{broken\n\xff\xfe bad utf8\n'
                     b'{"id": "b", "code": "y = 2\\n"}\n')
    from codecanary.audit.dataset import AuditOptions, audit_dataset
    report = audit_dataset([str(data)], AuditOptions(workers=1, builtin_targets=False))
    assert report.records == 4
    assert report.flag_counts["format_error"] == 2
    assert [m.split(": ", 1)[0] for m in report.malformed_lines] == [f"{data}:2", f"{data}:3"]
    assert "invalid UTF-8" in report.malformed_lines[1]


def test_wrong_language(tmp_path: Path) -> None:
    flagged = flags_of(tmp_path, code("w", LONG_PY, "javascript"), code("ok", LONG_PY))
    assert "wrong_language" in flagged["w"]
    assert "syntax_error" not in flagged["w"]  # explained by the language, not broken
    assert "wrong_language" not in flagged.get("ok", {})


def test_wrong_language_against_the_fence_tag(tmp_path: Path) -> None:
    chat = {"id": "f", "messages": [
        {"role": "user", "content": "summarise rows"},
        {"role": "assistant", "content": f"```javascript\n{LONG_PY}```"}]}
    assert "wrong_language" in flags_of(tmp_path, chat)["f"]


def test_syntax_error(tmp_path: Path) -> None:
    broken = CLEAN_PY.replace("total += value", "total += value ) ]")
    flagged = flags_of(tmp_path, code("bad", broken), code("good", CLEAN_PY))
    assert "syntax_error" in flagged["bad"]
    assert "syntax_error" not in flagged.get("good", {})


def test_truncated(tmp_path: Path) -> None:
    cut = LONG_PY[: LONG_PY.index("result = []") + 8]
    js = "function f(a) {\n  const x = a.map((v) => v +"
    flagged = flags_of(tmp_path, code("cut", cut), code("js", js, "javascript"))
    assert "truncated" in flagged["cut"] and "truncated" in flagged["js"]


def test_placeholder(tmp_path: Path) -> None:
    stub = 'def mean(values):\n    """Mean."""\n    raise NotImplementedError\n'
    rust = "fn mean(v: &[f64]) -> f64 {\n    todo!()\n}\n"
    flagged = flags_of(tmp_path, code("py", stub), code("rs", rust, "rust"),
                       code("ok", CLEAN_PY))
    assert "placeholder" in flagged["py"] and "placeholder" in flagged["rs"]
    assert "placeholder" not in flagged.get("ok", {})


def test_corrupted(tmp_path: Path) -> None:
    mojibake = CLEAN_PY.replace('"""Arithmetic', '"""rÃ©sumÃ© arithmetic')
    repeated = CLEAN_PY.replace("    return", "    total += 0\n" * 12 + "    return")
    foreign = CLEAN_PY.replace("total = 0.0", "total = 0.0  # 合计")
    accented = CLEAN_PY.replace('"""Arithmetic', '"""Café arithmetic')
    flagged = flags_of(tmp_path, code("moji", mojibake), code("rep", repeated),
                       code("cjk", foreign), code("fine", accented))
    for rid in ("moji", "rep", "cjk"):
        assert "corrupted" in flagged[rid], rid
    assert "corrupted" not in flagged.get("fine", {})


def test_secret(tmp_path: Path) -> None:
    key = 'GITHUB = "ghp_' + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"[:36] + '"\n'
    pem = 'KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n"""\n'
    negative = "def token_of(request):\n    return request.headers.get('token')\n"
    flagged = flags_of(tmp_path, code("gh", key + CLEAN_PY), code("pem", pem),
                       code("ok", negative))
    assert "secret" in flagged["gh"] and "secret" in flagged["pem"]
    assert "ok" not in flagged


def test_lint(tmp_path: Path) -> None:
    sloppy = ("import os, sys, re, json\n"
              "def helper(a, b=[]):\n    try:\n        x = 1\n    except:\n        pass\n"
              "    if a == None:\n        return not a == b\n    return a\n")
    flagged = flags_of(tmp_path, code("bad", sloppy), code("ok", LONG_PY))
    assert "lint" in flagged["bad"] and "lint" not in flagged.get("ok", {})


@pytest.mark.parametrize(("language", "text"), [
    ("python", "def run(cmd):\n    import os\n    os.system('ls ' + cmd)\n"),
    ("python", "def calc(expr):\n    return eval(expr)\n"),
    ("python", "def q(cur, uid):\n    cur.execute(f\"SELECT * FROM u WHERE id = {uid}\")\n"),
    ("python", "import subprocess\ndef go(c):\n    subprocess.run(c, shell=True)\n"),
    ("javascript", "function ls(dir) {\n  child_process.exec(`ls ${dir}`);\n}\n"),
    ("go", "package main\n\nfunc run(c string) {\n\texec.Command(\"sh\", \"-c\", c).Run()\n}\n"),
    ("cpp", "#include <cstdlib>\nvoid run(const char* c) {\n  system(c);\n}\n"),
    ("java", "class A {\n  void run(String c) throws Exception {\n"
             "    Runtime.getRuntime().exec(c);\n  }\n}\n"),
    ("ruby", "def run(dir)\n  `ls #{dir}`\nend\n"),
    ("ruby", "def calc(expr)\n  eval(expr)\nend\n"),
    ("ruby", "def load(data)\n  Marshal.load(data)\nend\n"),
    ("ruby", "def find(name)\n  User.where(\"name = '#{name}'\")\nend\n"),
])
def test_insecure(tmp_path: Path, language: str, text: str) -> None:
    assert "insecure" in flags_of(tmp_path, code("x", text, language))["x"]


def test_insecure_negatives(tmp_path: Path) -> None:
    literal = "def two():\n    return eval('1 + 1')\n"
    param = "def q(cur, uid):\n    cur.execute('SELECT * FROM u WHERE id = ?', (uid,))\n"
    commented = "def f():\n    # never call os.system(user) here\n    return 1\n"
    assert flags_of(tmp_path, code("a", literal), code("b", param), code("c", commented)) == {}


def test_insecure_ruby_negatives(tmp_path: Path) -> None:
    safe = ("def run(dir, name)\n  system('ls', dir)\n  eval('1 + 1')\n"
            "  YAML.safe_load(name)\n  User.where(name: name)\nend\n")
    commented = "def f\n  # never `rm #{x}` here\n  1\nend\n"
    assert flags_of(tmp_path, code("a", safe, "ruby"), code("b", commented, "ruby")) == {}


def test_no_insecure_flag_without_security_rules(tmp_path: Path) -> None:
    """A language that declares no security rules gets no flag, not Python's patterns."""
    sql = 'def q(cur, uid):\n    cur.execute("SELECT a FROM t WHERE id=" + uid)\n'
    assert "insecure" in flags_of(tmp_path, code("py", sql))["py"]
    assert "insecure" not in flags_of(tmp_path, code("x", sql, "cobol")).get("x", {})
    bare = LanguageDef(name="cobol-y", lexer=LexerRules(hash_comments=True))
    languages.register("cobol-y", bare)
    try:
        assert find_insecure(sql, "cobol-y") == []
        languages.register("cobol-y", replace(bare, security=SecurityRules(
            insecure=insecure_patterns((r"\bexecute\(", "plug-in danger")))))
        assert find_insecure(sql, "cobol-y") == ["line 2: plug-in danger"]
        assert find_insecure("    # execute(x)\n", "cobol-y") == []  # its comment marker
    finally:
        languages.unregister("cobol-y")


def test_exact_duplicate_keeps_the_first(tmp_path: Path) -> None:
    reindented = LONG_PY.replace("\n", "\n\n")
    flagged = flags_of(tmp_path, code("first", LONG_PY), code("again", reindented))
    assert "first" not in flagged
    assert "record 0" in flagged["again"]["exact_duplicate"]


def test_near_duplicate(tmp_path: Path) -> None:
    lines = LONG_PY.splitlines(keepends=True)
    edited = "".join([*lines[:5], lines[4], *lines[5:]])  # one line doubled
    other = CLEAN_PY
    flagged = flags_of(tmp_path, code("first", LONG_PY), code("near", edited),
                       code("other", other))
    assert "near_duplicate" in flagged["near"]
    assert "first" not in flagged and "other" not in flagged


def test_fails_own_tests(tmp_path: Path) -> None:
    good = {"id": "good", "language": "python", "code": "def add(a, b):\n    return a + b\n",
            "tests": "assert add(1, 2) == 3\n"}
    bad = {"id": "bad", "language": "python", "code": "def add(a, b):\n    return a - b\n",
           "tests": "assert add(1, 2) == 3\n"}
    flagged = flags_of(tmp_path, good, bad, tests_field="tests")
    assert "fails_own_tests" in flagged["bad"]
    assert "good" not in flagged


def test_flags_lines_carry_index_id_and_evidence(tmp_path: Path) -> None:
    _, flagged = run(tmp_path, [code("ok", CLEAN_PY), code("bad", "def f(:\n")])
    assert set(flagged) == {"bad"}
    assert all(isinstance(v, str) and v for v in flagged["bad"].values())
    line = json.loads(json.dumps({"index": 1}))
    assert line["index"] == 1
