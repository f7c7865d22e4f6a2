"""Validated options of the ``simulated`` provider (a subject's ``options`` table)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from codecanary.providers.base import ProviderConfigError

FaultKind = Literal[
    "token_corruption", "bug_injection", "truncation", "wrong_api", "forgetting", "slowdown",
    "tokenizer_mismatch", "data_quality",
]


def _as_utc(value: object) -> object:
    """Dates mean midnight UTC; naive datetimes are taken as UTC."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = (datetime.fromisoformat(text) if "T" in text or " " in text
                     else date.fromisoformat(text))
        except ValueError:
            return value  # pydantic reports it
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    return value


class FaultSpec(BaseModel):
    """One scheduled fault: active for logical times in ``[start, end)``.

    ``languages`` and ``categories`` (when given) restrict it to tasks in one of
    those languages *and* having one of those categories. ``improve`` (``forgetting``
    only) names slices that get *better* while the fault is active — the narrow gain
    that catastrophic forgetting buys: ``language:go``, ``category:loops``,
    ``difficulty:hard`` or a bare language or category name.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FaultKind
    rate: float = Field(ge=0.0, le=1.0)
    languages: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    start: datetime | None = None
    end: datetime | None = None
    improve: tuple[str, ...] | None = None

    _utc = field_validator("start", "end", mode="before")(_as_utc)

    def in_window(self, when: datetime | None) -> bool:
        """Whether ``when`` lies in ``[start, end)`` (no window: always)."""
        if self.start is None and self.end is None:
            return True
        if when is None:
            return False
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        return not ((self.start is not None and when < self.start)
                    or (self.end is not None and when >= self.end))

    def improves(self, when: datetime | None, language: str, categories: tuple[str, ...],
                 difficulty: str | None = None) -> bool:
        """Whether this call falls in one of the ``improve`` slices while active."""
        if not self.improve or not self.in_window(when):
            return False
        names = {language, f"language:{language}", *categories,
                 *(f"category:{c}" for c in categories)}
        if difficulty:
            names |= {f"difficulty:{difficulty}"}
        return bool(names & set(self.improve))

    def active(self, when: datetime | None, language: str, categories: tuple[str, ...]) -> bool:
        """Whether the fault applies to this call.

        A call with no logical time only sees faults without a time window.
        """
        if self.start is not None or self.end is not None:
            if when is None:
                return False
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            if self.start is not None and when < self.start:
                return False
            if self.end is not None and when >= self.end:
                return False
        if self.languages is not None and language not in self.languages:
            return False
        return self.categories is None or bool(set(self.categories) & set(categories))


class SimulatedOptions(BaseModel):
    """Options: ``seed``, ``skill`` (target mean pass rate), ``latency`` (s), ``faults``.

    ``spread`` is the standard deviation of per-task difficulty on the logit scale
    (wide by default, so many tasks are nearly always or nearly never solved, as in
    real panels); ``continuation_rate`` is the share of answers to prefix-style
    prompts (HumanEval) given as a bare continuation of the prompt instead of a
    fenced block.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = 0
    skill: float = Field(default=0.8, gt=0.0, lt=1.0)
    latency: float = Field(default=0.0, ge=0.0, le=600.0)
    spread: float = Field(default=2.5, ge=0.0, le=10.0)
    continuation_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    faults: tuple[FaultSpec, ...] = ()


def parse_options(options: Mapping[str, Any]) -> SimulatedOptions:
    """Validate ``options``; raise :class:`ProviderConfigError` with one line on error."""
    try:
        return SimulatedOptions.model_validate(dict(options))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "options"
        raise ProviderConfigError(
            f"simulated provider: bad option {where}: {first['msg']}"
            f" ({exc.error_count()} problem(s) in total)"
        ) from None
