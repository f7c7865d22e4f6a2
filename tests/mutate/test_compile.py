"""Mutants compile with the real toolchains wherever the reference does."""

from __future__ import annotations

import pytest
from mutate_samples import SAMPLES
from mutate_toolchain import available, build_and_run

from codecanary.mutate import TYPE_SAFE_OPERATORS, mutants

# tsc takes ~5 s per program here: fewer TypeScript mutants keep the run short.
_PER_LANGUAGE = {"typescript": 3}


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_sampled_mutants_compile_and_are_killed(language: str) -> None:
    if not available(language):
        pytest.skip(f"{language} toolchain not installed")
    sample = SAMPLES[language]
    ref = build_and_run(language, sample.reference, sample.tests)
    assert ref.passed, ref.detail
    chosen = mutants(sample.reference, language, max_mutants=_PER_LANGUAGE.get(language, 6),
                     seed=3)
    killed = 0
    for m in chosen:
        out = build_and_run(language, m.source, sample.tests)
        assert out.compiled, f"{m.description}: {out.detail}"
        killed += not out.passed
    assert killed >= len(chosen) - 1


@pytest.mark.slow
@pytest.mark.parametrize("language", ["typescript", "go", "rust", "java", "cpp"])
def test_type_safe_mutants_of_rich_code_compile(language: str) -> None:
    """Generics, closures, maps, classes: the operators the simulated provider uses for
    wrong answers in typed languages must keep such code compiling."""
    if not available(language):
        pytest.skip(f"{language} toolchain not installed")
    from mutate_rich import HARNESS, RICH

    assert build_and_run(language, RICH[language], HARNESS[language], build_only=True).compiled
    chosen = mutants(RICH[language], language, operators=TYPE_SAFE_OPERATORS,
                     max_mutants=_PER_LANGUAGE.get(language, 6), seed=5)
    assert len(chosen) >= 3
    for m in chosen:
        out = build_and_run(language, m.source, HARNESS[language], build_only=True)
        assert out.compiled, f"{m.description}: {out.detail}"
