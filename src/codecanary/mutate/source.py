"""A tokenized source with the navigation helpers the mutation operators share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from codecanary import languages
from codecanary.languages.base import MutationRules
from codecanary.mutate.lexer import Token, lexer_rules, tokenize

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
# Tokens that can sit between generic angle brackets (``Map<String, List<int[]>>``).
_GENERIC_INNER = {",", "::", ".", "[", "]", "&", "*", "?", "(", ")", "->", "=>", ":", "|", "'"}


def mutation_rules(language: str) -> MutationRules | None:
    """The registered mutation rules of ``language`` (None: it has none, or is unknown)."""
    found = languages.find(language)
    return found.mutation if found is not None else None


@dataclass(frozen=True)
class Edit:
    """Replace tokens ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str


@dataclass
class Source:
    """Tokens of one program plus bracket depths and generic-bracket positions."""

    text: str
    language: str
    tokens: list[Token] = field(init=False)
    sig: list[int] = field(init=False)
    """Indices (into ``tokens``) of significant tokens, in order."""
    depth: list[int] = field(init=False)
    """Bracket depth before each token."""
    generic: set[int] = field(init=False)
    """Indices of ``<``, ``>``, ``>>`` tokens that are generic brackets."""
    rules: MutationRules = field(init=False)
    """The language's mutation rules (C-like defaults when it declares none)."""

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.text, self.language)
        self.rules = mutation_rules(self.language) or MutationRules()
        self.sig = [i for i, t in enumerate(self.tokens) if t.significant]
        self.depth = []
        d = 0
        for tok in self.tokens:
            self.depth.append(d)
            if tok.kind == "op" and tok.text in _OPEN:
                d += 1
            elif tok.kind == "op" and tok.text in _CLOSE:
                d -= 1
        self._sig_pos = {ti: k for k, ti in enumerate(self.sig)}
        self.generic = self._find_generics() if self.rules.generics else set()

    @property
    def lifetimes(self) -> bool:
        """``'a`` is a lifetime (Rust), which may sit between generic brackets."""
        lexer = lexer_rules(self.language)
        return lexer is not None and lexer.rust_literals

    def prev_sig(self, i: int, steps: int = 1) -> Token | None:
        """The significant token ``steps`` before token ``i`` (which may be insignificant)."""
        k = self._sig_index_before(i) - (steps - 1)
        return self.tokens[self.sig[k]] if 0 <= k < len(self.sig) else None

    def prev_sig_index(self, i: int) -> int | None:
        """Index of the last significant token before token ``i``."""
        k = self._sig_index_before(i)
        return self.sig[k] if k >= 0 else None

    def next_sig_index(self, i: int) -> int | None:
        """Index of the first significant token after token ``i``."""
        for j in range(i + 1, len(self.tokens)):
            if self.tokens[j].significant:
                return j
        return None

    def _sig_index_before(self, i: int) -> int:
        # Binary search over significant indices for the last one < i.
        lo, hi = 0, len(self.sig)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sig[mid] < i:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def match_close(self, i: int) -> int | None:
        """Index of the bracket closing the one at token ``i``."""
        want = self.depth[i]
        for j in range(i + 1, len(self.tokens)):
            tok = self.tokens[j]
            if tok.kind == "op" and tok.text in _CLOSE and self.depth[j] == want + 1:
                return j
        return None

    def apply(self, edits: Iterable[Edit]) -> str:
        """The source with ``edits`` (non-overlapping) applied."""
        out: list[str] = []
        pos = 0
        for edit in sorted(edits, key=lambda e: e.start):
            out.extend(t.text for t in self.tokens[pos:edit.start])
            out.append(edit.text)
            pos = max(pos, edit.end)
        out.extend(t.text for t in self.tokens[pos:])
        return "".join(out)

    def span_text(self, start: int, end: int) -> str:
        return "".join(t.text for t in self.tokens[start:end])

    def offset(self, i: int) -> int:
        """Character offset at which token ``i`` starts."""
        return sum(len(t.text) for t in self.tokens[:i])

    def _find_generics(self) -> set[int]:
        """Angle brackets that open a generic argument list (a heuristic, no parser).

        ``<`` after an identifier (or ``::``/``template``) opens a generic when the
        tokens up to its matching ``>`` could only be types: names, commas, ``::``,
        pointers/references and nested brackets. Anything else (``;``, ``&&``, ``=``,
        arithmetic, an unbalanced ``)``) means it was a comparison.
        """
        found: set[int] = set()
        toks = self.tokens
        for k, ti in enumerate(self.sig):
            if toks[ti].text != "<" or ti in found or k == 0:
                continue
            prev = toks[self.sig[k - 1]]
            if not (prev.kind == "ident" or prev.text == "::"):
                continue
            if prev.text in ("return", "if", "while", "operator"):
                continue
            angle, paren, members = 1, 0, [ti]
            for tj in self.sig[k + 1:]:
                tok = toks[tj]
                if tok.kind in ("ident", "number") or (tok.kind == "string"
                                                        and self.language == "typescript"):
                    continue
                text = tok.text
                if text == "<":
                    angle += 1
                elif text in (">", ">>", ">>>"):
                    angle -= len(text)
                elif text in ("(", "["):
                    paren += 1
                elif text in (")", "]"):
                    paren -= 1
                    if paren < 0:
                        break
                elif text not in _GENERIC_INNER or (text == "'" and not self.lifetimes):
                    break
                if text in ("<", ">", ">>", ">>>"):
                    members.append(tj)
                if angle <= 0:
                    if angle == 0:
                        found.update(members)
                    break
        return found
