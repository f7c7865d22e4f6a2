"""Markdown fence parsing tuned for model answers rather than strict CommonMark.

Beyond CommonMark (backtick and tilde fences, 4+ backtick fences, indented fences,
info strings) it accepts what models really write: a fence opened at the end of a
prose line (``Here it is: ```python``), a fence closed at the end of a code line,
a whole block on one line, a tagged fence nested inside a block (a Markdown
template in a string literal), a new tagged fence opened without closing the
previous one, and an unclosed fence at the end of a truncated answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from codecanary.extract.langs import DATA_TAGS, OUTPUT_TAGS, SHELL_TAGS, normalize_tag
from codecanary.extract.langs import canonical_language as _canonical

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_CODE_PUNCT = re.compile(r"[(){}=;\[\]]")


@dataclass(frozen=True)
class Block:
    """One fenced block as written in the answer."""

    tag: str | None
    """Normalized first token of the info string, None when untagged."""
    content: str
    closed: bool
    before: str
    """The prose just before the block, lower-cased (a few lines at most)."""


class _Opener(NamedTuple):
    indent: int
    char: str
    length: int
    tag: str | None
    first_line: str | None
    """Code written on the opener line itself after the info string."""


def _known_tag(token: str) -> bool:
    return bool(_canonical(token)) or token in SHELL_TAGS | OUTPUT_TAGS | DATA_TAGS


def _opener_from(indent: int, fence: str, info: str) -> _Opener | None:
    info = info.strip()
    if fence[0] == "`" and "`" in info:
        return None  # inline code such as ```x``` inside prose, or a one-liner (handled apart)
    if not info:
        return _Opener(indent, fence[0], len(fence), None, None)
    tag = normalize_tag(info)
    if tag and _known_tag(tag):
        rest = info[len(info.split(None, 1)[0]) :].strip()
        # "```python def f(): ..." puts code on the opener line; attributes do not.
        code = rest if rest and _CODE_PUNCT.search(rest) and "=" not in rest[:12] else None
        return _Opener(indent, fence[0], len(fence), tag, code)
    if " " in info or _CODE_PUNCT.search(info):
        return _Opener(indent, fence[0], len(fence), None, info)  # code right after the fence
    return _Opener(indent, fence[0], len(fence), tag, None)


def _trailing_opener(line: str) -> tuple[str, _Opener] | None:
    """``Here is the code: ```python`` -> (prose, opener); linear, no regex backtracking."""
    s = line.rstrip()
    j = len(s)
    while j > 0 and (s[j - 1].isalnum() or s[j - 1] in "+#.-_"):
        j -= 1
    k = j
    while k > 0 and s[k - 1] == "`":
        k -= 1
    if j - k < 3 or k == 0 or not s[:k].strip():
        return None
    tag = s[j:]
    if tag and not tag[0].isalpha():
        return None
    opener = _opener_from(0, s[k:j], tag)
    return (s[:k], opener) if opener else None


def _one_liner(line: str) -> Block | None:
    """```python print(1)``` on a single line, possibly inside a sentence."""
    m = re.search(r"(`{3,})([^`]+)\1", line)
    if not m:
        return None
    inner = m.group(2).strip()
    head = inner.split(None, 1)
    if len(head) == 2 and _known_tag(head[0].lower()):
        return Block(head[0].lower(), head[1], True, "")
    return Block(None, inner, True, "") if _CODE_PUNCT.search(inner) else None


def _is_closer(stripped: str, op: _Opener) -> bool:
    return len(stripped) >= op.length and stripped == op.char * len(stripped)


def _scan(
    lines: list[str], start: int, op: _Opener, lenient: bool
) -> tuple[int, bool, list[str], bool]:
    """Read a block's lines from ``start``: (next index, closed, lines, guessed).

    ``lenient`` reads fences that look like string content as content: a tagged
    opener nests (a Markdown template in a string), and a bare closer while a
    triple-quoted string is open does not close. ``guessed`` reports that one of
    these guesses was made; if the block then never closes, the caller re-reads it
    strictly, where a tagged opener ends the block (the model forgot to close it).
    """
    depth = 0
    guessed = False
    quotes = 0  # parity of triple quotes seen, to tell a closer inside a string
    content: list[str] = []
    fence = op.char * op.length
    for j in range(start, len(lines)):
        line = lines[j]
        stripped = line.strip()
        if _is_closer(stripped, op):
            if depth == 0 and not (lenient and quotes % 2):
                return j + 1, True, content, guessed
            guessed = True
            depth = max(depth - 1, 0)
        elif (
            stripped.startswith(fence)
            and (inner := _OPEN.match(line))
            and inner["fence"][0] == op.char
            and inner["info"].strip()
        ):
            # Only a fence at least as long as ours can nest (shorter ones are plain text).
            if not lenient:
                return j, True, content, guessed  # a new block opened without closing this one
            depth += 1
            guessed = True
        elif (
            op.char == "`"
            and depth == 0
            and stripped.endswith(fence)
            and not stripped.endswith("`" + fence)
            and len(stripped) > len(fence)
        ):
            content.append(line.rstrip()[: -len(fence)])
            return j + 1, True, content, guessed
        if '"""' in line or "'''" in line:
            quotes += line.count('"""') + line.count("'''")
        content.append(line)
    return len(lines), False, content, guessed


def _dedent(lines: list[str], indent: int) -> list[str]:
    if not indent:
        return lines
    out = []
    for line in lines:
        cut = 0
        while cut < indent and cut < len(line) and line[cut] in " \t":
            cut += 1
        out.append(line[cut:])
    return out


def _prose_before(outside: list[str]) -> str:
    recent = [line.strip() for line in outside[-6:] if line.strip()][-3:]
    return " ".join(recent)[-300:].lower()


def parse_fences(text: str) -> tuple[list[Block], str]:
    """All fenced blocks of ``text`` in order, and the text outside them."""
    lines = text.split("\n")
    blocks: list[Block] = []
    outside: list[str] = []
    since_block: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _OPEN.match(line) if "``" in line or "~~" in line else None
        op = _opener_from(len(m["indent"]), m["fence"], m["info"]) if m else None
        prose = ""
        if op is None and line.count("```") >= 2:
            single = _one_liner(line)
            if single is not None:
                blocks.append(Block(single.tag, single.content, True, _prose_before(since_block)))
                since_block = []
                i += 1
                continue
        if op is None and "```" in line and (trailing := _trailing_opener(line)):
            prose, op = trailing
        if op is None:
            outside.append(line)
            since_block.append(line)
            i += 1
            continue
        if prose:
            outside.append(prose)
            since_block.append(prose)
        end, closed, content, guessed = _scan(lines, i + 1, op, lenient=True)
        if guessed and not closed:
            end, closed, content, _ = _scan(lines, i + 1, op, lenient=False)
        if op.first_line is not None:
            content = [op.first_line, *content]
        content = _dedent(content, op.indent)
        blocks.append(Block(op.tag, "\n".join(content), closed, _prose_before(since_block)))
        since_block = []
        i = max(end, i + 1)
    return blocks, "\n".join(outside)
