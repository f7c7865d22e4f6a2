"""Size expressions for a function's parameters in Go, Rust, C++ and Java.

The ``slowdown`` fault scales its useless work with the size of the input, so the
extra time grows with the efficiency harness's large input (as a worse algorithm
would) instead of being a constant that disappears in the noise. Python and
JavaScript size their arguments generically (``repr``/``String``); in the typed
languages a parameter counts when its declared type has an obvious length:
``len(xs)`` for Go slices, strings and maps, ``xs.len()`` for Rust vectors, slices
and strings, ``xs.size()`` for C++ standard containers, and a deep string form of
all arguments in Java.
"""

from __future__ import annotations

from codecanary.mutate.source import Source

_CPP_SIZED = ("vector<", "string", "map<", "set<", "unordered_map<", "unordered_set<",
              "deque<", "list<", "array<", "multiset<", "multimap<")
_RUST_SIZED = ("Vec<", "[", "String", "str", "HashMap<", "HashSet<", "BTreeMap<",
               "BTreeSet<", "VecDeque<")


def _groups(src: Source, open_: int, close: int) -> list[list[int]]:
    """Significant-token indices of each comma-separated parameter."""
    inner = src.depth[open_] + 1
    groups: list[list[int]] = [[]]
    angle = 0
    for k in range(open_ + 1, close):
        tok = src.tokens[k]
        if not tok.significant:
            continue
        if k in src.generic:
            angle += 1 if tok.text == "<" else -len(tok.text)
        if tok.text == "," and src.depth[k] == inner and angle == 0:
            groups.append([])
        else:
            groups[-1].append(k)
    return [g for g in groups if g]


def _text(src: Source, group: list[int]) -> str:
    return "".join(src.tokens[k].text for k in group)


def size_terms(src: Source, open_: int, close: int) -> tuple[str, ...]:
    """Expressions (in ``src.language``) giving the sizes of sized parameters."""
    lang = src.language
    groups = _groups(src, open_, close)
    toks = src.tokens
    terms: list[str] = []
    if lang == "go":
        pending: list[str] = []
        for g in groups:
            if len(g) == 1 and toks[g[0]].kind == "ident":
                pending.append(toks[g[0]].text)  # ``a, b []int``: type comes later
                continue
            name, typ = toks[g[0]].text, _text(src, g[1:]).lstrip(".")
            if typ.startswith(("[]", "map[")) or typ == "string":
                terms.extend(f"len({n})" for n in [*pending, name])
            pending = []
    elif lang == "rust":
        for g in groups:
            texts = [toks[k].text for k in g]
            if ":" not in texts:
                continue  # ``self``, ``&mut self``
            colon = texts.index(":")
            name = texts[colon - 1]
            typ = "".join(t for t in texts[colon + 1:]
                          if t not in ("&", "&&", "mut") and not t.startswith("'"))
            if typ.startswith(_RUST_SIZED) and toks[g[colon - 1]].kind == "ident":
                terms.append(f"({name}.len() as u64)")
    elif lang == "cpp":
        for g in groups:
            texts = [toks[k].text for k in g]
            if "=" in texts:
                texts = texts[: texts.index("=")]
            if len(texts) < 2 or toks[g[len(texts) - 1]].kind != "ident" or "*" in texts:
                continue
            typ = "".join(t for t in texts[:-1] if t not in ("const", "&", "&&"))
            if typ.removeprefix("std::").startswith(_CPP_SIZED):
                terms.append(f"{texts[-1]}.size()")
    elif lang == "java":
        names = [toks[g[-1]].text for g in groups
                 if len(g) >= 2 and toks[g[-1]].kind == "ident"]
        if names:
            terms.append("java.util.Arrays.deepToString(new Object[]{"
                         + ", ".join(names) + "}).length()")
    return tuple(terms)
