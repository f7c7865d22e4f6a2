"""Language knowledge for extraction: fence tags, content guessing, defined names.

Everything here is heuristic and line-oriented. Regexes only ever see an
"analysis view" of the code in which over-long lines are blanked, so a
pathological input (one 10 MB line) cannot make a pattern backtrack for long.
"""

from __future__ import annotations

import re

from codecanary import languages
from codecanary.languages.base import ExtractionRules

# Fence aliases of languages codecanary does not register, which a scorer still
# wants to name when a model answers in them. Registered languages bring their own
# (``Language.fence_aliases``).
_OTHER_ALIASES: dict[str, tuple[str, ...]] = {
    "c": ("c", "h"),
    "csharp": ("csharp", "c#", "cs"),
    "kotlin": ("kotlin", "kt"),
    "swift": ("swift",),
    "ruby": ("ruby", "rb"),
    "php": ("php",),
    "scala": ("scala",),
    "haskell": ("haskell", "hs"),
    "lua": ("lua",),
    "perl": ("perl", "pl"),
    "r": ("r",),
    "julia": ("julia", "jl"),
    "dart": ("dart",),
    "elixir": ("elixir", "ex", "exs"),
    "sql": ("sql",),
}
_OTHER_TAGS = {alias: lang for lang, aliases in _OTHER_ALIASES.items() for alias in aliases}


def _tag_language(tag: str) -> str | None:
    return languages.fence_aliases().get(tag) or _OTHER_TAGS.get(tag)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHELL_TAGS = _words(
    "bash sh shell zsh fish console terminal shell-session sh-session powershell ps1 ps "
    "cmd bat batch dos"
)
OUTPUT_TAGS = _words("text txt output plaintext plain stdout stderr log result out")
DATA_TAGS = _words("json json5 jsonl yaml yml toml xml html csv ini diff patch md markdown")



def compatible_languages(target: str) -> tuple[str, ...]:
    """Languages whose code usually also compiles as ``target`` (its extraction rules)."""
    found = languages.find(target)
    return found.extraction.compatible if found is not None and found.extraction else ()

MAX_LINE = 400
MAX_VIEW = 200_000
GUESS_CHARS = 8_000  # the opening of a program says enough about its language


def analysis_view(code: str) -> str:
    """The code with over-long lines blanked and its size capped (bounds regex cost)."""
    lines = code[:MAX_VIEW].split("\n")
    return "\n".join(line if len(line) <= MAX_LINE else "" for line in lines)


def canonical_language(name: str | None) -> str | None:
    """Map a fence tag or language name (``py``, ``c++``, ``golang``) to its canonical name."""
    if not name:
        return None
    return _tag_language(name.strip().lower())


def normalize_tag(info: str) -> str | None:
    """The first token of a fence info string, lower-cased (``{.python title=x}`` -> python)."""
    token = re.split(r"[\s,:;{}()\[\]]+", info.strip().lstrip("{.").lower(), maxsplit=1)[0]
    token = token.lstrip(".").strip("'\"`")
    # "python3.11" / "py-solution" style suffixes still name the language.
    if token and _tag_language(token) is None:
        head = re.match(r"[a-z+#]+", token)
        if head and _tag_language(head.group(0)) is not None and len(head.group(0)) > 1:
            token = head.group(0)
    return token or None


def _rules() -> list[tuple[str, ExtractionRules]]:
    return [(lang.name, lang.extraction) for lang in languages.all_languages()
            if lang.extraction is not None]


def _score(view: str, features: tuple[tuple[re.Pattern[str], float], ...]) -> float:
    # Each feature counts at most 3 times so one long block cannot swamp the rest.
    total = 0.0
    for pattern, weight in features:
        hits = 0
        for _ in pattern.finditer(view):
            hits += 1
            if hits == 3:
                break
        total += weight * hits
    return total


def guess_language(code: str) -> str | None:
    """Best guess of the code's language among the targets (and C), or None when unclear."""
    view = analysis_view(code[:GUESS_CHARS])
    rules = _rules()
    scores = {name: _score(view, r.features) for name, r in rules
              if r.features and r.refines is None}
    if scores.get("cpp", 0) > 0 and "std::" not in view \
            and re.search(r"\bprintf\(|\bmalloc\(", view):
        scores["c"] = scores.pop("cpp")
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) < 2:
        return None
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < second * 1.4:
        return None
    for name, r in rules:
        if r.refines == best and _score(view, r.features) >= 3:
            return name
    return best


_KEYWORDS = _words("if for while switch return new else do catch sizeof case throw delete typedef")


def _extraction(language: str) -> ExtractionRules | None:
    # C is not registered; its definitions look like C++'s.
    found = languages.find("cpp" if language == "c" else language)
    return found.extraction if found is not None else None


def defined_names(code: str, language: str, *, variables: bool = True) -> set[str]:
    """Names the code defines at top level (plus methods for Java, C++ and Rust).

    With ``variables=False`` plain top-level variables are left out (Python and
    JavaScript), so ``result = f(3)`` in a usage example defines nothing.
    """
    rules = _extraction(language)
    if rules is None:
        return set()
    view = analysis_view(code)
    names: set[str] = set()
    for pattern in rules.definitions:
        if not variables and pattern in rules.variables:
            continue
        for match in pattern.finditer(view):
            names.update(g for g in match.groups() if g)
    if not variables and rules.function_values is not None:
        names.update(m.group(1) for m in rules.function_values.finditer(view))
    return names - _KEYWORDS


def identifiers(code: str) -> set[str]:
    """Every identifier-like token in the code."""
    return set(re.findall(r"[A-Za-z_]\w*", analysis_view(code)))


def entry_name(entry_point: str | None) -> str | None:
    """The bare name of an entry point (``Solution.twoSum`` -> ``twoSum``)."""
    if not entry_point:
        return None
    name = re.split(r"[.:#]+", entry_point.strip())[-1]
    return name or None
