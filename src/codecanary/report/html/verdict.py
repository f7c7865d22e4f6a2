"""The verdict section: the check's JSON document (``CheckResult.to_dict``) as text.

Only the check's public JSON form is read here, so the report follows the
monitor's output rather than its internals. Every rate is shown with its
interval and n; effects with their interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from codecanary.detect import DEFAULT_MIN_EFFECT
from codecanary.errors import CodecanaryError
from codecanary.monitor import run_check
from codecanary.store import Store

#: ``codecanary check``'s own default, so the report and dashboard reuse the
#: detector state a daily ``check`` stored instead of designing another.
CHECK_MIN_EFFECT = DEFAULT_MIN_EFFECT


@dataclass(frozen=True)
class VerdictLine:
    slice: str
    metric: str
    status: str
    effect: str
    baseline: str
    current: str
    p_q: str
    n: str
    change: str
    since: str
    reasons: tuple[str, ...]
    flipped: tuple[str, ...]
    evidence: tuple[str, ...]
    """Sample references ``run_id/task_id#index``."""


@dataclass(frozen=True)
class VerdictView:
    status: str
    run_id: str
    run_date: str
    baseline: str
    named: str | None
    lines: tuple[VerdictLine, ...]
    counts: dict[str, int]


def _rate(data: Any) -> str:
    if not isinstance(data, dict) or data.get("rate") is None:
        return "n/a"
    low, high = data.get("interval") or (None, None)
    if low is None or high is None:
        return f"{data['rate']:.1%} (n={data.get('n')})"
    return f"{data['rate']:.1%} [{low:.1%}, {high:.1%}] (n={data.get('n')})"


def _effect(v: dict[str, Any]) -> str:
    low, high = v.get("interval") or (None, None)
    eff = v.get("effect")
    if eff is None or low is None or high is None:
        return "n/a"
    if v.get("metric") == "pass_rate":
        return f"{eff * 100:+.1f} pts [{low * 100:+.1f}, {high * 100:+.1f}] (95% CI)"
    return f"{eff:+.3g} [{low:+.3g}, {high:+.3g}] (95% CI)"


def _since(v: dict[str, Any]) -> str:
    s = v.get("since_change")
    if not isinstance(s, dict) or s.get("effect") is None:
        return ""
    low, high = s.get("interval") or (0.0, 0.0)
    return (f"since {str(s.get('since'))[:10]} ({s.get('runs')} runs pooled): "
            f"{s['effect'] * 100:+.1f} pts [{low * 100:+.1f}, {high * 100:+.1f}], "
            f"n={s.get('n_tasks')} tasks")


def _change(v: dict[str, Any]) -> str:
    if not v.get("change_at"):
        return ""
    text = f"change began {str(v['change_at'])[:10]} ({v.get('change_method') or 'estimate'})"
    event = v.get("event")
    if isinstance(event, dict):
        text += f", after the {event.get('kind')} event of {str(event.get('at'))[:10]}"
        if event.get("note"):
            text += f" ({event['note']})"
    return text


def verdict_view(doc: dict[str, Any]) -> VerdictView:
    """The check document as display lines (regressed and suspected first)."""
    order = {"regressed": 0, "suspected": 1, "improved": 2, "stable": 3}
    named = doc.get("named")
    first = (named.get("slice"), named.get("metric")) if isinstance(named, dict) else None

    def rank(v: dict[str, Any]) -> tuple[int, bool]:
        return order.get(str(v.get("status")), 9), (v.get("slice"), v.get("metric")) != first

    lines = []
    counts: dict[str, int] = {}
    for v in sorted(doc.get("verdicts", []), key=rank):
        status = str(v.get("status"))
        counts[status] = counts.get(status, 0) + 1
        lines.append(VerdictLine(
            slice=str(v.get("slice")), metric=str(v.get("metric")), status=status,
            effect=_effect(v), baseline=_rate(v.get("baseline_rate")),
            current=_rate(v.get("current_rate")),
            p_q=f"p={v.get('p_value', float('nan')):.3g}, q={v.get('q_value', float('nan')):.3g}",
            n=f"{v.get('n_tasks')} tasks, {v.get('n_samples')} samples",
            change=_change(v), since=_since(v),
            reasons=tuple(str(r) for r in v.get("reasons", ())),
            flipped=tuple(str(t) for t in v.get("flipped_pass_to_fail", ())),
            evidence=tuple(str(e) for e in v.get("evidence_samples", ()))))
    return VerdictView(
        status=str(doc.get("status")), run_id=str(doc.get("run")),
        run_date=str(doc.get("logical_time", ""))[:10],
        baseline=str((doc.get("baseline") or {}).get("description", "")),
        named=f"{named['slice']} {named['metric']}" if isinstance(named, dict) else None,
        lines=tuple(lines), counts=counts)


def read_only_view(store: Store) -> Store:
    """The store as the report sees it: the detectors are fed in memory only.

    ``run_check`` persists the online detectors' state after feeding new runs;
    a report or a read-only dashboard must not change what ``check`` will do.
    """
    return Store(store.engine, read_only=store.read_only, keep_state=False)


def check_document(store: Store, subject: str,
                   on_error: Callable[[str], None] | None = None) -> dict[str, Any] | None:
    """The check of the subject's latest run as JSON (None, with a reason, if impossible)."""
    try:
        result = run_check(read_only_view(store), subject, min_effect=CHECK_MIN_EFFECT)
    except CodecanaryError as exc:
        if on_error is not None:
            on_error(str(exc))
        return None
    return result.to_dict()
