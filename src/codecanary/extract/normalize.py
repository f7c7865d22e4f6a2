"""Text clean-up before extraction: line endings and reasoning preambles."""

from __future__ import annotations

import re
from typing import NamedTuple

# Closing markers of a reasoning section; everything before the last one is reasoning.
# Covers <think> (DeepSeek-R1, Qwen3), <thinking>/<reasoning>/<reflection> (prompted),
# <|end_of_thought|> (Sky-T1/OpenThoughts) and ◁/think▷ (Kimi).
_REASONING_CLOSE = re.compile(
    r"</\s*(?:think|thinking|reasoning|thought|reflection|scratchpad|analysis)\s*>"
    r"|<\|end_of_thought\|>|◁/think▷",
    re.I,
)
_REASONING_OPEN = re.compile(
    r"<\s*(?:think|thinking|reasoning|thought|reflection|scratchpad|analysis)\s*>"
    r"|<\|begin_of_thought\|>|◁think▷",
    re.I,
)
_ANSWER_TAGS = re.compile(
    r"<\|begin_of_solution\|>|<\|end_of_solution\|>|</?\s*(?:answer|solution|final_answer)\s*>",
    re.I,
)
# gpt-oss "harmony" format: the final channel follows the analysis channel.
_HARMONY_FINAL = "<|channel|>final<|message|>"
_HARMONY_TAIL = re.compile(r"<\|(?:end|return|call)\|>.*", re.S)


class Split(NamedTuple):
    """An answer separated from its reasoning."""

    answer: str
    reasoning: str
    notes: tuple[str, ...]


def coerce_text(text: object) -> str:
    """Any input as text: bytes are decoded leniently, None is empty."""
    if isinstance(text, str):
        return text
    if isinstance(text, bytes | bytearray):
        return bytes(text).decode("utf-8", errors="replace")
    return "" if text is None else str(text)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM and NULs go (no toolchain accepts them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff").replace("\x00", "")


def split_reasoning(text: str) -> Split:
    """Separate a reasoning preamble from the answer proper.

    A closing tag without an opening one counts too: chat templates often put the
    opening ``<think>`` in the prompt. An opening tag that never closes means the
    answer was cut off while reasoning: the whole rest is reasoning.
    """
    notes: list[str] = []
    reasoning = ""
    if _HARMONY_FINAL in text:
        head, _, text = text.rpartition(_HARMONY_FINAL)
        reasoning = head
        text = _HARMONY_TAIL.sub("", text)
        notes.append("reasoning channel removed")
    closes = list(_REASONING_CLOSE.finditer(text))
    last_close = closes[-1] if closes else None
    if last_close is not None:
        reasoning += text[: last_close.start()]
        text = text[last_close.end() :]
        notes.append("reasoning block removed")
    else:
        opened = _REASONING_OPEN.search(text)
        if opened is not None:
            reasoning += text[opened.end() :]
            text = text[: opened.start()]
            notes.append("unclosed reasoning block")
    if _ANSWER_TAGS.search(text):
        text = _ANSWER_TAGS.sub("", text)
    return Split(text, _REASONING_OPEN.sub("", reasoning), tuple(notes))
