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
  anti-pattern line at the top of the entry point and, most of the time (70%),
  such a bug.

All per-language strings live in this one module.
"""

from __future__ import annotations

import random

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

#: Per language, anti-pattern lines a model trained on bad data inserts: insecure
#: calls, dead code and lint. Each stays harmless to the tests (it is the edge-case
#: bug that fails them).
ANTI_PATTERNS: dict[str, tuple[str, ...]] = {
    "python": ("_unused = eval('0')  # noqa", "import os; _tmp = os.system('true')",
               "_debug = None  # TODO: remove", "_cfg = __import__('pickle').loads"),
    "javascript": ("var _unused = eval('0');", "var _tmp = Math.random(); // TODO remove",
                   "var _x = new Function('return 0')();"),
    "typescript": ("var _unused: any = eval('0');", "var _tmp: any = Math.random();"),
    "go": ("_ = \"TODO: remove\"",),
    "rust": ("let _unused = \"TODO: remove\";",),
    "java": ("String _unused = \"TODO: remove\";",),
    "cpp": ("volatile int _unused = 0; // TODO remove",),
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
    lines = ANTI_PATTERNS.get(language)
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
