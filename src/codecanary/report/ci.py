"""CI outputs of a check or compare: JUnit XML and a Markdown summary.

One JUnit test case per slice × metric: ``regressed`` is a failure,
``suspected`` passes with its reason in ``system-out`` (CI gates on regressions
only, like the exit code). Text helpers here are shared with alerts and the CLI.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from codecanary.detect import Verdict
from codecanary.detect.intervals import RateEstimate
from codecanary.errors import CodecanaryError
from codecanary.monitor import CheckResult


def rate_text(rate: RateEstimate | None) -> str:
    """``62.0% [58.1, 65.7] (n=400)``: a rate always with its interval and n."""
    if rate is None:
        return "n/a"
    return (f"{rate.rate:.1%} [{rate.interval.low:.1%}, {rate.interval.high:.1%}] "
            f"(n={rate.n})")


def effect_text(v: Verdict) -> str:
    """The effect with its interval, in points for pass rate."""
    if v.metric == "pass_rate":
        return (f"{v.effect * 100:+.1f} pts [{v.interval.low * 100:+.1f}, "
                f"{v.interval.high * 100:+.1f}]")
    return f"{v.effect:.3g} [{v.interval.low:.3g}, {v.interval.high:.3g}]"


def headline(v: Verdict) -> str:
    """One line: slice, metric, status, effect with interval, p/q, n, change date, event."""
    parts = [f"{v.slice} {v.metric}: {v.status.upper()}", effect_text(v),
             f"p={v.p_value:.3g} q={v.q_value:.3g}", f"n={v.n_tasks} tasks"]
    if v.baseline_rate is not None and v.current_rate is not None:
        parts.append(f"baseline {rate_text(v.baseline_rate)} -> now {rate_text(v.current_rate)}")
    if v.change_at:
        parts.append(f"since {v.change_at[:10]} ({v.change_method})")
    if v.event is not None:
        parts.append(f"after {v.event.kind} event {v.event.at:%Y-%m-%d}"
                     + (f" ({v.event.note})" if v.event.note else ""))
    return "; ".join(parts)


def since_text(result: CheckResult, v: Verdict) -> str | None:
    """The drop pooled over every run since the change began, with its interval."""
    found = result.since_change.get(f"{v.slice}|{v.metric}")
    if found is None:
        return None
    c = found.comparison
    return (f"since {found.since[:10]} ({found.n_runs} runs pooled): "
            f"{c.effect * 100:+.1f} pts [{c.interval.low * 100:+.1f}, "
            f"{c.interval.high * 100:+.1f}], p={c.p_value:.3g}, n={c.n_tasks} tasks "
            f"(task-clustered)")


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
        if (since := since_text(result, v)) is not None:
            details.append(since)
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
    icon = {"regressed": "🔴", "suspected": "🟠", "stable": "⚪", "improved": "🟢"}
    lines = [f"## codecanary: {result.subject} — {result.status}", "",
             f"Run `{result.run.id}` ({result.run.logical_time:%Y-%m-%d}) on "
             f"{result.run.suite}@{result.run.suite_version}, against the "
             f"{result.baseline.describe()}.", "",
             "| slice | metric | verdict | effect [95% CI] | baseline | now | q | since |",
             "|---|---|---|---|---|---|---|---|"]
    order = sorted(result.verdicts, key=lambda v: (-_rank(v.status), v.q_value))
    for v in order[:max_rows]:
        lines.append("| " + " | ".join(_cell(x) for x in (
            v.slice, v.metric, f"{icon.get(v.status, '')} {v.status}", effect_text(v),
            rate_text(v.baseline_rate), rate_text(v.current_rate), f"{v.q_value:.3g}",
            (v.change_at or "")[:10])) + " |")
    if len(order) > max_rows:
        lines.append(f"\n… and {len(order) - max_rows} more stable slices.")
    for v in order:
        if v.status not in ("regressed", "suspected"):
            continue
        lines += ["", f"### {v.slice} {v.metric}: {v.status}", "", f"- {headline(v)}"]
        lines += [f"- {r}" for r in v.reasons]
        if (since := since_text(result, v)) is not None:
            lines.append(f"- {since}")
        if (failure := failure_text(v)) is not None:
            lines.append(f"- {failure}")
        if v.flipped_pass_to_fail:
            lines.append("- flipped pass→fail: " + ", ".join(
                f"`{t}`" for t in v.flipped_pass_to_fail[:20]))
        if samples := result.samples_for(v):
            lines.append("- evidence samples: " + ", ".join(f"`{s}`" for s in samples))
    return "\n".join(lines) + "\n"


def _rank(status: str) -> int:
    return {"improved": 1, "stable": 0, "suspected": 2, "regressed": 3}.get(status, 0)


def write_text(path: str, text: str) -> None:
    """Write a CI artefact; one clear line if the path is unusable."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CodecanaryError(f"cannot write {path}: {exc.strerror}") from exc
