"""Typed records of the dataset audit: flags, per-record findings, options, the report.

``schema_version`` is written with every report and every ``--flags`` line, so a
pipeline can tell what it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from codecanary.report.rates import Rate

SCHEMA_VERSION = 1

#: Every per-record flag, in the order reports list them.
FLAGS: tuple[str, ...] = (
    "format_error", "wrong_language", "syntax_error", "truncated", "placeholder", "corrupted",
    "secret", "lint", "insecure", "exact_duplicate", "near_duplicate", "contamination",
    "fails_own_tests",
)
#: Flags that fail the gate on their own, whatever the flagged share (unless allowed).
BLOCKING_FLAGS: tuple[str, ...] = ("contamination", "secret")

RecordFormat = Literal["auto", "chat", "prompt-completion", "code"]


@dataclass(frozen=True)
class Flag:
    """One flag raised on one record, with a short piece of evidence."""

    name: str
    evidence: str


@dataclass(frozen=True)
class Sample:
    """A dataset record, normalised: where it came from and the code to judge."""

    index: int
    """0-based position over all input files (malformed lines included)."""
    source: str
    """``file:line`` (JSON/JSONL) or ``file:row`` (Parquet)."""
    record_id: str | None
    format: str
    declared_language: str | None
    language: str | None
    """Declared language, else the answer's fence tag (canonical name), else None."""
    code: str
    tests: str | None = None
    problems: tuple[str, ...] = ()
    """``format_error`` evidence found while normalising."""


@dataclass
class Finding:
    """What the per-record checks found (picklable; sent back from worker processes)."""

    index: int
    source: str
    record_id: str | None
    language: str | None
    length: int
    """Code length in characters (0 when there is no code)."""
    flags: list[Flag] = field(default_factory=list)
    digest: bytes = b""
    """SHA-1 of the whitespace-normalised code (exact duplicates)."""
    signature: bytes = b""
    """MinHash signature (uint64 array bytes) of the code's 5-gram shingles."""


@dataclass(frozen=True)
class AuditOptions:
    """Settings of one audit (the CLI's options, with the library's defaults)."""

    format: RecordFormat = "auto"
    field: str | None = None
    tests_field: str | None = None
    against: tuple[str, ...] = ()
    builtin_targets: bool = True
    """Check contamination against the built-in panel and HumanEval."""
    near_dup_threshold: float = 0.7
    lint_per_100_lines: float = 8.0
    max_flagged: float | None = None
    allow: tuple[str, ...] = ()
    """Blocking flags that do not fail the gate by themselves."""
    workers: int | None = None
    """Worker processes (None: one per CPU)."""
    run_tests: bool = True
    test_timeout_s: float = 10.0


class FlagShift(BaseModel):
    """A flag rate's move from the reference dataset to this one."""

    model_config = ConfigDict(frozen=True)

    flag: str
    reference: Rate
    current: Rate
    ratio: float | None
    """current / reference rate (None when the reference rate is 0)."""
    cohens_h: float
    p_value: float
    test: str


class DistributionShift(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    statistic: float
    effect: float
    effect_name: str
    p_value: float
    test: str
    summary: str


class Shift(BaseModel):
    model_config = ConfigDict(frozen=True)

    reference_records: int
    flags: list[FlagShift]
    distributions: list[DistributionShift]


class LengthStats(BaseModel):
    model_config = ConfigDict(frozen=True)

    median: float
    p10: float
    p90: float
    mean: float


class DatasetReport(BaseModel):
    """The audit's result; ``gate`` is what a pipeline acts on."""

    model_config = ConfigDict(frozen=True)

    schema_version: int = SCHEMA_VERSION
    files: list[str]
    records: int
    flagged: int
    flagged_share: Rate
    flag_counts: dict[str, int]
    flag_rates: dict[str, Rate]
    languages: dict[str, int]
    length: LengthStats | None
    malformed_lines: list[str]
    """``file:line: problem`` for lines that are not a record (first 20)."""
    gate: Literal["pass", "fail"]
    gate_reasons: list[str]
    shift: Shift | None = None
    elapsed_s: float = 0.0
    notes: list[str] = []
