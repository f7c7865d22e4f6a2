"""The audit report as text lines for a terminal or CI log (verdict and critical first)."""

from __future__ import annotations

from codecanary.audit.tokenizer.findings import AuditReport, TokenizerProfile

#: Entries listed per section; the JSON output has them all.
SHOWN = 12


def _tokenizer_line(label: str, p: TokenizerProfile) -> str:
    return (f"{label}: {p.path} ({p.format}, {p.vocab_size} ids, {len(p.special_tokens)} special, "
            f"bytes {p.byte_mode} {p.bytes_covered}/256, sha256 {p.sha256[:12]})")


def render_lines(report: AuditReport) -> list[str]:
    lines = [f"verdict: {report.verdict}"]
    if report.code_critical_affected:
        shown = ", ".join(repr(t) for t in report.code_critical_affected[:40])
        more = len(report.code_critical_affected) - 40
        lines.append(f"code-critical tokens affected ({len(report.code_critical_affected)}): "
                     f"{shown}{f' … (+{more})' if more > 0 else ''}")
    for finding in report.findings:
        lines.append(f"  [{finding.severity}] {finding.code}: {finding.message}")
    lines.append(_tokenizer_line("old", report.old))
    if report.new is not None:
        lines.append(_tokenizer_line("new", report.new))
    deployed = report.new or report.old
    lines.append(f"round trip: {deployed.roundtrip_failed} of {deployed.roundtrip_lines} code "
                 f"lines fail")
    for lang in deployed.languages:
        multi = ", ".join(repr(s) for s in lang.multi_token[:6])
        lines.append(f"  {lang.language:<11} {lang.lines:>6} lines  {lang.tokens_per_line:6.2f} "
                     f"tokens/line  multi-token: {multi or '-'}")
    for change in report.segmentation_changed.values():
        lines.append(f"  {change.language:<11} re-segmented {change.share_changed:6.1%}  ids "
                     f"changed {change.share_id_changed:6.1%}  tokens {change.inflation:+.1%}")
    for remap in report.remapped[:SHOWN]:
        if remap.kind == "string-moved":
            lines.append(f"  remapped {remap.token!r}: id {remap.old_id} -> {remap.new_id}")
        else:
            lines.append(f"  id {remap.new_id} reused: {remap.previous!r} -> {remap.token!r}")
    if len(report.remapped) > SHOWN:
        lines.append(f"  … {len(report.remapped) - SHOWN} more remaps (--json lists all)")
    emb = report.embeddings
    if emb is not None:
        lines.append(f"embeddings: {emb.path} {emb.rows} × {emb.dim} {emb.dtype} "
                     f"(vocabulary {emb.vocab_size}, rows trained for {emb.trained_for}, "
                     f"{emb.reference_unused_rows} reference unused rows)")
        for row in emb.untrained_candidates[:SHOWN]:
            lines.append(f"  untrained? id {row.id} {row.token!r}: norm {row.norm:.4g} "
                         f"(p{row.norm_percentile:.1f}) {', '.join(row.indicators)}")
        if len(emb.untrained_candidates) > SHOWN:
            lines.append(f"  … {len(emb.untrained_candidates) - SHOWN} more untrained candidates")
    return lines
