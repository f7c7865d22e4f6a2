"""CI outputs of a check or compare: JUnit XML and a Markdown summary.

One JUnit test case per slice × metric: ``regressed`` is a failure,
``suspected`` passes with its reason in ``system-out`` (CI gates on regressions
only, like the exit code). Text helpers here are shared with alerts and the CLI.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from codecanary.detect import Interval, Verdict
from codecanary.errors import CodecanaryError
from codecanary.monitor import CheckResult
from codecanary.monitor.data import PASS_RATE
from codecanary.report.rates import rate_text

if TYPE_CHECKING:
    from codecanary.diagnose.rank import Diagnosis


def interval_text(effect: float, interval: Interval, metric: str) -> str:
    """An effect with its interval: points for pass rate, else in the metric's units."""
    if metric == PASS_RATE:
        return (f"{effect * 100:+.1f} pts [{interval.low * 100:+.1f}, "
                f"{interval.high * 100:+.1f}]")
    return f"{effect:.3g} [{interval.low:.3g}, {interval.high:.3g}]"


def effect_text(v: Verdict) -> str:
    """The effect the verdict rests on, with its interval."""
    return interval_text(v.effect, v.interval, v.metric)


def headline(v: Verdict) -> str:
    """One line: slice, metric, status, then the numbers the verdict rests on.

    For an alarm-confirmed verdict those are the pooled since-change comparison's
    ("since DATE, N runs pooled"), followed by the latest run's own interval,
    labelled as such; otherwise the latest run's, with its BH q.
    """
    status = v.status.upper().replace("_", " ")
    parts = [f"{v.slice} {v.metric}: {status}", effect_text(v)]
    if v.pooled:
        parts += [f"p={v.p_value:.3g}", f"n={v.n_tasks} tasks", v.basis,
                  f"latest run alone {interval_text(v.run_effect, v.run_interval, v.metric)}"]
    else:
        parts += [f"p={v.p_value:.3g} q={v.q_value:.3g}", f"n={v.n_tasks} tasks"]
    if v.status == "insufficient_data":
        parts += [r.removeprefix("insufficient data: ") for r in v.reasons
                  if r.startswith("insufficient data: ")]
    if v.baseline_rate is not None and v.current_rate is not None:
        now = "since the change" if v.pooled else "now"
        parts.append(f"baseline {rate_text(v.baseline_rate)} -> {now} "
                     f"{rate_text(v.current_rate)}")
    if v.change_at:
        parts.append(f"change began {v.change_at[:10]} ({v.change_method})")
    if v.event is not None:
        parts.append(f"after {v.event.kind} event {v.event.at:%Y-%m-%d}"
                     + (f" ({v.event.note})" if v.event.note else ""))
    return "; ".join(parts)


def failure_text(v: Verdict) -> str | None:
    """The failure class whose share of failures grew most, with its interval."""
    shift = v.failure_shift
    grown = shift.largest_increase if shift is not None else None
    if shift is None or grown is None:
        return None
    return (f"failure class {grown.name}: {rate_text(grown.baseline)} of failures -> "
            f"{rate_text(grown.current)} (p={shift.p_value:.3g}, {shift.method})")


def junit_xml(result: CheckResult) -> str:
    """The check as a JUnit XML document (one testsuite, a testcase per verdict)."""
    failures = sum(1 for v in result.verdicts if v.status == "regressed")
    suite = ET.Element("testsuite", {
        "name": f"codecanary.{result.subject}", "tests": str(len(result.verdicts)),
        "failures": str(failures), "errors": "0", "skipped": "0",
        "timestamp": result.run.logical_time.isoformat()})
    props = ET.SubElement(suite, "properties")
    for name, value in (("run", result.run.id), ("suite", result.run.suite),
                        ("suite_version", result.run.suite_version),
                        ("baseline", result.baseline.describe()), ("status", result.status)):
        ET.SubElement(props, "property", {"name": name, "value": value})
    for v in result.verdicts:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"codecanary.{result.subject}.{v.metric}", "name": v.slice})
        details = [headline(v), *v.reasons]
        if (failure := failure_text(v)) is not None:
            details.append(failure)
        if v.flipped_pass_to_fail:
            details.append("flipped pass->fail: " + ", ".join(v.flipped_pass_to_fail[:20]))
        if samples := result.samples_for(v):
            details.append("evidence samples: " + ", ".join(samples))
        if v.status == "regressed":
            failure_el = ET.SubElement(case, "failure", {"message": headline(v),
                                                         "type": "regression"})
            failure_el.text = "\n".join(details)
        else:
            ET.SubElement(case, "system-out").text = "\n".join(details)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_summary(result: CheckResult, *, max_rows: int = 40) -> str:
    """A Markdown summary: the worst status, a table of verdicts, details of the bad ones."""
    icon = {"regressed": "🔴", "suspected": "🟠", "stable": "⚪", "improved": "🟢",
            "insufficient_data": "▫️"}
    lines = [f"## codecanary: {result.subject} — {result.status}", "",
             f"Run `{result.run.id}` ({result.run.logical_time:%Y-%m-%d}) on "
             f"{result.run.suite}@{result.run.suite_version}, against the "
             f"{result.baseline.describe()}.", "",
             "| slice | metric | verdict | effect [95% CI] | p | q | n tasks | basis | baseline "
             "| now |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    order = result.ordered()
    for v in order[:max_rows]:
        lines.append("| " + " | ".join(_cell(x) for x in (
            v.slice, v.metric, f"{icon.get(v.status, '')} {v.status}", effect_text(v),
            f"{v.p_value:.3g}", "—" if v.pooled else f"{v.q_value:.3g}", str(v.n_tasks),
            v.basis, rate_text(v.baseline_rate), rate_text(v.current_rate))) + " |")
    if len(order) > max_rows:
        lines.append(f"\n… and {len(order) - max_rows} more slices.")
    for v in order:
        if v.status not in ("regressed", "suspected"):
            continue
        lines += ["", f"### {v.slice} {v.metric}: {v.status}", "", f"- {headline(v)}"]
        lines += [f"- {r}" for r in v.reasons]
        if (failure := failure_text(v)) is not None:
            lines.append(f"- {failure}")
        if v.flipped_pass_to_fail:
            lines.append("- flipped pass→fail: " + ", ".join(
                f"`{t}`" for t in v.flipped_pass_to_fail[:20]))
        if samples := result.samples_for(v):
            lines.append("- evidence samples: " + ", ".join(f"`{s}`" for s in samples))
    return "\n".join(lines) + "\n"


def cause_markdown(diagnosis: Diagnosis | None) -> str:
    """The likely-cause section of a regressed check's Markdown ('' when none)."""
    if diagnosis is None:
        return ""
    lines = ["", f"### {diagnosis.headline()}", ""]
    top = diagnosis.top
    if top is not None:
        lines += [f"- {_cell(e)}" for e in top.evidence]
        lines += [f"- next: {_cell(n)}" for n in top.next_checks]
    lines.append("- all causes: " + ", ".join(f"{c.cause} {c.score:.2f}"
                                              for c in diagnosis.causes))
    return "\n".join(lines) + "\n"


def write_text(path: str, text: str) -> None:
    """Write a CI artefact; one clear line if the path is unusable."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CodecanaryError(f"cannot write {path}: {exc.strerror}") from exc
