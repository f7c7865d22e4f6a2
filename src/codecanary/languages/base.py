"""What codecanary knows about a programming language, as one typed record.

A language is anything that satisfies :class:`Language`; built-ins (and most
plug-ins) are :class:`LanguageDef` values. Every capability but the name is
optional: a stage that needs a capability the language lacks gives *no* signal
for it (the metric is absent, the rewrite is refused), never another language's.

Capabilities and the stage that reads them:

=====================  ======================================================
``fence_aliases``      extract: fence tags naming the language (``py``, ``c++``)
``running``            sandbox: how code + tests become a program (:class:`RunSpec`)
``grammar``            scoring: tree-sitter syntax check, constraints, counting
``node_types``         scoring: the grammar's loop/function/class/call node types
``lexer``              mutate and the lexer-based scoring (strings, comments)
``mutation``           mutate: which edits keep a program well formed
``extraction``         extract: content guessing, defined names, the driver to strip
``count_tests``        scoring: the test-count rewrite of a harness
``errors``             scoring: toolchain messages for the failure taxonomy
``scoring``            scoring: placeholder calls, wrong-language veto, lint, mutators
``keywords``,          audits (tokenizer, dataset): the language's reserved words
``operators``          and operator tokens
``security``           dataset audit: insecure-call patterns (the ``insecure`` flag)
``diagnosis``          diagnose: bad-habit regexes (insecure calls, dead code, lint)
``simulation``         simulated provider: wrong APIs, busy work, bad-data lines
``extra_extensions``   tokenizer audit: file suffixes beyond ``file_extension``
=====================  ======================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol, runtime_checkable

from codecanary.languages.running import RunSpec

Pattern = re.Pattern[str]
CountTests = Callable[[str, str, str], "str | None"]
"""``(tests, entry_point, marker) -> instrumented tests`` or None when refused."""


class Grammar(NamedTuple):
    """A tree-sitter grammar from a wheel: ``getattr(import_module(module), factory)()``."""

    module: str
    factory: str = "language"


@dataclass(frozen=True)
class NodeTypes:
    """Grammar node types that scoring (constraints) looks for."""

    loops: frozenset[str] = frozenset()
    functions: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    calls: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LexerRules:
    """String, character and comment syntax for :mod:`codecanary.mutate.lexer`.

    The defaults describe a C-like language: ``//`` and ``/* */`` comments,
    ``"..."`` strings on one line, ``'x'`` character literals.
    """

    hash_comments: bool = False
    """``#`` starts a comment (and ``//``, ``/* */`` do not)."""
    block_comments: bool = True
    preprocessor: bool = False
    """``#`` at the start of a line begins a directive (C++)."""
    prefixed_strings: bool = False
    """Python string prefixes (``r``, ``b``, ``f``...) and triple quotes."""
    rust_literals: bool = False
    """Raw strings ``r#"..."#``, byte strings/chars, lifetimes ``'a``."""
    raw_strings_cpp: bool = False
    text_blocks: bool = False
    """Java ``\"\"\"`` text blocks."""
    multiline_strings: bool = False
    """A ``"..."`` string may span lines."""
    single_quote_strings: bool = False
    """``'...'`` is a string (JavaScript, Ruby), not a character literal."""
    template_literals: bool = False
    """JavaScript template literals in backticks (with ``${...}``)."""
    raw_backticks: bool = False
    """Go raw strings in backticks."""
    regex_literals: bool = False
    """``/.../`` regex literals where a value may start (JavaScript)."""
    extra_operators: frozenset[str] = frozenset()
    """Operator tokens beyond the shared set (Ruby's ``<=>``, ``||=``)."""


@dataclass(frozen=True)
class MutationRules:
    """How :mod:`codecanary.mutate` edits the language while keeping it well formed.

    The defaults describe a C-like language (Java, C++, JavaScript).
    """

    conditions: Literal["parens", "indented", "braces", "line"] = "parens"
    """Where an ``if``/``while`` condition ends: its ``( )``, the Python ``:``, the
    block's ``{`` (Go, Rust), or the end of the line (Ruby, also ``then``/``do``)."""
    while_loops: bool = True
    """The language has ``while`` (Go does not: a ``while`` there is a name)."""
    word_negation: bool = False
    """``not (c)`` instead of ``!(c)``."""
    statements: Literal["semicolon", "indented", "go", "line"] = "semicolon"
    """What a droppable simple statement looks like: ends with ``;``; a Python logical
    line; a Go line (unused names do not compile); a Ruby line."""
    droppable_return: bool = False
    """A ``return x;`` line may be dropped (falls through to ``undefined``)."""
    word_logic: bool = False
    """``and``/``or`` instead of ``&&``/``||``."""
    booleans: tuple[str, str] = ("true", "false")
    increments: bool = True
    """``++``/``--`` exist."""
    floor_division: bool = False
    """``*`` swaps with ``//`` (Python), not ``/``."""
    star_needs_space: bool = False
    """``*`` may also dereference or declare a pointer: only a spaced one is swapped."""
    typed: bool = True
    """``+`` next to a string is concatenation that ``-`` would not compile."""
    operator_overloads: bool = False
    """``operator-`` names a function (C++)."""
    generics: bool = False
    """``<``/``>`` may be generic brackets."""
    tuple_index_types: bool = False
    """``pair[1]`` may index a tuple type (TypeScript): constants there are left alone."""
    inheritance_lt: bool = False
    """``class A < B`` names a superclass (Ruby): that ``<`` is not a comparison."""
    non_value_words: frozenset[str] = frozenset()
    """Keywords after which an operator is unary (``rescue *errors``), beyond the shared ones."""


@dataclass(frozen=True)
class ExtractionRules:
    """Line-oriented regexes extraction uses (over its bounded "analysis view")."""

    features: tuple[tuple[Pattern, float], ...] = ()
    """(pattern, weight) evidence that code is in this language (content guessing)."""
    refines: str | None = None
    """Guess this language when ``refines`` wins and ``features`` score >= 3 (TS over JS)."""
    definitions: tuple[Pattern, ...] = ()
    """Patterns whose groups are names the code defines at top level."""
    variables: tuple[Pattern, ...] = ()
    """Those of ``definitions`` that match plain variables."""
    function_values: Pattern | None = None
    """Variables bound to functions (which count as definitions even without variables)."""
    main: Pattern | None = None
    """The candidate's own program driver, which the harness provides instead."""
    compatible: tuple[str, ...] = ()
    """Languages whose code usually also works as this one (a TS task accepts JS)."""
    code_lines: Pattern | None = None
    """Whole (stripped) lines that are code in this language although the generic
    line classifier would call them prose or weak (Ruby's bare ``end``)."""


@dataclass(frozen=True)
class ErrorSignatures:
    """Regex sources (alternatives) matching this toolchain's messages."""

    api_misuse: tuple[str, ...] = ()
    """A name, member, module or symbol that does not exist."""
    syntax: tuple[str, ...] = ()
    crash: tuple[str, ...] = ()
    """A crash the tests do not cause on purpose (matched per line, ``re.MULTILINE``)."""


@dataclass(frozen=True)
class ScoringRules:
    """Per-language knowledge of the static scoring signals."""

    statement_terminated: bool = False
    """Statements end with ``;`` or ``}`` (truncation: any other last token is suspect)."""
    placeholder_calls: tuple[Pattern, ...] = ()
    """Macro/call names that are placeholders (``todo!``)."""
    common_form: Pattern | None = None
    """What an answer in this language cannot do without (vetoes "wrong language")."""
    lint: Literal["ruff", "lexer rules"] | None = None
    """Which lint the maintainability signal uses; None: no lint findings."""
    mutating_methods: frozenset[str] = frozenset()
    mutating_functions: tuple[str, ...] = ()
    accessors: frozenset[str] = frozenset()
    lint_empty_catch: bool = False
    """Lexer lint: an empty ``catch (...) {}`` block (the ``catch`` word)."""
    lint_var: bool = False
    """Lexer lint: a ``var`` declaration (use ``let``/``const``)."""
    lint_loose_equality: bool = False
    """Lexer lint: loose ``==``/``!=``."""
    lint_goto: bool = False
    """Lexer lint: ``goto``."""
    lint_using_namespace_std: bool = False
    """Lexer lint: ``using namespace std`` at top level."""
    lint_unused_locals: bool = False
    """Lexer lint: a ``let``/``const`` (``let mut``) local never used again."""


@dataclass(frozen=True)
class DiagnosisRules:
    """What :mod:`codecanary.diagnose` reads answers with."""

    anti_patterns: tuple[str, ...] = ()
    """Regex sources (alternatives) of the bad habits low-quality fine-tuning data
    teaches: insecure calls, dead code, lint markers. Any match flags the answer."""
    vocabulary: frozenset[str] = frozenset()
    """Words whose consistent garbling in a token diff marks a tokenizer/embedding
    mismatch: the frequent keywords and builtins every answer uses (narrower than
    ``keywords``, whose rare members would dilute the signal). Empty: ``keywords``."""


BusyLines = Callable[[tuple[str, ...], tuple[str, ...], str, float], list[str]]
"""``(params, sizes, step, scale) -> lines``: useless but un-optimizable work at the
top of a function whose parameters are ``params`` and whose argument-size
expressions are ``sizes`` (``step`` is one indent unit, ``scale`` shrinks the fixed
part of the work)."""


@dataclass(frozen=True)
class SimulationRules:
    """Fault-simulation knowledge of the ``simulated`` provider.

    A language without it (or without one field) does not get the fault that needs it.
    """

    wrong_apis: tuple[tuple[str, str], ...] = ()
    """``wrong_api``: (call pattern, plausible name that does not exist). A pattern is
    source text ending in ``(`` (or a property access) whose last name is replaced;
    a leading ``.`` means a method call, a bare name must not follow a ``.``. Each
    name must not exist in the language's standard library, so the answer fails
    (NameError, "cannot find symbol"...) rather than silently doing something else."""
    missing_helper: str | None = None
    """``wrong_api`` without a known call: a call to a helper that was never written."""
    busy_lines: BusyLines | None = None
    """``slowdown``: the useless work added to the entry point."""
    anti_patterns: tuple[str, ...] = ()
    """``data_quality``: lines a model trained on bad data inserts (insecure calls,
    dead code, lint), each harmless to the tests."""
    dynamic: bool = False
    """Wrong answers may use every mutation operator (not only the type-safe ones)."""


class InsecurePattern(NamedTuple):
    """A dangerous shape on one line of code, and the danger it stands for."""

    pattern: Pattern
    danger: str


@dataclass(frozen=True)
class SecurityRules:
    """Insecure-call patterns of the dataset audit's ``insecure`` flag.

    Each pattern is a regex over one line of code (lines that are only a comment are
    skipped). A pattern looks for the *dangerous shape* -- input reaching an
    interpreter, a shell, a deserialiser or a query -- not for every use of a risky
    API: ``eval("1 + 2")`` on a literal and a parameterised query should not match.
    Taint across lines, aliases and reflection are out of reach (known blind spots).
    The audit adds one language-independent pattern (SQL text in a string literal
    concatenated with a value) to every language that declares these rules.
    """

    insecure: tuple[InsecurePattern, ...] = ()


def insecure_patterns(*pairs: tuple[str, str]) -> tuple[InsecurePattern, ...]:
    """``(regex source, danger)`` pairs as compiled :class:`InsecurePattern`\\ s."""
    return tuple(InsecurePattern(re.compile(p), d) for p, d in pairs)


NONLITERAL_ARG = r"(?!\s*(?:[rRbB]?\"[^\"]*\"|[rRbB]?'[^']*')\s*\))"
"""Lookahead: the call's argument is not one plain string literal (a name, a call,
an f-string, a concatenation...); put it right after the ``(``."""


@runtime_checkable
class Language(Protocol):
    """Everything codecanary knows about one language (see the module docstring)."""

    @property
    def name(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def file_extension(self) -> str: ...
    @property
    def fence_aliases(self) -> tuple[str, ...]: ...
    @property
    def running(self) -> RunSpec | None: ...
    @property
    def grammar(self) -> Grammar | None: ...
    @property
    def node_types(self) -> NodeTypes | None: ...
    @property
    def lexer(self) -> LexerRules | None: ...
    @property
    def mutation(self) -> MutationRules | None: ...
    @property
    def extraction(self) -> ExtractionRules | None: ...
    @property
    def count_tests(self) -> CountTests | None: ...
    @property
    def errors(self) -> ErrorSignatures | None: ...
    @property
    def scoring(self) -> ScoringRules | None: ...
    @property
    def keywords(self) -> frozenset[str]: ...
    @property
    def operators(self) -> frozenset[str]: ...
    @property
    def security(self) -> SecurityRules | None: ...
    @property
    def diagnosis(self) -> DiagnosisRules | None: ...
    @property
    def simulation(self) -> SimulationRules | None: ...
    @property
    def extra_extensions(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class LanguageDef:
    """A language as a plain record (what built-ins and most plug-ins register)."""

    name: str
    display_name: str = ""
    file_extension: str = ""
    fence_aliases: tuple[str, ...] = ()
    running: RunSpec | None = None
    grammar: Grammar | None = None
    node_types: NodeTypes | None = None
    lexer: LexerRules | None = None
    mutation: MutationRules | None = None
    extraction: ExtractionRules | None = None
    count_tests: CountTests | None = None
    errors: ErrorSignatures | None = None
    scoring: ScoringRules | None = None
    keywords: frozenset[str] = frozenset()
    operators: frozenset[str] = frozenset()
    security: SecurityRules | None = None
    diagnosis: DiagnosisRules | None = None
    simulation: SimulationRules | None = None
    extra_extensions: tuple[str, ...] = ()
    """More file suffixes of the language, without the dot (``mjs``, ``hpp``)."""


def rx(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with ``re.MULTILINE`` (the line-oriented rules' flag)."""
    return re.compile(pattern, re.M)


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for keyword and operator lists)."""
    return frozenset(text.split())
