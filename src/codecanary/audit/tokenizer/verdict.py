"""From findings to a verdict: ``ok | warning | mismatch``, code-critical tokens first.

* mismatch: an id at or beyond the embedding rows; an id whose row was trained for
  another string or never trained (seed mismatch); any remapped token (a model
  trained with OLD would read the wrong row); a code-critical token whose row
  looks untrained.
* warning: tokens only added or removed; corpus lines re-segmented
  (≥ ``SEGMENTATION_SHARE``) or inflated (≥ ``INFLATION``); byte values with no
  token (no byte-level vocabulary, no byte fallback); round-trip failures;
  untrained-looking rows of tokens the code corpus uses.
* info: other untrained-looking rows (every real model has some).
"""

from __future__ import annotations

from collections.abc import Iterable

from codecanary.audit.tokenizer.code_tokens import is_critical
from codecanary.audit.tokenizer.diff import VocabDiff
from codecanary.audit.tokenizer.findings import (
    EmbeddingReport,
    Finding,
    SegmentationChange,
    TokenizerProfile,
    Verdict,
)

SEGMENTATION_SHARE = 0.01
INFLATION = 0.02
#: Tokens named in a one-line summary.
NAMED = 8


def _names(tokens: Iterable[str], limit: int = NAMED) -> str:
    items = list(dict.fromkeys(tokens))
    shown = ", ".join(repr(t) for t in items[:limit])
    return shown + (f" … (+{len(items) - limit})" if len(items) > limit else "")


def critical_affected(diff: VocabDiff | None, embeddings: EmbeddingReport | None) -> list[str]:
    """Code-critical tokens touched by any finding, in finding order, once each."""
    out: list[str] = []
    if diff is not None:
        out += [r.token for r in diff.remapped if r.critical]
        out += [r.previous for r in diff.remapped if r.previous and is_critical(r.previous)]
        out += [t.token for t in diff.removed if is_critical(t.token)]
    if embeddings is not None:
        out += [t.token for t in embeddings.ids_beyond_rows if is_critical(t.token)]
        out += [m.token for m in embeddings.seed_mismatch if m.critical]
        out += [r.token for r in embeddings.untrained_candidates if is_critical(r.token)]
    return list(dict.fromkeys(out))


def findings(profile: TokenizerProfile, diff: VocabDiff | None,
             segmentation: dict[str, SegmentationChange],
             embeddings: EmbeddingReport | None, used_ids: set[int]) -> list[Finding]:
    """Every finding with its severity; mismatches first."""
    out: list[Finding] = []

    def add(severity: str, code: str, message: str) -> None:
        out.append(Finding.model_validate({"severity": severity, "code": code,
                                           "message": message}))

    if embeddings is not None:
        if embeddings.ids_beyond_rows:
            add("mismatch", "ids-beyond-rows",
                f"{len(embeddings.ids_beyond_rows)} ids ≥ the {embeddings.rows} embedding rows "
                f"(index out of range): {_names(t.token for t in embeddings.ids_beyond_rows)}")
        if embeddings.seed_mismatch:
            moved = [m for m in embeddings.seed_mismatch if m.trained_for is not None]
            fresh = [m for m in embeddings.seed_mismatch if m.trained_for is None]
            add("mismatch", "seed-mismatch",
                f"with rows trained for OLD, {len(moved)} ids of NEW read another token's row "
                f"and {len(fresh)} read a row never trained: "
                f"{_names(m.token for m in embeddings.seed_mismatch)}")
        critical = [r for r in embeddings.untrained_candidates if is_critical(r.token)]
        used = [r for r in embeddings.untrained_candidates
                if r.id in used_ids and not is_critical(r.token)]
        rest = len(embeddings.untrained_candidates) - len(critical) - len(used)
        if critical:
            add("mismatch", "untrained-critical",
                f"{len(critical)} code-critical tokens have untrained-looking rows: "
                f"{_names(r.token for r in critical)}")
        if used:
            add("warning", "untrained-used",
                f"{len(used)} tokens the code corpus uses have untrained-looking rows: "
                f"{_names(r.token for r in used)}")
        if rest:
            add("info", "untrained", f"{rest} other rows look untrained (Magikarp indicators)")
    if diff is not None:
        if diff.remapped:
            crit = [r.token for r in diff.remapped if r.critical]
            add("mismatch", "remapped",
                f"{len(diff.remapped)} tokens remapped ({len(crit)} code-critical"
                f"{': ' + _names(crit) if crit else ''})")
        if diff.added:
            add("warning", "added", f"{len(diff.added)} tokens added: "
                f"{_names(t.token for t in diff.added)}")
        if diff.removed:
            add("warning", "removed", f"{len(diff.removed)} tokens removed: "
                f"{_names(t.token for t in diff.removed)}")
    for change in segmentation.values():
        if change.share_changed >= SEGMENTATION_SHARE or abs(change.inflation) >= INFLATION:
            add("warning", "segmentation",
                f"{change.language}: {change.share_changed:.1%} of {change.lines} lines split "
                f"differently, tokens {change.inflation:+.1%}")
    if profile.bytes_missing:
        add("warning", "byte-coverage",
            f"{len(profile.bytes_missing)} of 256 byte values have no token "
            f"({profile.byte_mode}): text using them cannot be encoded faithfully")
    if profile.roundtrip_failed:
        add("warning", "roundtrip",
            f"{profile.roundtrip_failed} of {profile.roundtrip_lines} code lines do not decode "
            f"back to themselves")
    order = {"mismatch": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: order[f.severity])
    return out


def verdict_of(found: list[Finding]) -> Verdict:
    severities = {f.severity for f in found}
    if "mismatch" in severities:
        return "mismatch"
    return "warning" if "warning" in severities else "ok"


def summary(verdict: Verdict, found: list[Finding], critical: list[str]) -> str:
    """One line for an event note or a CI log."""
    if verdict == "ok":
        return "ok: no tokenizer or embedding finding"
    head = f"{verdict}: " + "; ".join(f.message for f in found if f.severity != "info")
    if critical:
        head = f"{verdict}: code-critical {_names(critical)}; " + head.split(": ", 1)[1]
    return head if len(head) <= 600 else head[:599] + "…"
