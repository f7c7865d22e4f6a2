"""Choosing which fenced blocks make up the answer's program.

Blocks fall in tiers: tagged with the target language (1), untagged or unknown tag
but plausibly the target (2), mis-tagged as text/shell yet clearly the target (3),
a compatible language such as JavaScript for TypeScript (4), another language (5),
shell commands (6) and output or data (7). The best non-empty pool among
{1, 2, 3}, {4}, {5} is used; tiers 6 and 7 never yield code.

Inside the pool, usage examples are dropped, the block that defines the entry
point becomes the main block, and blocks that define names it uses (helpers,
imports) are joined to it in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codecanary.extract.fences import Block
from codecanary.extract.langs import (
    DATA_TAGS,
    OUTPUT_TAGS,
    SHELL_TAGS,
    canonical_language,
    compatible_languages,
    defined_names,
    guess_language,
    identifiers,
)
from codecanary.extract.lines import looks_like_code

_PRINTS = re.compile(
    r"\bprint\(|console\.log|System\.out|fmt\.Print|println!|\bcout\b|\bprintf\(|^[ \t]*>>>"
    r"|^[ \t]*\$[ \t]",
    re.M,
)
_USAGE_PROSE = re.compile(
    r"\b(?:examples?|usage|use it|tests?|testing|output|run it|running|call it|calling|demo"
    r"|sample|how to use|you can use|prints?|driver|try it)\b"
)
_CORRECTION = re.compile(
    r"\b(?:correct(?:ed|ion)?|fix(?:ed)?|updated?|revised?|improved?|final|optimi[sz]ed|better"
    r"|refactored|simplified|cleaner|actually|wait|oops|mistake)\b"
)
_ALTERNATIVE = re.compile(r"\b(?:alternative(?:ly)?|another (?:way|approach)|or you could)\b")
_IMPORT_ONLY = re.compile(
    r"(?:(?:from[ \t]+\S+[ \t]+)?import\b|#[ \t]*include\b|use[ \t]|using[ \t]|package[ \t]|"
    r"\)|//|#(?![ \t]*include))"
)


@dataclass(frozen=True)
class Candidate:
    block: Block
    order: int
    tier: int
    guess: str | None
    names: frozenset[str]
    usage: bool


@dataclass(frozen=True)
class Choice:
    parts: tuple[Candidate, ...]
    main: Candidate
    notes: tuple[str, ...]


def _tier(block: Block, target: str, guess: str | None) -> int:
    tag = block.tag
    lang = canonical_language(tag)
    compatible = compatible_languages(target)
    if lang == target:
        return 1
    if tag in SHELL_TAGS | OUTPUT_TAGS | DATA_TAGS:
        return 3 if guess == target else (6 if tag in SHELL_TAGS else 7)
    if lang is not None:
        return 4 if lang in compatible else 5
    if guess in (None, target):
        return 2 if looks_like_code(block.content) else 7
    return 4 if guess in compatible else 5


def _is_usage(block: Block, target: str, entry: str | None, completion: bool) -> bool:
    content = block.content
    first = next((line for line in content.split("\n") if line.strip()), "")
    if completion and first[:1].isspace():
        return False  # a function body continuing the prompt
    defs = defined_names(content, target, variables=False)
    if entry and entry in defs:
        return False
    real = {d for d in defs if d not in ("main", "Main") and not d.lower().startswith("test")}
    if real:
        return False
    calls_entry = bool(entry) and re.search(rf"\b{re.escape(entry or '')}\s*\(", content)
    return bool(
        calls_entry or _PRINTS.search(content) or _USAGE_PROSE.search(block.before) or defs
    )


def _import_only(content: str) -> bool:
    lines = [line.strip() for line in content.split("\n") if line.strip()]
    return bool(lines) and all(_IMPORT_ONLY.match(line) for line in lines)


def _pick_main(useful: list[Candidate], entry: str | None) -> Candidate:
    defining = [c for c in useful if entry and entry in c.names]
    if defining:
        best = min(c.tier for c in defining)
        defining = [c for c in defining if c.tier == best]
        defining = [c for c in defining if c.block.closed] or defining
        # A later definition replaces the first only when the prose says it corrects it.
        later = [
            c
            for c in defining[1:]
            if _CORRECTION.search(c.block.before) and not _ALTERNATIVE.search(c.block.before)
        ]
        return later[-1] if later else defining[0]
    return max(useful, key=lambda c: (-c.tier, len(c.names), len(c.block.content)))


def choose_blocks(
    blocks: list[Block], target: str, entry: str | None, *, completion: bool
) -> Choice | None:
    """The blocks that make up the program, or None when no block holds code."""
    candidates = []
    for order, block in enumerate(blocks):
        # Guessing costs more than everything else here: skip it when the tag settles it.
        tagged_target = canonical_language(block.tag) == target
        has_code = bool(block.content.strip())
        guess = guess_language(block.content) if has_code and not tagged_target else None
        candidates.append(
            Candidate(
                block,
                order,
                _tier(block, target, guess) if block.content.strip() else 7,
                guess,
                frozenset(defined_names(block.content, target)),
                _is_usage(block, target, entry, completion),
            )
        )
    pool: list[Candidate] = []
    for tiers in ((1, 2, 3), (4,), (5,)):
        pool = [c for c in candidates if c.tier in tiers]
        if pool:
            break
    if not pool:
        return None
    notes: list[str] = []
    useful = [c for c in pool if not c.usage] or pool
    if len(useful) < len(pool):
        notes.append(f"{len(pool) - len(useful)} usage block(s) skipped")
    skipped = sum(1 for c in candidates if c.tier >= 6)
    if skipped:
        notes.append(f"{skipped} shell/output block(s) skipped")
    if any(c.tier == 3 for c in useful):
        notes.append("code found in a block tagged as text or shell")
    main = _pick_main(useful, entry)
    if main.tier in (4, 5):
        lang = canonical_language(main.block.tag) or main.guess or main.block.tag or "unknown"
        kind = "compatible" if main.tier == 4 else "wrong"
        notes.append(f"{kind} language: {lang}")
    chosen = [main]
    changed = True
    while changed:
        changed = False
        have = set().union(*(c.names for c in chosen))
        used = set().union(*(identifiers(c.block.content) for c in chosen))
        for c in useful:
            if c in chosen or (entry and entry in c.names) or (c.names & have):
                continue
            helper = bool(c.names & used)
            dependent = entry is None and c.names and bool(identifiers(c.block.content) & have)
            if helper or dependent or _import_only(c.block.content):
                chosen.append(c)
                changed = True
    if len(chosen) > 1:
        notes.append(f"{len(chosen)} blocks joined")
    return Choice(tuple(sorted(chosen, key=lambda c: c.order)), main, tuple(notes))
