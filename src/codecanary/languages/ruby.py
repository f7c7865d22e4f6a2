"""Ruby 3: everything codecanary knows about it.

Running: ``main.rb`` = code, a blank line, then the tests, run by ``ruby`` (gems
disabled: the panel uses the standard library only). A harness reports a failed
check on stderr (``FAIL ...``) and exits non-zero (``exit(1)``), like the others.

Not covered (no signal, documented in ``docs/languages.md``): heredocs and
``%w[]``-style literals are lexed as code (mutations may land inside them; the
mutant then fails to parse or dies, which ``suites validate`` reports as killed);
``=begin``/``=end`` comments; a candidate's own ``if __FILE__ == $0`` driver is
not stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codecanary.languages.base import (
    ErrorSignatures,
    ExtractionRules,
    Grammar,
    LanguageDef,
    LexerRules,
    MutationRules,
    NodeTypes,
    ScoringRules,
    SecurityRules,
    insecure_patterns,
    rx,
    words,
)
from codecanary.languages.running import RunSpec


@dataclass(frozen=True)
class RubyRun(RunSpec):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        return {self.main_file: f"{code.rstrip()}\n\n{tests.strip()}\n"}


RUN = RubyRun(
    name="ruby",
    main_file="main.rb",
    run_argv=("ruby", "--disable-gems", "main.rb"),
    toolchain=("ruby",),
    env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/work"},
    address_space_extra_mb=512,
)

VARIABLE = rx(r"^(\w+)[ \t]*=(?![=~>])")
EXTRACTION = ExtractionRules(
    features=(
        (rx(r"^[ \t]*def[ \t]+(?:self\.)?\w+[?!]?(?:[ \t]*\([^)\n]*\))?[ \t]*$"), 4),
        (rx(r"^[ \t]*end[ \t]*$"), 1.5),
        (rx(r"\bdo[ \t]*\|[^|\n]*\||\{[ \t]*\|[\w, ]+\|"), 2),
        (rx(r"^[ \t]*(?:require|require_relative)[ \t]+['\"]|\battr_(?:reader|accessor)\b"
            r"|\belsif\b|\bunless\b|\.each_with_object\b|\bputs\b|&:\w+|\bnil\b"), 1.5),
    ),
    definitions=(
        rx(r"^def[ \t]+(?:self\.)?(\w+[?!]?)|^(?:class|module)[ \t]+(\w+)"),
        rx(r"^[ \t]+def[ \t]+(?:self\.)?(\w+[?!]?)"),
        VARIABLE,
    ),
    variables=(VARIABLE,),
    function_values=rx(r"^(\w+)[ \t]*=[ \t]*(?:->|lambda\b|proc\b|Proc\.new\b)"),
    # Block keywords and bare statements that read like one-word prose to the
    # generic classifier; matched against a stripped line.
    code_lines=rx(
        r"^(?:end|begin|ensure|else|then|redo|retry|private|protected|public)(?:[ \t]*#.*)?$"
        r"|^(?:elsif|unless|until|when|rescue|module|require|require_relative|include|extend"
        r"|attr_(?:reader|writer|accessor)|raise|yield|next|loop|puts|case)\b"
        r"|^def[ \t]+(?:self\.)?\w+[?!=]?"
        r"|^class[ \t]+[A-Z]\w*(?:::\w+)*(?:[ \t]*<[ \t]*[A-Z][\w:]*)?[ \t]*$"
        r"|\bdo(?:[ \t]*\|[^|]*\|)?[ \t]*$|\{[ \t]*\|[^|]*\|"),
)

SCORING = ScoringRules(
    lint_empty_catch=True,
    common_form=re.compile(r"^\s*(?:def\s+[\w.]+[?!]?|end)\s*$", re.MULTILINE),
    lint="lexer rules",
    mutating_methods=frozenset({
        # Array
        "push", "append", "pop", "shift", "unshift", "prepend", "insert", "delete",
        "delete_at", "delete_if", "keep_if", "clear", "concat", "fill", "replace",
        "sort!", "sort_by!", "map!", "collect!", "select!", "filter!", "reject!", "uniq!",
        "reverse!", "compact!", "flatten!", "shuffle!", "rotate!", "slice!",
        # Hash
        "store", "merge!", "update", "compare_by_identity", "default=",
        # Set, String
        "add", "add?", "subtract", "<<", "upcase!", "downcase!", "strip!", "gsub!", "sub!",
        "squeeze!", "chomp!", "force_encoding",
    }),
    accessors=frozenset({"fetch", "dig", "first", "last", "[]"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\((?:NoMethodError|NameError|LoadError)\)",
                r"\bundefined (?:local variable or )?method\b|\buninitialized constant\b"),
    syntax=(r"\(SyntaxError\)|: syntax errors? found\b|\bsyntax error, unexpected\b",),
    crash=(r"\((?:ZeroDivisionError|TypeError|ArgumentError|FrozenError|KeyError|IndexError"
           r"|RangeError|FloatDomainError|StopIteration|SystemStackError|NoMatchingPatternError"
           r"|Encoding::\w+)\)$",
           r"stack level too deep",),
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import ruby_counting

    return ruby_counting.instrument(tests, marker)


# Ruby's dangerous shapes. A string is "input" when it interpolates (``"#{x}"``) or is
# not a literal at all; a literal without ``#{`` is left alone. Blind spots beyond the
# shared ones: heredocs (``class_eval <<~RUBY``), ``Kernel#open("|cmd")``,
# ``constantize``, and Psych 4 (Ruby 3.1+) where ``YAML.load`` is already safe: flagged
# anyway, as datasets mix Ruby versions and ``safe_load`` says what is meant.
_INTERPOLATED = r"\"[^\"\n]*#\{"
SECURITY = SecurityRules(insecure=insecure_patterns(
    (r"(?:(?<![\w.:])eval|\b(?:instance|class|module)_eval)(?:\s*\(\s*|\s+)(?!do\b)"
     r"(?!(?:\"[^\"#]*\"|'[^']*')\s*(?:[),]|$))[\w@$:\"'`%]",
     "eval/instance_eval of a non-literal"),
    (rf"(?:(?<![\w.:])|\bKernel\.)(?:system|exec|spawn)(?:\s*\(\s*|\s+){_INTERPOLATED}",
     "shell command built by interpolation"),
    (rf"\b(?:Open3\.\w+|IO\.popen)\s*\(?\s*{_INTERPOLATED}",
     "shell command built by interpolation"),
    (r"`[^`]*#\{|%x[(\[{<|!/][^\n]*#\{", "backticks/%x with interpolation run a shell"),
    (r"\bMarshal\.(?:load|restore)\b", "Marshal.load (runs code from the data)"),
    (r"\b(?:YAML|Psych)\.(?:unsafe_)?load\b", "YAML.load (not safe_load) builds any object"),
    (r"\.(?:public_)?send\s*\(?\s*(?:params\b|request\.|ARGV\b|gets\b|STDIN\b|\$stdin\b)",
     "send with a method name from user input"),
    (rf"\.(?:where|find_by_sql|execute|exec_query|select_all|select_value|query|order|having"
     rf"|joins|from|pluck)\s*\(?\s*{_INTERPOLATED}", "SQL built by string interpolation"),
    (r"\"(?i:\s*(?:SELECT\s[^\"]*\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM))"
     r"[^\"]*#\{", "SQL built by string interpolation"),
))


RUBY = LanguageDef(
    name="ruby",
    display_name="Ruby",
    file_extension="rb",
    fence_aliases=("ruby", "rb", "irb", "jruby"),
    running=RUN,
    grammar=Grammar("tree_sitter_ruby"),
    node_types=NodeTypes(
        loops=frozenset({"while", "until", "for", "while_modifier", "until_modifier"}),
        functions=frozenset({"method", "singleton_method"}),
        classes=frozenset({"class", "module"}),
        calls=frozenset({"call"}),
    ),
    lexer=LexerRules(hash_comments=True, block_comments=False, single_quote_strings=True,
                     multiline_strings=True, regex_literals=True,
                     extra_operators=frozenset({"<=>", "||=", "&&=", "=~", "!~"})),
    mutation=MutationRules(conditions="line", statements="line", increments=False,
                           inheritance_lt=True,
                           non_value_words=frozenset({"rescue", "unless", "until", "elsif",
                                                      "when", "then"})),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    keywords=words(
        "BEGIN END __ENCODING__ __END__ __FILE__ __LINE__ alias and begin break case class "
        "def defined? do else elsif end ensure false for if in module next nil not or redo "
        "rescue retry return self super then true undef unless until when while yield"),
    operators=words(
        "+ - * / % ** = += -= *= /= %= **= == != > < >= <= <=> === =~ !~ && || ! & | ^ ~ << "
        ">> &&= ||= &= |= ^= <<= >>= .. ... :: . , ; ? : -> => &. ( ) [ ] { } |"),
)
