"""The ``simulated`` provider: offline, deterministic answers built from reference solutions.

For each call it draws — from streams seeded by ``(seed, task id, sample index,
logical day)`` — whether the answer is correct (probability: the task's
difficulty-derived pass probability), answers the reference or a realistic wrong
variant (a mutant), then applies each active scheduled fault with its rate. What
comes out is a chat-style answer holding real code; whether it passes is for the
sandbox to find out.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Mapping
from datetime import UTC
from typing import Any, ClassVar

from codecanary import languages
from codecanary.mutate import lexed_languages
from codecanary.providers.base import GenerateRequest, ProviderBase, ProviderError, Response
from codecanary.providers.simulated import faults, training
from codecanary.providers.simulated.difficulty import stream, task_probability
from codecanary.providers.simulated.options import FaultSpec, SimulatedOptions, parse_options

_OPENERS = (
    "Here is an implementation of `{ep}`:",
    "Sure! Here's a {lang} solution:",
    "The following {lang} code solves the task.",
    "Here's one way to implement `{ep}` in {lang}:",
    "This should do it:",
)
_CLOSERS = ("", "", "\nIt handles the edge cases described in the prompt.",
            "\nLet me know if you need any changes.")


class SimulatedProvider(ProviderBase):
    """A model that is right with a per-task probability and fails in scripted ways.

    Args:
        model: Subject's model name (only recorded; the reported id encodes skill and seed).
        options: ``seed``, ``skill``, ``latency``, ``faults`` (see
            :class:`~codecanary.providers.simulated.options.SimulatedOptions`).

    Raises:
        ProviderConfigError: invalid options (one line).
    """

    name: ClassVar[str] = "simulated"

    def __init__(self, *, model: str = "simulated", options: Mapping[str, Any] | None = None
                 ) -> None:
        self.model = model
        self.options: SimulatedOptions = parse_options(options or {})

    @property
    def model_id(self) -> str:
        return f"simulated-{self.options.skill:g}-{self.options.seed}"

    async def generate(self, request: GenerateRequest) -> Response:
        started = time.perf_counter()
        meta = request.metadata
        reference = meta.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            raise ProviderError(
                f"simulated provider needs the task's reference solution (task {request.task_id} "
                "has none in request metadata 'reference')", retryable=False)
        language = str(meta.get("language") or request.language)
        if language not in lexed_languages():
            raise ProviderError(
                f"simulated provider cannot answer {language!r} tasks "
                f"(supported: {', '.join(lexed_languages())})", retryable=False)
        text, finish = self.answer(request, reference, language)
        if self.options.latency > 0:
            await asyncio.sleep(self.options.latency)
        prompt_words = len(request.prompt.split()) + len((request.system or "").split())
        return Response(
            text=text, model=self.model_id, finish_reason=finish, tokens_in=prompt_words,
            tokens_out=len(text.split()), latency_s=time.perf_counter() - started,
        )

    def answer(self, request: GenerateRequest, reference: str, language: str
               ) -> tuple[str, str]:
        """The response text and finish reason for one call (pure, no sleeping)."""
        opts = self.options
        meta = request.metadata
        categories = tuple(str(c) for c in meta.get("categories") or ())
        entry_point = str(meta.get("entry_point") or "")
        when = request.logical_time
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)  # naive means UTC, never the host's zone
        day = when.astimezone(UTC).date().isoformat() if when is not None else "-"
        key = (opts.seed, request.task_id, request.sample_index, day)

        def fault_draw(index: int, fault: FaultSpec) -> bool:
            return (fault.active(when, language, categories)
                    and stream(*key, "fault", index, fault.kind).random() < fault.rate)

        fired = [(i, f) for i, f in enumerate(opts.faults) if fault_draw(i, f)]
        kinds = {f.kind for _, f in fired}

        p = task_probability(opts.seed, request.task_id, opts.skill, opts.spread)
        correct = stream(*key, "pass").random() < p and "forgetting" not in kinds
        difficulty = str(meta.get("difficulty") or "") or None
        for i, fault in enumerate(opts.faults):
            # forgetting's narrow gain: the improved slice is answered right at ``rate``.
            if (fault.kind == "forgetting" and not correct
                    and fault.improves(when, language, categories, difficulty)
                    and stream(*key, "improve", i).random() < fault.rate):
                correct = True
        code = reference
        if not correct:
            variant = faults.wrong_variant(reference, language, stream(*key, "variant"))
            code = variant.source if variant is not None else faults.wrong_api(
                reference, language, stream(*key, "variant"), entry_point)
        for i, fault in fired:
            rng = stream(*key, "apply", i, fault.kind)
            if fault.kind == "bug_injection":
                bug = faults.wrong_variant(code, language, rng, operators=faults.BUG_OPERATORS)
                code = bug.source if bug is not None else code
            elif fault.kind == "wrong_api":
                code = faults.wrong_api(code, language, rng, entry_point)
            elif fault.kind == "slowdown":
                code = faults.slow_down(code, language, entry_point) or code
            elif fault.kind == "data_quality":
                code = training.degrade(code, language, rng, entry_point)
        for i, fault in fired:
            if fault.kind == "token_corruption":
                code = faults.corrupt_tokens(code, language, stream(*key, "apply", i, fault.kind))
            elif fault.kind == "tokenizer_mismatch":
                code = training.remap_tokens(code, language, stream(*key, "apply", i, fault.kind))

        text, code_start = self._format(request, code, language, entry_point,
                                        stream(*key, "format"))
        for i, fault in fired:
            if fault.kind == "truncation":
                rng = stream(*key, "apply", i, fault.kind)
                return faults.truncate(text, rng, code_start=code_start), "length"
        return text, "stop"

    def _format(self, request: GenerateRequest, code: str, language: str, entry_point: str,
                rng: random.Random) -> tuple[str, int]:
        """Wrap code as a chat answer; returns the text and where the code starts in it."""
        prompt = request.prompt
        prefix_ok = bool(request.metadata.get("prompt_is_code_prefix")) and code.startswith(prompt)
        if prefix_ok and rng.random() < self.options.continuation_rate:
            return code[len(prompt):], 0
        found = languages.find(language)
        display = found.display_name if found is not None and found.display_name else language
        opener = rng.choice(_OPENERS).format(ep=entry_point or "the function", lang=display)
        head = f"{opener}\n\n```{language}\n"
        closer = rng.choice(_CLOSERS)
        return f"{head}{code.rstrip()}\n```\n{closer}", len(head)

