"""Typed value records for runs and samples (no storage identity)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1


class SampleStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    INFRA_ERROR = "infra_error"
    """Provider exhausted its retries or the sandbox broke: never a model failure."""


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    FAILED = "failed"


MAX_INFRA_SHARE = 0.5
"""A run whose share of infra-error samples exceeds this is ``failed``: it says
nothing about the model (the runner marks it so; ``check`` never uses it)."""


class SubjectSpec(BaseModel):
    """What is being watched. ``options`` never hold secrets: keys come from env vars."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    provider: str
    model: str
    options: dict[str, Any] = Field(default_factory=dict)
    system_prompt: str | None = None
    samples: int = Field(default=1, ge=1)
    concurrency: int = Field(default=8, ge=1)
    tokenizer: str | None = None
    """Tokenizer file the subject serves with; its sha256 goes in each run's fingerprint."""
    embeddings: str | None = None
    """Embedding table deployed with ``tokenizer`` (``.safetensors``/``.npy``), also hashed."""


class SampleRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    schema_version: int = SCHEMA_VERSION
    run_id: str
    task_id: str
    sample_index: int
    status: SampleStatus
    failure_class: str | None = None
    response_text: str | None = None
    code: str | None = None
    extraction: str | None = None
    model_reported: str | None = None
    finish_reason: str | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    latency_s: float | None = None
    cost_usd: float | None = None
    attempts: int = 1
    exec_status: str | None = None
    exit_code: int | None = None
    stdout: str | None = None
    stderr: str | None = None
    wall_s: float | None = None
    cpu_s: float | None = None
    peak_memory_mb: float | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)
    """Metric name (see ``codecanary.scoring.metrics``) → number."""
    diagnostics: list[str] = Field(default_factory=list)
    """The scoring's findings, one line each (why a signal fired)."""
    error: str | None = None

    @field_validator("diagnostics", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


class RunRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    schema_version: int = SCHEMA_VERSION
    id: str
    subject: str
    provider: str
    model: str
    suite: str
    suite_version: str
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    logical_time: datetime
    samples_per_task: int
    n_tasks: int
    n_expected: int
    n_samples: int
    n_passed: int
    n_failed: int
    n_infra_errors: int
    fingerprint: dict[str, Any]
    error: str | None = None
