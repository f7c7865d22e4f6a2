"""Typed records of what the audit found (value types; JSON via pydantic)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Verdict = Literal["ok", "warning", "mismatch"]
Severity = Literal["info", "warning", "mismatch"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class TokenRef(_Frozen):
    token: str
    id: int


class Remap(_Frozen):
    """A token whose id changed (``string-moved``) or an id that now holds another string."""

    token: str
    old_id: int | None
    new_id: int
    kind: Literal["string-moved", "id-reused"]
    previous: str | None = None
    """For ``id-reused``: the OLD string that held ``new_id``."""
    critical: bool = False


class RoundTripFailure(_Frozen):
    language: str
    line: str
    decoded: str


class LanguageProfile(_Frozen):
    language: str
    lines: int
    tokens: int
    tokens_per_line: float
    segments: dict[str, list[str]]
    """Keyword/operator (bare and space-prefixed) -> the pieces it is split into."""
    multi_token: list[str]
    """Keywords and operators that take more than one token."""


class TokenizerProfile(_Frozen):
    path: str
    format: str
    sha256: str
    vocab_size: int
    special_tokens: list[TokenRef]
    byte_mode: str
    bytes_covered: int
    bytes_missing: list[int]
    indentation: dict[str, list[str]]
    languages: list[LanguageProfile]
    roundtrip_lines: int
    roundtrip_failed: int
    """Corpus lines that do not decode back to themselves (the first few are listed)."""
    roundtrip_failures: list[RoundTripFailure]


class SegmentationChange(_Frozen):
    language: str
    lines: int
    changed_lines: int
    """Lines split into different pieces."""
    share_changed: float
    id_changed_lines: int
    """Lines whose id sequence differs (same pieces with moved ids included): a model
    trained with OLD reads other rows on these lines."""
    share_id_changed: float
    tokens_old: int
    tokens_new: int
    inflation: float
    """``tokens_new / tokens_old - 1`` on the corpus lines of this language."""


class UntrainedRow(_Frozen):
    id: int
    token: str
    norm: float
    norm_percentile: float
    cosine_to_unused: float | None
    indicators: list[str]


class SeedMismatch(_Frozen):
    """An id of NEW whose embedding row was trained for another string (or never)."""

    id: int
    token: str
    trained_for: str | None
    critical: bool


class EmbeddingReport(_Frozen):
    path: str
    sha256: str | None
    tensor: str | None
    rows: int
    dim: int
    dtype: str
    vocab_size: int
    trained_for: Literal["old", "new"]
    ids_beyond_rows: list[TokenRef]
    seed_mismatch: list[SeedMismatch]
    untrained_candidates: list[UntrainedRow]
    reference_unused_rows: int
    thresholds: dict[str, float]


class Finding(_Frozen):
    severity: Severity
    code: str
    message: str


class AuditReport(_Frozen):
    schema_version: int = SCHEMA_VERSION
    verdict: Verdict
    summary: str
    code_critical_affected: list[str]
    findings: list[Finding]
    vocab_old: int
    vocab_new: int | None
    added: list[TokenRef] = Field(default_factory=list)
    removed: list[TokenRef] = Field(default_factory=list)
    remapped: list[Remap] = Field(default_factory=list)
    roundtrip_failures: list[RoundTripFailure] = Field(default_factory=list)
    segmentation_changed: dict[str, SegmentationChange] = Field(default_factory=dict)
    embedding_rows: int | None = None
    untrained_candidates: list[UntrainedRow] = Field(default_factory=list)
    embeddings: EmbeddingReport | None = None
    old: TokenizerProfile
    new: TokenizerProfile | None = None
