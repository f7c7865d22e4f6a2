"""Code-critical strings per panel language: keywords, operators, indentation runs.

This is the one place the audit learns about languages. When the
``codecanary.languages`` registry lands, :func:`code_tokens` should read its
``keywords``/``operators`` instead of the tables below; nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

#: The panel's languages, in report order.
LANGUAGES: tuple[str, ...] = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")

#: Indentation runs the audit segments: 1–16 spaces, 1–4 tabs.
INDENT_RUNS: tuple[str, ...] = (*(" " * n for n in range(1, 17)), *("\t" * n for n in range(1, 5)))

_JS_KEYWORDS = ("async await break case catch class const continue debugger default delete do "
                "else export extends false finally for function if import in instanceof let new "
                "null of return static super switch this throw true try typeof undefined var "
                "void while yield")
_JS_OPERATORS = ("= == === != !== < > <= >= + - * / % ** ++ -- && || ?? ! ?. => += -= *= /= "
                 "&= |= ^= ... & | ^ ~ << >> >>> ( ) [ ] { } ; , . :")

_KEYWORDS: dict[str, str] = {
    "python": ("False None True and as assert async await break class continue def del elif "
               "else except finally for from global if import in is lambda nonlocal not or "
               "pass raise return try while with yield self print len range"),
    "javascript": _JS_KEYWORDS,
    "typescript": _JS_KEYWORDS + (" interface type enum implements private public protected "
                                  "readonly namespace declare abstract as keyof number string "
                                  "boolean any unknown never"),
    "go": ("break case chan const continue default defer else fallthrough for func go goto if "
           "import interface map package range return select struct switch type var nil true "
           "false int string error bool byte len make append"),
    "rust": ("as async await break const continue crate else enum extern false fn for if impl "
             "in let loop match mod move mut pub ref return self Self static struct super trait "
             "true type unsafe use where while dyn Some None Ok Err Vec String Option Result "
             "usize i32 i64 u8 u32 u64 f64 bool"),
    "java": ("abstract assert boolean break byte case catch char class const continue default do "
             "double else enum extends final finally float for if implements import instanceof "
             "int interface long native new package private protected public return short static "
             "super switch synchronized this throw throws try void volatile while null true false "
             "String var"),
    "cpp": ("alignas auto bool break case catch char class const constexpr continue default "
            "delete do double else enum explicit extern false float for friend if inline int "
            "long namespace new noexcept nullptr operator private protected public return short "
            "signed sizeof static struct switch template this throw true try typedef typename "
            "union unsigned using virtual void volatile while std include vector string size_t"),
}

_OPERATORS: dict[str, str] = {
    "python": ("= == != < > <= >= + - * / // % ** @ += -= *= /= //= %= **= -> := & | ^ ~ << >> "
               "( ) [ ] { } : , . ; ... ):"),
    "javascript": _JS_OPERATORS,
    "typescript": _JS_OPERATORS + " ?: <>",
    "go": ("= := == != < > <= >= + - * / % & | ^ &^ << >> && || ! <- ++ -- += -= *= /= ... "
           "( ) [ ] { } ; , . :"),
    "rust": ("= == != < > <= >= + - * / % & | ^ ! && || << >> += -= *= /= -> => :: .. ..= ? "
             "& &mut ( ) [ ] { } ; , . : #["),
    "java": ("= == != < > <= >= + - * / % ++ -- && || ! & | ^ ~ << >> >>> += -= *= /= -> :: "
             "? : ( ) [ ] { } ; , . @"),
    "cpp": ("= == != < > <= >= + - * / % ++ -- && || ! & | ^ ~ << >> += -= *= /= -> :: . "
            "( ) [ ] { } ; , # <=>"),
}


@dataclass(frozen=True)
class CodeTokens:
    """The strings whose segmentation and embedding rows matter most in one language."""

    language: str
    keywords: tuple[str, ...]
    operators: tuple[str, ...]


@cache
def code_tokens(language: str) -> CodeTokens:
    """Keywords and operators of ``language`` (empty for an unknown language)."""
    return CodeTokens(language=language,
                      keywords=tuple(_KEYWORDS.get(language, "").split()),
                      operators=tuple(_OPERATORS.get(language, "").split()))


@cache
def critical_strings() -> frozenset[str]:
    """Every keyword and operator of every panel language, bare and space-prefixed.

    BPE vocabularies usually hold a keyword twice (``def`` and `` def``); both are
    code-critical. Indentation runs are recognised by :func:`is_critical`.
    """
    out: set[str] = set()
    for language in LANGUAGES:
        tokens = code_tokens(language)
        for text in (*tokens.keywords, *tokens.operators):
            out.add(text)
            out.add(" " + text)
    return frozenset(out)


def is_critical(text: str) -> bool:
    """True for a keyword, an operator or an indentation run (optionally after newlines)."""
    if text in critical_strings():
        return True
    body = text.lstrip("\r\n")
    return bool(body) and set(body) <= {" ", "\t"} and len(body) <= 16
