"""Language-agnostic source mutation for Python, JavaScript, TypeScript, Go, Rust, Java, C++.

``mutants(source, language)`` returns small, realistic faults of a reference
solution — operator swaps, off-by-one constants and bounds, negated conditions,
dropped statements, swapped booleans — for ``suites validate`` (do the tests kill
them?) and for the ``simulated`` provider's wrong answers. A lexer that knows
each language's strings, characters and comments keeps edits out of them, and
the operators only make edits that keep a well-formed program well formed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from codecanary.mutate.lexer import Token, UnsupportedLanguage, lexed_languages, tokenize
from codecanary.mutate.operators import TOKEN_OPERATORS, Candidate
from codecanary.mutate.source import Edit, Source, mutation_rules
from codecanary.mutate.structure import drop_statements, negate_conditions

OPERATORS = (
    "arithmetic_swap", "relational_boundary", "equality_swap", "logical_swap",
    "increment_swap", "swap_bool", "constant_off_by_one", "negate_condition", "drop_statement",
)
TYPE_SAFE_OPERATORS = frozenset({
    "relational_boundary", "equality_swap", "logical_swap", "swap_bool",
    "constant_off_by_one", "negate_condition",
})
"""Operators whose mutants type-check whenever the original does (in every language)."""


@dataclass(frozen=True)
class Mutant:
    """One mutated program.

    Attributes:
        operator: Name of the mutation operator (one of ``OPERATORS``).
        line: 1-based line of the original source where the change starts.
        description: Human-readable change, e.g. ``"'<' -> '<='"``.
        source: The whole mutated program.
    """

    operator: str
    line: int
    description: str
    source: str


def _candidates(src: Source) -> list[Candidate]:
    found: list[Candidate] = []
    for op in TOKEN_OPERATORS:
        found.extend(op(src))
    found.extend(negate_conditions(src))
    found.extend(drop_statements(src))
    return found


def mutants(source: str, language: str, *, max_mutants: int | None = None,
            seed: int = 0, operators: frozenset[str] | None = None) -> list[Mutant]:
    """All (or a sample of) single-edit mutants of ``source``.

    Args:
        source: A program in ``language``.
        language: A registered language with lexer rules (``Language.lexer``).
        max_mutants: Keep at most this many, sampled with ``seed`` round-robin over
            operators so each operator stays represented.
        seed: Seed for that sample (the full list does not depend on it).
        operators: Restrict to these operator names.

    Returns:
        Distinct mutants, in source order; none equals ``source``.

    Raises:
        UnsupportedLanguage: ``language`` has no lexer rules.
    """
    src = Source(source, language)
    if mutation_rules(language) is None:
        return []  # a language without mutation rules gets no mutants (never C's)
    seen: set[str] = {source}
    result: list[tuple[int, Mutant]] = []
    for name, index, edit, description in _candidates(src):
        if operators is not None and name not in operators:
            continue
        text = src.apply([edit])
        if text in seen:
            continue
        seen.add(text)
        line = src.tokens[index].line
        result.append((index, Mutant(name, line, f"line {line}: {description}", text)))
    result.sort(key=lambda item: (item[0], OPERATORS.index(item[1].operator)))
    chosen = [m for _, m in result]
    if max_mutants is not None and len(chosen) > max_mutants:
        chosen = _stratified_sample(chosen, max_mutants, seed)
    return chosen


def _stratified_sample(pool: list[Mutant], k: int, seed: int) -> list[Mutant]:
    rng = random.Random(seed)
    by_op: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(pool):
        by_op[m.operator].append(i)
    queues = [rng.sample(ids, len(ids)) for _, ids in sorted(by_op.items())]
    rng.shuffle(queues)
    picked: list[int] = []
    while len(picked) < k:
        for queue in queues:
            if queue and len(picked) < k:
                picked.append(queue.pop())
    return [pool[i] for i in sorted(picked)]


__all__ = [
    "OPERATORS",
    "TYPE_SAFE_OPERATORS",
    "Edit",
    "Mutant",
    "Source",
    "Token",
    "UnsupportedLanguage",
    "lexed_languages",
    "mutants",
    "tokenize",
]
