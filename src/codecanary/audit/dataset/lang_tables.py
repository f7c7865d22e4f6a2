"""Per-language knowledge of the dataset audit, behind one function.

Kept in one module so it can move into the ``codecanary.languages`` registry as a
whole. For each panel language: the file extension (for linters and the secrets
scanner, which pick rules by file type), the keywords that the rename-invariant
token stream keeps as they are, and the insecure-call patterns of the
``insecure`` flag.

Insecure patterns are regular expressions over one line of code whose comments
were dropped; each names the danger it stands for. They look for the *dangerous
shape* (input reaching an interpreter, a shell or a query), not for every use of
a risky API: ``eval("1 + 2")`` on a literal and a parameterised SQL query do not
match. Known blind spots: taint across lines (``q = "SELECT " + x`` on one line,
``cursor.execute(q)`` on the next), aliases (``from os import system as s``),
and anything built by reflection.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class InsecurePattern:
    pattern: re.Pattern[str]
    danger: str


@dataclass(frozen=True)
class LanguageTable:
    language: str
    extension: str
    keywords: frozenset[str]
    insecure: tuple[InsecurePattern, ...]
    line_comment: str
    any_insecure: re.Pattern[str]
    """All insecure patterns in one alternation (a quick whole-record test)."""


def _pats(*pairs: tuple[str, str]) -> tuple[InsecurePattern, ...]:
    return tuple(InsecurePattern(re.compile(p), d) for p, d in pairs)


# An argument that is not a plain string literal: a name, call, f-string, concatenation...
_NONLITERAL = r"(?!\s*(?:[rRbB]?\"[^\"]*\"|[rRbB]?'[^']*')\s*\))"
_SQL = r"(?i:\b(?:SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b)"

_PYTHON = _pats(
    (rf"(?<![\w.])(?:eval|exec)\s*\({_NONLITERAL}", "eval/exec of a non-literal"),
    (r"\bsubprocess\.\w+\(.*\bshell\s*=\s*True", "subprocess with shell=True"),
    (r"\bos\.(?:system|popen)\s*\(", "os.system/os.popen runs a shell"),
    (r"\b(?:pickle|cPickle|dill|marshal)\.loads?\s*\(", "unpickling (runs code from the data)"),
    (r"\byaml\.load\s*\((?!.*Loader\s*=\s*yaml\.SafeLoader)(?!.*SafeLoader)",
     "yaml.load without SafeLoader"),
    (r"\.execute(?:many)?\s*\(\s*(?:f[\"']|[\"'].*[\"']\s*(?:%|\+|\.format\())",
     "SQL built by string formatting"),
)
_JS = _pats(
    (rf"(?<![\w.$])eval\s*\({_NONLITERAL}", "eval of a non-literal"),
    (r"\bnew\s+Function\s*\(", "new Function (eval in disguise)"),
    (r"\b(?:exec|execSync)\s*\(\s*(?:`[^`]*\$\{|[^)]*\+)", "shell command built from input"),
    (r"\.(?:innerHTML|outerHTML)\s*=(?!=)", "innerHTML assignment (XSS)"),
    (r"\bdocument\.write\s*\(", "document.write (XSS)"),
    (r"\.query\s*\(\s*(?:`[^`]*\$\{|[\"'][^\"']*[\"']\s*\+)", "SQL built by concatenation"),
)
_GO = _pats(
    (r"exec\.Command\s*\(\s*\"(?:sh|bash|/bin/sh|/bin/bash|cmd)\"\s*,\s*\"(?:-c|/c)\"",
     "shell command through exec.Command"),
    (r"\.(?:Query|QueryRow|Exec)(?:Context)?\s*\([^)]*(?:fmt\.Sprintf|\"\s*\+)",
     "SQL built by formatting"),
    (r"\btemplate\.(?:HTML|JS)\s*\(", "unescaped template content"),
)
_RUST = _pats(
    (r"Command::new\s*\(\s*\"(?:sh|bash|/bin/sh|cmd)\"\s*\)", "shell command through Command"),
    (r"\.(?:query|execute|prepare)\s*\(\s*&?format!\s*\(", "SQL built by format!"),
)
_JAVA = _pats(
    (r"Runtime\.getRuntime\(\)\.exec\s*\(", "Runtime.exec runs a command"),
    (r"\.(?:executeQuery|executeUpdate|execute|prepareStatement)\s*\(\s*\"[^\"]*\"\s*\+",
     "SQL built by concatenation"),
    (r"\bnew\s+ObjectInputStream\s*\(", "Java deserialisation of untrusted data"),
    (r"\bScriptEngine\b.*\.eval\s*\(", "script eval"),
)
_CPP = _pats(
    (r"(?<![\w.:>])(?:std::)?(?:system|popen)\s*\(", "system/popen runs a shell"),
    (r"(?<![\w.:>])gets\s*\(", "gets (unbounded read)"),
    (r"(?<![\w.:>])(?:strcpy|strcat|sprintf|vsprintf)\s*\(", "unbounded string copy"),
)
_SQL_ANY = _pats((rf"[\"'`]{_SQL}[^\"'`]*[\"'`]\s*\+\s*\w", "SQL text concatenated with a value"),)

_KW_JS = ("break case catch class const continue debugger default delete do else export extends"
          " finally for function if import in instanceof let new return super switch this throw"
          " try typeof var void while with yield async await of null true false undefined")
_KW = {
    "python": " ".join([*keyword.kwlist, *keyword.softkwlist, "self", "cls"]),
    "javascript": _KW_JS,
    "typescript": _KW_JS + " interface type enum implements private public protected readonly"
                           " abstract declare namespace as keyof number string boolean any void",
    "go": "break case chan const continue default defer else fallthrough for func go goto if"
          " import interface map package range return select struct switch type var nil true"
          " false",
    "rust": "as break const continue crate else enum extern false fn for if impl in let loop"
            " match mod move mut pub ref return self Self static struct super trait true type"
            " unsafe use where while async await dyn",
    "java": "abstract assert boolean break byte case catch char class const continue default do"
            " double else enum extends final finally float for goto if implements import"
            " instanceof int interface long native new package private protected public return"
            " short static strictfp super switch synchronized this throw throws transient try"
            " void volatile while true false null var record",
    "cpp": "alignas auto bool break case catch char class const constexpr continue default"
           " delete do double else enum explicit extern false float for friend goto if inline"
           " int long mutable namespace new noexcept nullptr operator private protected public"
           " return short signed sizeof static struct switch template this throw true try"
           " typedef typename union unsigned using virtual void volatile while std",
}
_INSECURE = {"python": _PYTHON, "javascript": _JS, "typescript": _JS, "go": _GO,
             "rust": _RUST, "java": _JAVA, "cpp": _CPP}
_EXT = {"python": "py", "javascript": "js", "typescript": "ts", "go": "go", "rust": "rs",
        "java": "java", "cpp": "cpp"}


@cache
def language_table(language: str | None) -> LanguageTable:
    """The table of a panel language; unknown languages get an empty, generic table."""
    lang = language or ""
    insecure = _INSECURE.get(lang, ()) + _SQL_ANY
    return LanguageTable(
        language=lang,
        extension=_EXT.get(lang, "txt"),
        keywords=frozenset(_KW.get(lang, "").split()),
        insecure=insecure,
        line_comment="#" if lang == "python" else "//",
        any_insecure=re.compile("|".join(f"(?:{r.pattern.pattern})" for r in insecure)),
    )

