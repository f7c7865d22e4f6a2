"""Training-side faults of the simulated provider: a tokenizer mismatch and bad data.

Modelled on documented incidents:

- **Tokenizer/embedding mismatch** (a model served with a tokenizer other than the
  one its embeddings were trained for): particular vocabulary ids now decode to
  other strings, so the *same* keywords and operators come out as the *same*
  wrong tokens in every answer and every language that uses them.
  :data:`REMAP` is that fixed table; :func:`remap_tokens` applies it to one or two
  occurrences in an answer.
- **Low-quality fine-tuning data**: answers pick up anti-patterns (``eval``,
  shell calls, bare ``except``, ``var``, unused variables, commented-out code)
  and edge-case bugs (boundary and off-by-one slips). :func:`degrade` adds one
  anti-pattern line (the language's ``simulation.anti_patterns``) at the top of
  the entry point and, most of the time (70%), such a bug.

:data:`REMAP` is language-independent on purpose (one vocabulary serves every
language); the per-language lines live in the language modules.
"""

from __future__ import annotations

import random

from codecanary import languages
from codecanary.mutate import tokenize
from codecanary.mutate.locate import find_body

#: Vocabulary string → what the mismatched vocabulary decodes it to. A fixed table:
#: the fingerprint of a vocabulary problem is that the same few strings change.
REMAP: dict[str, str] = {
    "return": "retrun",
    "def": "class",
    "==": "=",
    "for": "für",
    "if": "wenn",
    "while": "whilst",
    "else": "sonst",
    "let": "lett",
    "const": "konst",
    "&&": "and",
    "||": "or",
    "!=": "=!",
    "fn": "fun",
    "func": "funk",
}

EDGE_OPERATORS = frozenset({"relational_boundary", "constant_off_by_one"})


def remap_tokens(source: str, language: str, rng: random.Random) -> str:
    """``source`` with one or two occurrences of :data:`REMAP` strings replaced."""
    tokens = tokenize(source, language)
    hits = [i for i, t in enumerate(tokens) if t.significant and t.text in REMAP]
    if not hits:
        return source
    chosen = set(rng.sample(hits, min(len(hits), rng.randint(1, 2))))
    return "".join(REMAP[t.text] if i in chosen else t.text for i, t in enumerate(tokens))


def add_anti_pattern(source: str, language: str, rng: random.Random, entry_point: str) -> str:
    """``source`` with one anti-pattern line at the top of the entry point."""
    found = languages.find(language)
    rules = found.simulation if found is not None else None
    lines = rules.anti_patterns if rules is not None else ()
    body = find_body(source, language, entry_point)
    if not lines or body is None:
        return source
    return body.insert(source, [lines[rng.randrange(len(lines))]])


def degrade(source: str, language: str, rng: random.Random, entry_point: str) -> str:
    """A bad-data answer: an anti-pattern line, and 70% of the time an edge-case bug."""
    from codecanary.providers.simulated.faults import wrong_variant

    code = source
    if rng.random() < 0.7:
        bug = wrong_variant(code, language, rng, operators=EDGE_OPERATORS, edits=1)
        code = bug.source if bug is not None else code
    return add_anti_pattern(code, language, rng, entry_point)
