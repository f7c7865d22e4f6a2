"""The report as text lines for a terminal or a CI log (the CLI only prints them)."""

from __future__ import annotations

from codecanary.audit.dataset.models import DatasetReport


def report_lines(report: DatasetReport) -> list[str]:
    lines = [f"{report.records} records in {len(report.files)} file(s), "
             f"{report.elapsed_s:.1f}s; flagged {report.flagged_share}"]
    lines.append(f"  {'flag':<16} {'count':>7}  rate [95% Wilson]")
    for name, count in report.flag_counts.items():
        if count:
            lines.append(f"  {name:<16} {count:>7}  {report.flag_rates[name]}")
    langs = ", ".join(f"{k} {v}" for k, v in list(report.languages.items())[:8])
    lines.append(f"languages: {langs or '-'}")
    if report.length is not None:
        n = report.length
        lines.append(f"code length (chars): median {n.median:.0f}, p10 {n.p10:.0f}, "
                     f"p90 {n.p90:.0f}")
    for bad in report.malformed_lines[:5]:
        lines.append(f"malformed: {bad}")
    if report.shift is not None:
        lines.append(f"shift vs reference ({report.shift.reference_records} records):")
        for f in report.shift.flags:
            ratio = f"{f.ratio:.1f}x" if f.ratio is not None else "new"
            lines.append(f"  {f.flag}: {f.reference} -> {f.current} ({ratio}, Cohen's h "
                         f"{f.cohens_h:+.2f}, {f.test} p={f.p_value:.2g})")
        for d in report.shift.distributions:
            lines.append(f"  {d.name}: {d.summary} ({d.effect_name} {d.effect:.2f}, "
                         f"{d.test} p={d.p_value:.2g})")
    lines.extend(f"note: {n}" for n in report.notes)
    lines.append(f"gate: {report.gate}" + (f" ({'; '.join(report.gate_reasons)})"
                                           if report.gate_reasons else ""))
    return lines
