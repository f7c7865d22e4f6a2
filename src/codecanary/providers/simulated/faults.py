"""Code transformations behind the simulated provider's wrong answers and faults.

Every function takes real code and returns real code (or a cut-off answer); none of
them decides a verdict — the sandbox does, by running the result.
"""

from __future__ import annotations

import random
from functools import lru_cache

from codecanary import languages
from codecanary.languages import SimulationRules
from codecanary.mutate import (
    OPERATORS,
    TYPE_SAFE_OPERATORS,
    Mutant,
    Source,
    mutants,
    tokenize,
)
from codecanary.mutate.locate import find_body

BUG_OPERATORS = frozenset({"arithmetic_swap", "relational_boundary", "constant_off_by_one",
                           "equality_swap"})

# Foreign-script and mis-decoded fragments, as seen when an inference stack boosts
# improbable tokens or mangles the detokenizer.
_GARBAGE = (
    "ผลลัพธ์", "ข้อมูล", "ค่า", "変数", "结果", "数据", "関数", "列表", "Ã¤Â¸Â", "ÐºÐ¾Ð´",
    "\ufffd", "\ufffd\ufffd", "ï¿½",
)


# ``++``/``--`` swaps mostly make endless loops: real wrong answers time out far
# less often, and every timeout costs a full sandbox time limit.
_DYNAMIC_OPERATORS = frozenset(OPERATORS) - {"increment_swap"}


def simulation(language: str) -> SimulationRules | None:
    """The language's fault-simulation rules (None: unknown, or it declares none)."""
    found = languages.find(language)
    return found.simulation if found is not None else None


@lru_cache(maxsize=512)
def _mutant_pool(source: str, language: str, typed_safe: bool) -> tuple[Mutant, ...]:
    allowed = TYPE_SAFE_OPERATORS if typed_safe else _DYNAMIC_OPERATORS
    return tuple(mutants(source, language, operators=allowed))


def wrong_variant(source: str, language: str, rng: random.Random, *,
                  operators: frozenset[str] | None = None, edits: int = 2) -> Mutant | None:
    """A mutant of ``source`` with up to ``edits`` stacked mutations.

    In statically typed languages only type-safe operators are used, so the wrong
    answer still compiles and fails on the tests (as a realistic wrong answer does).
    Stacking two edits makes it rare for the variant to be equivalent to the original.
    """
    rules = simulation(language)
    typed_safe = rules is None or not rules.dynamic
    current, first = source, None
    for _ in range(edits):
        pool = [m for m in _mutant_pool(current, language, typed_safe)
                if (operators is None or m.operator in operators) and m.source != source]
        if not pool:
            break
        choice = pool[rng.randrange(len(pool))]
        first = first or choice
        current = choice.source
    if first is None:
        return None
    return Mutant(first.operator, first.line, first.description, current)


def corrupt_tokens(source: str, language: str, rng: random.Random) -> str:
    """Replace one to three identifier or keyword tokens with foreign-script or garbled text."""
    tokens = tokenize(source, language)
    idents = [i for i, t in enumerate(tokens) if t.kind == "ident"]
    if not idents:
        return source
    chosen = set(rng.sample(idents, min(len(idents), rng.randint(1, 3))))
    return "".join(rng.choice(_GARBAGE) if i in chosen else t.text
                   for i, t in enumerate(tokens))


@lru_cache(maxsize=512)
def _pattern(pattern: str, language: str) -> tuple[tuple[str, ...], int]:
    """A pattern's significant token texts and the position of the name to replace."""
    want = tuple(t.text for t in tokenize(pattern, language) if t.significant)
    return want, max(k for k, text in enumerate(want) if text[:1].isalpha() or text[:1] == "_")


def _pattern_hits(src: Source, texts: list[str], pattern: str) -> list[int]:
    """Token indices of the name to replace, for each call site matching ``pattern``."""
    want, name_at = _pattern(pattern, src.language)
    n = len(want)
    hits: list[int] = []
    for k in range(len(texts) - n + 1):
        if texts[k] != want[0] or tuple(texts[k:k + n]) != want:
            continue
        if want[0] not in (".", "::"):
            prev = src.prev_sig(src.sig[k])
            if prev is not None and prev.text in (".", "::", "->", "?."):
                continue
        hits.append(src.sig[k + name_at])
    return hits


def wrong_api(source: str, language: str, rng: random.Random, entry_point: str) -> str:
    """Rewrite a standard-library call to a plausible name that does not exist.

    Every call site of the chosen API is rewritten (a model that believes in a name
    uses it throughout). Without any known call, a call to a helper that was never
    defined is added at the top of the entry point.
    """
    rules = simulation(language)
    src = Source(source, language)
    texts = [src.tokens[i].text for i in src.sig]
    found = [(pattern, new, hits) for pattern, new in (rules.wrong_apis if rules else ())
             if (hits := _pattern_hits(src, texts, pattern))]
    if found:
        _, new, hits = found[rng.randrange(len(found))]
        return "".join(new if i in hits else t.text for i, t in enumerate(src.tokens))
    body = find_body(source, language, entry_point)
    helper = rules.missing_helper if rules is not None else None
    if body is None or helper is None:
        return source
    return body.insert(source, [helper])


def slow_down(source: str, language: str, entry_point: str) -> str | None:
    """The same answer with repeated useless work at the top of the entry point.

    The work is the language's ``simulation.busy_lines``: useless but un-optimizable,
    a small fixed loop plus a part proportional to the size of the arguments, so a
    large input slows down as a worse algorithm would while a harness making many
    small calls does not time out.

    Returns None when the language has no busy work or no function body can be
    found (the answer is left alone).
    """
    rules = simulation(language)
    busy_lines = rules.busy_lines if rules is not None else None
    body = find_body(source, language, entry_point)
    if body is None or busy_lines is None:
        return None
    # Follow the file's indent unit: a tab, or 2 or 4 spaces.
    step = "\t" if body.indent.startswith("\t") else "  " if len(body.indent) % 4 else "    "
    # A recursive entry point repeats the work on every call: keep it small there so
    # the answer is slower, not a timeout.
    calls = sum(t.kind == "ident" and t.text == entry_point for t in tokenize(source, language))
    scale = 0.01 if calls > 1 else 1.0
    return body.insert(source, busy_lines(body.params, body.sizes, step, scale))


def truncate(text: str, rng: random.Random, *, code_start: int) -> str:
    """Cut ``text`` somewhere in its code (30–85% of the way), often mid-token."""
    code_len = max(1, len(text) - code_start)
    cut = code_start + int(code_len * rng.uniform(0.3, 0.85))
    return text[:max(1, cut)]
