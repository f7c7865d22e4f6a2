"""Language knowledge for extraction: fence tags, content guessing, defined names.

Everything here is heuristic and line-oriented. Regexes only ever see an
"analysis view" of the code in which over-long lines are blanked, so a
pathological input (one 10 MB line) cannot make a pattern backtrack for long.
"""

from __future__ import annotations

import re

TARGETS = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")

_ALIASES: dict[str, tuple[str, ...]] = {
    "python": ("python", "py", "python3", "py3", "python2", "ipython", "pycon", "sage"),
    "javascript": ("javascript", "js", "node", "nodejs", "jsx", "mjs", "cjs", "ecmascript"),
    "typescript": ("typescript", "ts", "tsx", "mts", "cts"),
    "go": ("go", "golang"),
    "rust": ("rust", "rs"),
    "java": ("java",),
    "cpp": ("cpp", "c++", "cc", "cxx", "hpp", "hxx", "hh", "h++", "cplusplus", "cuda"),
    # Not targets, but a scorer wants to name them when a model answers in them.
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
_TAG_TO_LANG = {alias: lang for lang, aliases in _ALIASES.items() for alias in aliases}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHELL_TAGS = _words(
    "bash sh shell zsh fish console terminal shell-session sh-session powershell ps1 ps "
    "cmd bat batch dos"
)
OUTPUT_TAGS = _words("text txt output plaintext plain stdout stderr log result out")
DATA_TAGS = _words("json json5 jsonl yaml yml toml xml html csv ini diff patch md markdown")

# Languages whose code usually also compiles as the target.
COMPATIBLE = {"typescript": ("javascript",), "javascript": ("typescript",), "cpp": ("c",)}

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
    return _TAG_TO_LANG.get(name.strip().lower())


def normalize_tag(info: str) -> str | None:
    """The first token of a fence info string, lower-cased (``{.python title=x}`` -> python)."""
    token = re.split(r"[\s,:;{}()\[\]]+", info.strip().lstrip("{.").lower(), maxsplit=1)[0]
    token = token.lstrip(".").strip("'\"`")
    # "python3.11" / "py-solution" style suffixes still name the language.
    if token and token not in _TAG_TO_LANG:
        head = re.match(r"[a-z+#]+", token)
        if head and head.group(0) in _TAG_TO_LANG and len(head.group(0)) > 1:
            token = head.group(0)
    return token or None


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


# (pattern, weight) features per language, scored over the analysis view.
_FEATURES: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    "python": (
        (_p(r"^[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(.*\)[ \t]*(?:->[^:\n]+)?:[ \t]*$"), 4),
        (_p(r"^[ \t]*class[ \t]+\w+(?:\(.*\))?:[ \t]*$"), 4),
        (_p(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+[\w.]+"
            r"(?:[ \t]+as[ \t]+\w+)?[ \t]*$"), 2),
        (_p(r"^[ \t]*(?:elif|except|if|for|while|with|else|try)\b[^\n{;]*:[ \t]*$"), 1.5),
        (_p(r"\bself\.\w+|\bNone\b|\bTrue\b|\bFalse\b|\blambda\b|\bnonlocal\b"), 1),
        (_p(r"\brange\(|\blen\(|__name__|\bf\"|\belif\b"), 1),
    ),
    "javascript": (
        (_p(r"\bfunction\b\s*\*?\s*\w*\s*\("), 3),
        (_p(r"^[ \t]*(?:export[ \t]+)?(?:const|let|var)[ \t]+[\w{}\[\], ]+=[^=]"), 2),
        (_p(r"=>|===|!==|console\.\w+\(|module\.exports|\brequire\(|\bundefined\b"), 1.5),
        (_p(r"\.length\b|\.push\(|\bnew (?:Map|Set|Array)\b"), 1),
    ),
    "go": (
        (_p(r"^package[ \t]+\w+[ \t]*$"), 5),
        (_p(r"^func[ \t]+(?:\([^)\n]*\)[ \t]*)?\w+[ \t]*[\[(]"), 5),
        (_p(r":=|\bfmt\.\w+|\bnil\b|\bmake\(|\[\][\w.]+\{|^import[ \t]+[(\"]"), 1.5),
    ),
    "rust": (
        (_p(r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:(?:const|async|unsafe)[ \t]+)*"
            r"fn[ \t]+\w+"), 5),
        (_p(r"\blet[ \t]+mut\b|^[ \t]*use[ \t]+std::|\bimpl\b|println!|vec!|&mut\b|&str\b"), 2),
        (_p(r"->[ \t]*(?:Vec<|i32|i64|u32|u64|usize|isize|f64|bool|String|Option<"
            r"|Result<|Self)"), 2),
        (_p(r"\.unwrap\(\)|::new\(|\bmatch\b[^\n]*\{[ \t]*$|\.iter\(\)"), 1),
    ),
    "java": (
        (_p(r"^[ \t]*import[ \t]+java\.|System\.out\.print|\bString\[\]|@Override"), 4),
        (_p(r"\b(?:public|private|protected)[ \t]+(?:static[ \t]+)?[\w<>\[\], ]+[ \t]+"
            r"\w+[ \t]*\("), 3),
        (_p(r"\b(?:ArrayList|HashMap|HashSet|List<Integer>|Integer\.|Arrays\.)"), 2),
    ),
    "cpp": (
        (_p(r"^[ \t]*#[ \t]*include[ \t]*[<\"]|\bstd::|using[ \t]+namespace[ \t]+std"), 4),
        (_p(r"\bvector<|\bcout[ \t]*<<|^[ \t]*template[ \t]*<|\bnullptr\b"
            r"|\bconst[ \t]+\w+[ \t]*&"), 2),
        (_p(r"^[ \t]*(?:int|void|bool|auto|long|double|string|size_t)[ \t]+\w+"
            r"[ \t]*\([^)\n]*\)"), 1.5),
    ),
}
_TS_FEATURES = (
    (_p(r"^[ \t]*(?:export[ \t]+)?(?:interface|type|enum)[ \t]+\w+"), 3),
    (_p(r"\w[ \t]*\??:[ \t]*(?:number|string|boolean|any|void|unknown|never|bigint)"
        r"(?:\[\])*\b"), 3),
    (_p(r"\)[ \t]*:[ \t]*[\w\[\]<>|, ]+[ \t]*(?:\{|=>)|\bas[ \t]+const\b|\bRecord<"
        r"|\breadonly\b"), 2),
)


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
    scores = {lang: _score(view, feats) for lang, feats in _FEATURES.items()}
    if scores["cpp"] > 0 and "std::" not in view and re.search(r"\bprintf\(|\bmalloc\(", view):
        scores["c"] = scores.pop("cpp")
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < second * 1.4:
        return None
    if best == "javascript" and _score(view, _TS_FEATURES) >= 3:
        return "typescript"
    return best


_KEYWORDS = _words("if for while switch return new else do catch sizeof case throw delete typedef")
_PY_VAR = _p(r"^(\w+)[ \t]*(?::[^=\n]*)?=(?!=)")
_JS_VAR = _p(r"^(?:export[ \t]+)?(?:const|let|var)[ \t]+(\w+)")
_DEFS: dict[str, tuple[re.Pattern[str], ...]] = {
    "python": (
        _p(r"^(?:async[ \t]+)?def[ \t]+(\w+)|^class[ \t]+(\w+)"),
        _PY_VAR,
    ),
    "javascript": (
        _p(r"^(?:export[ \t]+(?:default[ \t]+)?)?(?:async[ \t]+)?function[ \t]*\*?[ \t]*(\w+)"),
        _JS_VAR,
        _p(r"^(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+(\w+)"),
        _p(r"^(?:export[ \t]+)?(?:declare[ \t]+)?(?:interface|type|enum|namespace)[ \t]+(\w+)"),
    ),
    "go": (_p(r"^func[ \t]+(?:\([^)\n]*\)[ \t]*)?(\w+)|^(?:type|var|const)[ \t]+(\w+)"),),
    "rust": (
        _p(r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:(?:const|async|unsafe)[ \t]+)*fn[ \t]+(\w+)"),
        _p(r"^(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:struct|enum|trait|type|mod|union)[ \t]+(\w+)"),
        _p(r"^(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:static|const)[ \t]+(?:mut[ \t]+)?(\w+)"),
    ),
    "java": (
        _p(r"^[ \t]*(?:(?:public|private|protected|static|final|abstract|sealed)[ \t]+)*"
           r"(?:class|interface|enum|record)[ \t]+(\w+)"),
        _p(r"^[ \t]*(?:(?:public|private|protected|static|final|synchronized|abstract)[ \t]+)*"
           r"(?:<[^>\n]*>[ \t]+)?(?!return\b|new\b|else\b|throw\b)[\w.]+(?:<[^\n(]*>)?(?:\[\])*"
           r"[ \t]+(\w+)[ \t]*\([^;\n]*$"),
    ),
    "cpp": (
        _p(r"^(?:template[ \t]*<[^>\n]*>[ \t]*)?(?:class|struct|union|enum(?:[ \t]+class)?)"
           r"[ \t]+(\w+)"),
        _p(r"^[ \t]*(?:template[ \t]*<[^>\n]*>[ \t]*)?"
           r"(?!return\b|else\b|new\b|delete\b|throw\b|case\b)"
           r"[A-Za-z_][\w:<>,*& \t]*[ \t*&>](\w+)"
           r"[ \t]*\([^;\n]*$"),
        _p(r"^#define[ \t]+(\w+)|^using[ \t]+(\w+)[ \t]*="),
    ),
}
_DEFS["typescript"] = _DEFS["javascript"]
_DEFS["c"] = _DEFS["cpp"]


# Variables bound to functions count as definitions, other variables do not.
_VAR_DEFS = {"python": (_PY_VAR,), "javascript": (_JS_VAR,)}
_VAR_DEFS["typescript"] = _VAR_DEFS["javascript"]
_FUNC_VALUE = {
    "python": _p(r"^(\w+)[ \t]*=[ \t]*lambda\b"),
    "javascript": _p(
        r"^(?:export[ \t]+)?(?:const|let|var)[ \t]+(\w+)[ \t]*(?::[^=\n]*)?=[ \t]*"
        r"(?:async[ \t]*)?(?:function\b|\([^)\n]*\)[ \t]*(?::[^=\n]*)?=>|\w+[ \t]*=>)"
    ),
}
_FUNC_VALUE["typescript"] = _FUNC_VALUE["javascript"]


def defined_names(code: str, language: str, *, variables: bool = True) -> set[str]:
    """Names the code defines at top level (plus methods for Java, C++ and Rust).

    With ``variables=False`` plain top-level variables are left out (Python and
    JavaScript), so ``result = f(3)`` in a usage example defines nothing.
    """
    view = analysis_view(code)
    names: set[str] = set()
    var_patterns = _VAR_DEFS.get(language, ())
    for pattern in _DEFS.get(language, _DEFS["python"]):
        if not variables and pattern in var_patterns:
            continue
        for match in pattern.finditer(view):
            names.update(g for g in match.groups() if g)
    if not variables and language in _FUNC_VALUE:
        names.update(m.group(1) for m in _FUNC_VALUE[language].finditer(view))
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
