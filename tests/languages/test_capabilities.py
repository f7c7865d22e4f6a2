"""Every registered language, checked capability by capability on its own references.

This is the template ``docs/languages.md`` asks a new language to pass: register
the language, add its built-in tasks, and these tests run for it unchanged. A
capability the language does not declare is skipped (its signal is absent), never
checked against another language's rules.
"""

from __future__ import annotations

import asyncio
import functools
import random
import re

import pytest

from codecanary import languages
from codecanary.audit.dataset.insecure import find_insecure
from codecanary.diagnose.vocabulary import has_anti_pattern
from codecanary.extract import extract_code
from codecanary.extract.langs import canonical_language, guess_language
from codecanary.languages import Language, LanguageDef, run_spec
from codecanary.languages.treesitter import parse, walk
from codecanary.mutate import UnsupportedLanguage, mutants, tokenize
from codecanary.providers.simulated.faults import slow_down, wrong_api
from codecanary.providers.simulated.training import add_anti_pattern
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.scoring.score import analyse, finish
from codecanary.scoring.testcount import instrument, parse_counts
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

NAMES = languages.names()


@functools.cache
def _tasks() -> dict[str, list[Task]]:
    out: dict[str, list[Task]] = {}
    for task in load_builtin().tasks:
        out.setdefault(task.language, []).append(task)
    return out


def _lang(name: str) -> Language:
    return languages.get(name)


def _refs(name: str) -> list[Task]:
    tasks = _tasks().get(name, [])
    if not tasks:
        pytest.skip(f"{name} has no built-in tasks")
    return tasks


def test_the_protocol_and_the_registry() -> None:
    assert {"python", "javascript", "typescript", "go", "rust", "java", "cpp", "ruby"} <= set(
        NAMES)
    for name in NAMES:
        lang = _lang(name)
        assert isinstance(lang, Language) and lang.name == name
        assert languages.find(name) is lang


@pytest.mark.parametrize("name", NAMES)
def test_fences(name: str) -> None:
    lang = _lang(name)
    assert name in (lang.name, *lang.fence_aliases)
    ref = _refs(name)[0]
    for alias in lang.fence_aliases:
        assert canonical_language(alias) == name, alias
        got = extract_code(f"Here:\n\n```{alias}\n{ref.reference.strip()}\n```\n",
                           language=name, entry_point=ref.entry_point or None)
        assert got.code.strip() == ref.reference.strip(), alias


@pytest.mark.parametrize("name", NAMES)
def test_grammar_and_node_types(name: str) -> None:
    lang = _lang(name)
    if lang.grammar is None:
        pytest.skip("no grammar: no syntax signal, no constraints, no tree-based counting")
    seen: set[str] = set()
    for task in _refs(name):
        tree = parse(task.reference, name)
        assert tree is not None and not tree.root_node.has_error, task.id
        seen.update(n.type for n in walk(tree.root_node) if n.is_named)
    if lang.node_types is not None:
        assert lang.node_types.functions & seen, "no reference defines a function?"
        assert lang.node_types.calls & seen
        assert lang.node_types.loops & seen


@pytest.mark.parametrize("name", NAMES)
def test_lexer_round_trips_and_mutants_stay_in_the_language(name: str) -> None:
    lang = _lang(name)
    if lang.lexer is None:
        with pytest.raises(UnsupportedLanguage):
            tokenize("x", name)
        return
    with_mutants = total = 0
    broken: list[tuple[str, str]] = []
    for task in _refs(name):
        tokens = tokenize(task.reference, name)
        assert "".join(t.text for t in tokens) == task.reference, task.id
        found = mutants(task.reference, name)
        assert all(m.source != task.reference for m in found)
        with_mutants += bool(found)
        if lang.grammar is not None:
            # A mutant should stay parseable: it tests the tests, not the parser.
            broken += [(task.id, m.description) for m in found
                       if (tree := parse(m.source, name)) is None or tree.root_node.has_error]
            total += len(found)
    if lang.mutation is not None:
        assert with_mutants >= 0.9 * len(_refs(name))
    # Known: Python hex literals (0xFF -> 1xFF), one Java generic '>' (0.1-0.4%).
    assert len(broken) <= 0.005 * total, broken


@pytest.mark.parametrize("name", NAMES)
def test_extraction_rules(name: str) -> None:
    lang = _lang(name)
    if lang.extraction is None:
        pytest.skip("no extraction rules: no guessing, no defined names")
    # TypeScript without annotations is JavaScript: its refinement may not fire.
    allowed = {name, None, lang.extraction.refines}
    wrong = [t.id for t in _refs(name) if guess_language(t.reference) not in allowed]
    assert wrong == []
    if lang.extraction.features and lang.extraction.refines is None:
        guessed = sum(guess_language(t.reference) == name for t in _refs(name))
        assert guessed >= 0.5 * len(_refs(name))


@pytest.mark.parametrize("name", NAMES)
def test_static_scoring_of_references(name: str) -> None:
    lang = _lang(name)
    for task in _refs(name):
        static = analyse(task, task.reference, finish_reason=None)
        assert static.syntax.valid or not static.syntax.checked, task.id
        assert static.syntax.checked == (lang.grammar is not None)
        c = static.completeness
        assert not (c.truncated or c.missing_entry_point or c.placeholder), (task.id, c)
        assert not static.corruption.corrupted and static.other_language is None, task.id
        assert static.violations == (), task.id
        assert (static.maintainability is not None) == (lang.lexer is not None)
        score = finish(task, static, None)
        assert score.metrics["wrong_language"] == 0.0


@pytest.mark.parametrize("name", NAMES)
def test_error_signatures_and_words(name: str) -> None:
    lang = _lang(name)
    if lang.errors is not None:
        for source in (*lang.errors.api_misuse, *lang.errors.syntax, *lang.errors.crash):
            re.compile(source)
    assert all(k.replace("?", "").isidentifier() for k in lang.keywords)
    assert all(op and not op.isspace() and " " not in op for op in lang.operators)
    if lang.lexer is not None and lang.keywords:
        idents = {t.text for task in _refs(name) for t in tokenize(task.reference, name)
                  if t.kind == "ident"}
        assert idents & lang.keywords


@pytest.mark.parametrize("name", NAMES)
def test_security_rules_spare_the_references(name: str) -> None:
    lang = _lang(name)
    if lang.security is None:
        assert find_insecure("eval(x)\nos.system(cmd)\n", name) == []  # absent, not Python's
        pytest.skip("no security rules: no insecure flag")
    assert lang.security.insecure, "declared security rules without a pattern"
    assert all(rule.danger for rule in lang.security.insecure)
    # A reference solution is the language's idiomatic, safe code: no pattern may fire.
    flagged = [(t.id, hits) for t in _refs(name) if (hits := find_insecure(t.reference, name))]
    assert flagged == []


@pytest.mark.parametrize("name", NAMES)
def test_diagnosis_anti_patterns_compile_and_spare_most_references(name: str) -> None:
    lang = _lang(name)
    if lang.diagnosis is None:
        assert not has_anti_pattern("eval(x)  # TODO\nos.system(cmd)\n", name)  # not Python's
        pytest.skip("no diagnosis rules: no anti-pattern evidence")
    assert lang.diagnosis.anti_patterns, "declared diagnosis rules without a pattern"
    for source in lang.diagnosis.anti_patterns:
        re.compile(source)
    # References are clean code: the evidence must not fire on (nearly) all of them.
    flagged = [t.id for t in _refs(name) if has_anti_pattern(t.reference, name)]
    assert len(flagged) <= 0.1 * len(_refs(name)), flagged


@pytest.mark.parametrize("name", NAMES)
def test_simulation_rules_make_their_faults(name: str) -> None:
    lang = _lang(name)
    rules = lang.simulation
    if rules is None:
        task = _refs(name)[0]
        rng = random.Random(0)
        assert wrong_api(task.reference, name, rng, task.entry_point) == task.reference
        assert slow_down(task.reference, name, task.entry_point) is None
        assert add_anti_pattern(task.reference, name, rng, task.entry_point) == task.reference
        pytest.skip("no simulation rules: no wrong_api, slowdown or data_quality faults")
    for pattern, new in rules.wrong_apis:
        assert pattern.endswith("(") or pattern.startswith("."), pattern
        assert new.isidentifier() and new not in lang.keywords, new
    # Each fault changes most references, and the result still lexes as the language.
    refs = _refs(name)
    changed = {"wrong_api": 0, "slowdown": 0, "data_quality": 0}
    for k, task in enumerate(refs):
        rng = random.Random(k)
        outs = {
            "wrong_api": wrong_api(task.reference, name, rng, task.entry_point)
            if rules.wrong_apis or rules.missing_helper else task.reference,
            "slowdown": (slow_down(task.reference, name, task.entry_point) or task.reference)
            if rules.busy_lines else task.reference,
            "data_quality": add_anti_pattern(task.reference, name, rng, task.entry_point)
            if rules.anti_patterns else task.reference,
        }
        for kind, out in outs.items():
            if out != task.reference:
                changed[kind] += 1
                tokenize(out, name)
    declared = {"wrong_api": bool(rules.wrong_apis or rules.missing_helper),
                "slowdown": rules.busy_lines is not None,
                "data_quality": bool(rules.anti_patterns)}
    for kind, on in declared.items():
        if on:
            assert changed[kind] >= 0.5 * len(refs), (kind, changed[kind], len(refs))


def test_file_extensions_name_one_language_each() -> None:
    seen: dict[str, str] = {}
    for lang in languages.all_languages():
        for ext in (lang.file_extension, *lang.extra_extensions):
            assert ext and not ext.startswith("."), (lang.name, ext)
            assert seen.setdefault(ext, lang.name) == lang.name, ext
    assert languages.by_extension() == {f".{ext}": name for ext, name in seen.items()}


@pytest.mark.parametrize("name", NAMES)
def test_count_tests_rewrites_most_harnesses(name: str) -> None:
    if _lang(name).count_tests is None:
        pytest.skip("no test-count rewrite: tests_passed_fraction only when all pass or none")
    rewritten = [instrument(name, t.tests, t.entry_point) for t in _refs(name)]
    assert sum(r is not None for r in rewritten) >= 0.9 * len(rewritten)


@pytest.mark.parametrize("name", NAMES)
def test_running_one_reference_plain_and_counted(name: str) -> None:
    lang = _lang(name)
    if lang.running is None:
        pytest.skip("cannot be run")
    if lang.running.missing_tools():
        pytest.skip(f"toolchain missing: {lang.running.missing_tools()}")
    task = _refs(name)[0]

    async def go() -> None:
        sandbox = BwrapSandbox(workers=1)
        try:
            for tests in (task.tests, instrument(name, task.tests, task.entry_point)):
                if tests is None:
                    continue
                files = run_spec(name).program_files(task.reference, tests, task.entry_point)
                result = await sandbox.execute(ExecRequest(
                    language=name, files=files, limits=Limits(timeout_s=30)))
                assert result.passed, (task.id, result.detail, result.stderr[-400:])
                if tests is not task.tests:
                    counts = parse_counts(result.stderr)
                    assert counts is not None and counts[0] == counts[1] > 0
        finally:
            await sandbox.aclose()

    asyncio.run(go())


def test_a_language_without_capabilities_gets_no_signal() -> None:
    bare = LanguageDef(name="cobol-x", fence_aliases=("cobol",))
    languages.register("cobol-x", bare)
    try:
        assert canonical_language("cobol") == "cobol-x"
        code = "       IDENTIFICATION DIVISION.\n       PROGRAM-ID. HELLO.\n"
        with pytest.raises(UnsupportedLanguage):
            mutants(code, "cobol-x")
        assert instrument("cobol-x", code, "hello") is None
        task = Task(id="cobol/x", language="cobol-x", prompt="p", tests="t",
                    reference=code, entry_point="")
        static = analyse(task, code, finish_reason=None)
        assert not static.syntax.checked and static.maintainability is None
        assert static.length_ratio is None and not static.completeness.truncated
        assert guess_language(code) != "cobol-x"
        assert find_insecure('q = "SELECT a FROM t WHERE id=" + uid\neval(x)\n', "cobol-x") == []
        assert not has_anti_pattern("eval(x)  # TODO\n", "cobol-x")
        with pytest.raises(languages.UnknownPlugin, match="cannot be run"):
            run_spec("cobol-x")
    finally:
        languages.unregister("cobol-x")
    assert languages.find("cobol-x") is None and canonical_language("cobol") is None
