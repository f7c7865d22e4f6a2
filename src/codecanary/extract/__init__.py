"""Code extraction from chat and completion responses.

``extract_code`` turns a model's raw answer into the program text to execute.
It is total: any string gives an :class:`Extraction`, never an exception, and an
answer without code gives ``code == ""`` with ``method == ExtractionMethod.NONE``.

Order of work: normalise line endings; set reasoning (``<think>...</think>`` and
kin) aside; take fenced blocks if there are any (see ``select``), else the code
lines of the unfenced text; continue a code-prefix prompt (HumanEval) when the
task has one; drop the candidate's own ``main`` driver, which would collide with
the harness's. If the answer proper holds no code, the reasoning is searched.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from codecanary.extract.fences import parse_fences
from codecanary.extract.langs import canonical_language, entry_name, guess_language
from codecanary.extract.lines import extract_unfenced
from codecanary.extract.normalize import coerce_text, normalize_newlines, split_reasoning
from codecanary.extract.program import continue_prompt, go_program, strip_main
from codecanary.extract.select import choose_blocks


class ExtractionMethod(StrEnum):
    """Where the code came from."""

    FENCED = "fenced"
    """One or more closed fenced blocks."""
    FENCED_UNCLOSED = "fenced_unclosed"
    """A fence that never closes (usually a truncated answer) supplied code."""
    COMPLETION = "completion"
    """The unfenced answer continues a code-prefix prompt (prompt + answer)."""
    RAW = "raw"
    """Unfenced code, prose around it removed."""
    NONE = "none"
    """No code found."""


@dataclass(frozen=True)
class Extraction:
    """The result of extracting code from one response."""

    code: str
    """The program text to execute ("" when there is none), ending in one newline."""
    method: ExtractionMethod
    n_blocks: int
    """Fenced blocks in the answer (reasoning excluded)."""
    fence_language: str | None
    """Canonical language of the main block's fence tag (raw tag if unknown; None if untagged)."""
    prompt_prefixed: bool = False
    """True when the code starts with (part of) the prompt the model continued."""
    notes: tuple[str, ...] = ()

    @cached_property
    def detected_language(self) -> str | None:
        """Language guessed from the code itself, None when unclear.

        Computed on first use: guessing costs more than the rest of extraction,
        and the runner needs it only to tell ``wrong_language`` failures apart.
        """
        return guess_language(self.code) if self.code else None

    @property
    def empty(self) -> bool:
        """True when there is nothing to execute."""
        return not self.code.strip()


def _finish(code: str) -> str:
    lines = code.rstrip().split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines) + "\n" if lines else ""


def _from_answer(
    answer: str, language: str, prompt: str | None, prefix: bool, entry: str | None
) -> Extraction:
    notes: list[str] = []
    blocks, outside = parse_fences(answer)
    choice = choose_blocks(blocks, language, entry, completion=prefix) if blocks else None
    fence_language: str | None = None
    verbatim = False
    if choice is not None:
        parts = [c.block.content for c in choice.parts]
        closed = all(c.block.closed for c in choice.parts)
        method = ExtractionMethod.FENCED if closed else ExtractionMethod.FENCED_UNCLOSED
        tag = choice.main.block.tag
        fence_language = canonical_language(tag) or tag
        notes.extend(choice.notes)
        if not closed:
            notes.append("unclosed fence")
    else:
        if blocks:
            notes.append("no code in fenced blocks")
        text = outside if blocks else answer
        if prefix and prompt and not blocks and text.strip():
            # A completion: keep its indentation; strip prose only if some is there.
            code, trimmed = extract_unfenced(text, language=language, dedent=False)
            verbatim = bool(code.strip()) and not trimmed
            parts = [text if verbatim else code]
            method = ExtractionMethod.COMPLETION
        else:
            code, trimmed = extract_unfenced(text, language=language)
            parts = [code]
            method = ExtractionMethod.RAW
            if trimmed:
                notes.append("prose removed")
        if not "".join(parts).strip():
            notes.append("no code found")
            return Extraction("", ExtractionMethod.NONE, len(blocks), None, notes=tuple(notes))
    prefixed = False
    if prefix and prompt:
        joined = "\n\n".join(parts)
        program, note = continue_prompt(joined, prompt, language, entry, verbatim=verbatim)
        prefixed = program != joined
        if note:
            notes.append(note)
        parts = [program]
        if method is ExtractionMethod.COMPLETION and note != "continues the prompt":
            method = ExtractionMethod.RAW  # the answer is a whole program, not a continuation
    if language == "go":
        stripped = [strip_main(p, language) for p in parts]
        removed = any(r for _, r in stripped)
        code, rewritten = go_program([p for p, _ in stripped], prune_imports=removed)
        if rewritten:
            notes.append("go file assembled")
    else:
        code, removed = strip_main("\n\n".join(parts), language)
    if removed:
        notes.append("own main removed")
    code = _finish(code)
    return Extraction(
        code,
        method,
        len(blocks),
        fence_language,
        prefixed,
        tuple(notes),
    )


def _extract(
    text: object,
    language: str,
    prompt: str | None,
    prefix: bool,
    entry_point: str | None,
) -> Extraction:
    target = canonical_language(language) or (language or "").strip().lower()
    entry = entry_name(entry_point)
    normalized = normalize_newlines(coerce_text(text))
    if not normalized.strip():
        return Extraction("", ExtractionMethod.NONE, 0, None, notes=("empty answer",))
    prompt_text = normalize_newlines(coerce_text(prompt)) if prompt else None
    split = split_reasoning(normalized)
    result = _from_answer(split.answer, target, prompt_text, prefix, entry)
    notes = split.notes + result.notes
    if result.method is ExtractionMethod.NONE and split.reasoning.strip():
        fallback = _from_answer(split.reasoning, target, prompt_text, prefix, entry)
        if fallback.method is not ExtractionMethod.NONE:
            result = fallback
            notes = (*split.notes, "code taken from reasoning", *fallback.notes)
    return Extraction(
        result.code,
        result.method,
        result.n_blocks,
        result.fence_language,
        result.prompt_prefixed,
        notes,
    )


def extract_code(
    text: str,
    *,
    language: str,
    prompt: str | None = None,
    prompt_is_code_prefix: bool = False,
    entry_point: str | None = None,
) -> Extraction:
    """Extract the program to execute from a model's response.

    Args:
        text: The raw response (any string; bytes and None are tolerated too).
        language: The task's language (``python``, ``cpp``, ``ts``... aliases accepted).
        prompt: The task prompt; used only when ``prompt_is_code_prefix`` is true.
        prompt_is_code_prefix: The prompt is the start of the program (HumanEval):
            a body-only answer is appended to it, a repeated prompt is not doubled.
        entry_point: Name of the function the tests call; picks the block that
            defines it. Taken from the prompt when it is a code prefix and None.

    Returns:
        The extraction; it never raises.
    """
    try:
        return _extract(text, language, prompt, prompt_is_code_prefix, entry_point)
    except Exception as exc:  # extraction is total: a bug here must not lose a sample
        return Extraction(
            "", ExtractionMethod.NONE, 0, None, notes=(f"extractor error: {type(exc).__name__}",)
        )


__all__ = ["Extraction", "ExtractionMethod", "canonical_language", "extract_code"]
