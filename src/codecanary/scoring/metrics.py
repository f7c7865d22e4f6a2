"""The per-sample metrics codecanary stores, and how each one is read.

A sample's ``metrics`` maps a name below to a number (or leaves it out when it
does not apply, e.g. ``runtime_ratio`` on a task without an efficiency input).
This registry is the one place that says what a metric means, which direction
is better, how it is aggregated over a run or a slice, and whether the monitor
watches it; reports and the detector read it instead of guessing from names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Aggregate(StrEnum):
    RATE = "rate"
    """0/1 per sample; a share with a Wilson interval."""
    MEAN = "mean"
    """A number per sample; mean with a task-clustered t interval."""
    GEOMEAN = "geomean"
    """A positive ratio per sample; geometric mean, interval on the log scale."""


@dataclass(frozen=True)
class MetricInfo:
    name: str
    aggregate: Aggregate
    higher_is_better: bool
    description: str
    monitored: bool = False
    """Compared run vs baseline by ``codecanary check`` / ``compare``."""
    bounds: tuple[float, float | None] = (0.0, None)
    """The values a sample can take (upper None: unbounded); intervals stay inside."""


METRICS: dict[str, MetricInfo] = {m.name: m for m in (
    MetricInfo("tests_passed_fraction", Aggregate.MEAN, True,
               "share of the task's test assertions that passed (where countable)",
               bounds=(0.0, 1.0)),
    MetricInfo("runtime_ratio", Aggregate.GEOMEAN, False,
               "CPU time on the efficiency input relative to the reference", monitored=True),
    MetricInfo("memory_ratio", Aggregate.GEOMEAN, False,
               "peak memory on the efficiency input relative to the reference", monitored=True),
    MetricInfo("lint_per_100_lines", Aggregate.MEAN, False,
               "linter findings per 100 non-blank code lines", monitored=True),
    MetricInfo("cyclomatic_complexity", Aggregate.MEAN, False,
               "largest cyclomatic complexity of the answer's functions"),
    MetricInfo("length_ratio", Aggregate.GEOMEAN, False,
               "non-blank code lines relative to the reference", monitored=True),
    MetricInfo("comment_ratio", Aggregate.MEAN, True,
               "comment lines per non-blank line", bounds=(0.0, 1.0)),
    MetricInfo("syntax_valid", Aggregate.RATE, True,
               "the answer parses with the language's tree-sitter grammar"),
    MetricInfo("truncated", Aggregate.RATE, False,
               "the answer was cut off (finish reason, unbalanced blocks, mid-token end)"),
    MetricInfo("missing_entry_point", Aggregate.RATE, False,
               "the answer does not define the task's entry point"),
    MetricInfo("placeholder", Aggregate.RATE, False,
               "the answer has a placeholder body (pass, TODO, ..., unimplemented!())"),
    MetricInfo("corrupted", Aggregate.RATE, False,
               "foreign-script or replacement characters, or runaway repetition, in the code"),
    MetricInfo("wrong_language", Aggregate.RATE, False,
               "the code is in another programming language than the task's"),
    MetricInfo("constraints_met", Aggregate.RATE, True,
               "every mechanically checkable instruction of the task is respected"),
    MetricInfo("api_misuse", Aggregate.RATE, False,
               "the answer calls a function, method, module or symbol that does not exist"),
    # Repo tasks (coding agents).
    MetricInfo("existing_tests_broken", Aggregate.RATE, False,
               "the repo's own tests fail after the agent's change", monitored=True),
    MetricInfo("forbidden_edit", Aggregate.RATE, False,
               "the agent changed a file outside the task's allowed paths", monitored=True),
    MetricInfo("agent_timeout", Aggregate.RATE, False,
               "the agent hit its wall-clock limit"),
    MetricInfo("files_changed", Aggregate.MEAN, False, "files the agent added, edited or deleted"),
    MetricInfo("lines_changed", Aggregate.MEAN, False, "lines the agent added or removed"),
    MetricInfo("diff_size_ratio", Aggregate.GEOMEAN, False,
               "lines changed relative to the solution patch", monitored=True),
    MetricInfo("turns", Aggregate.MEAN, False, "agent turns, when the agent reports them"),
    MetricInfo("agent_duration_s", Aggregate.MEAN, False, "the agent's wall-clock time"),
)}


def metric_info(name: str) -> MetricInfo | None:
    """The registry entry of ``name`` (None for a metric this version does not know)."""
    return METRICS.get(name)


def higher_is_better(name: str) -> bool:
    """Direction of ``name``; unknown ``*_ratio`` metrics count as costs."""
    info = METRICS.get(name)
    if info is not None:
        return info.higher_is_better
    return not name.endswith("_ratio")


def is_log_scale(name: str) -> bool:
    """Whether ``name`` is a positive ratio compared on the log scale."""
    info = METRICS.get(name)
    if info is not None:
        return info.aggregate is Aggregate.GEOMEAN
    return name.endswith("_ratio")
