"""Webhook alerts for regressions, deduplicated while open, with recovery notices.

The body is Slack-compatible (incoming webhooks read ``text`` and ``blocks``);
the structured verdict and its evidence ride along under ``codecanary`` for
other receivers. One message per regression episode: when slices of a metric
regress and none of that metric's alerts is open, one message names the
localized slice first (:meth:`CheckResult.named`) with the interval that
confirms it, and lists the other regressed slices of the same metric; an
alert is recorded per slice × metric so none is repeated while it stays
open. When a check shows a slice no longer regressed, one recovery notice
per metric closes its alerts. The state lives in the store, so separate
``check`` invocations share it. A failed delivery is reported in
:attr:`AlertOutcome.failed` (a warning for the caller), never raised: the
exit code of ``check`` is decided by its verdicts alone.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from codecanary.detect import Verdict
from codecanary.errors import CodecanaryError
from codecanary.monitor import CheckResult
from codecanary.report.ci import effect_text, failure_text, headline
from codecanary.store import Store


@dataclass
class AlertOutcome:
    """What a dispatch did (slice|metric keys)."""

    opened: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """One line per delivery that failed (retried by the next check)."""
    messages: int = 0
    """Webhook messages delivered."""


def _key(slice_name: str, metric: str) -> str:
    return f"{slice_name}|{metric}"


def regression_body(result: CheckResult, v: Verdict,
                    also: Sequence[Verdict] = ()) -> dict[str, Any]:
    """Slack-compatible message for a new regression episode, ``v`` its named slice.

    ``headline`` carries the interval the verdict rests on (for an alarm, the
    pooled since-change one); ``also`` are the episode's other regressed slices.
    """
    lines = [f":rotating_light: *codecanary: {result.subject} regressed* "
             f"({v.slice}, {v.metric})", headline(v), *v.reasons]
    if also:
        lines.append("also regressed in this episode: " + "; ".join(
            f"{o.slice} {effect_text(o)}" for o in also))
    if (failure := failure_text(v)) is not None:
        lines.append(failure)
    if v.flipped_pass_to_fail:
        lines.append("flipped pass→fail: " + ", ".join(v.flipped_pass_to_fail[:15]))
    samples = result.samples_for(v)
    if samples:
        lines.append("evidence samples: " + ", ".join(samples))
    text = "\n".join(lines)
    return {"text": text,
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
            "codecanary": {"kind": "regression", "subject": result.subject,
                           "run": result.run.id, "verdict": v.to_dict(),
                           "also": [o.slice for o in also],
                           "evidence_samples": samples}}


def recovery_body(result: CheckResult, alert: dict[str, Any], v: Verdict | None,
                  also: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Slack-compatible recovery notice for the alerts of one metric that closed."""
    now = headline(v) if v is not None else "slice no longer regressed"
    text = (f":white_check_mark: *codecanary: {result.subject} recovered* "
            f"({alert['slice']}, {alert['metric']}), open since run {alert['opened_run']}\n{now}")
    if also:
        text += "\nalso recovered: " + ", ".join(str(a["slice"]) for a in also)
    return {"text": text,
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
            "codecanary": {"kind": "recovery", "subject": result.subject, "run": result.run.id,
                           "slice": alert["slice"], "metric": alert["metric"],
                           "verdict": v.to_dict() if v is not None else None}}


def post_json(url: str, body: dict[str, Any], timeout: float = 10.0) -> None:
    """POST ``body`` as JSON; one clear line on failure (never echoing the URL's path)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CodecanaryError(f"webhook URL must be http(s)://host/..., got {parts.scheme!r}")
    # Slack-style webhooks carry their secret in the path: name only the host.
    where = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    data = json.dumps(body, default=str).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise CodecanaryError(f"webhook {where} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CodecanaryError(f"webhook {where} unreachable: {reason}") from None


def dispatch_alerts(store: Store, result: CheckResult, url: str,
                    timeout: float = 10.0) -> AlertOutcome:
    """Send new regression episodes and recoveries; update the stored alert state.

    An alert is recorded as open only after its message was delivered, so a
    failed delivery is retried by the next check rather than lost.
    """
    sid = store.subject_id(result.subject)
    outcome = AlertOutcome()
    open_alerts = {_key(a["slice"], a["metric"]): a for a in store.open_alerts(sid)}
    open_metrics = {str(a["metric"]) for a in open_alerts.values()}
    named = result.named()
    new: dict[str, list[Verdict]] = {}
    for v in result.ordered():  # the named verdict first
        key = _key(v.slice, v.metric)
        if v.status != "regressed":
            continue
        if key in open_alerts:
            outcome.still_open.append(key)
        else:
            new.setdefault(v.metric, []).append(v)
    for metric, episode in new.items():
        keys = [_key(v.slice, v.metric) for v in episode]
        if metric in open_metrics:  # an episode of this metric is already announced
            body = regression_body(result, episode[0], episode[1:])
        else:
            lead = next((v for v in episode if v is named), episode[0])
            body = regression_body(result, lead, [v for v in episode if v is not lead])
            if not _deliver(url, body, timeout, outcome):
                continue
        for v in episode:
            store.open_alert(sid, v.slice, v.metric, result.run.id, body["codecanary"])
        outcome.opened += keys
    verdicts = {_key(v.slice, v.metric): v for v in result.verdicts}
    closing: dict[str, list[tuple[dict[str, Any], Verdict]]] = {}
    for key, alert in open_alerts.items():
        now = verdicts.get(key)
        if now is None or now.status == "regressed":
            continue  # not checked this time (slice absent) or still regressed
        closing.setdefault(str(alert["metric"]), []).append((alert, now))
    for pairs in closing.values():
        body = recovery_body(result, pairs[0][0], pairs[0][1], [a for a, _ in pairs[1:]])
        if not _deliver(url, body, timeout, outcome):
            continue
        for alert, _ in pairs:
            store.close_alert(int(alert["id"]), result.run.id)
            outcome.recovered.append(_key(alert["slice"], alert["metric"]))
    return outcome


def _deliver(url: str, body: dict[str, Any], timeout: float, outcome: AlertOutcome) -> bool:
    try:
        post_json(url, body, timeout)
    except CodecanaryError as exc:
        outcome.failed.append(f"{exc}; the alert is retried by the next check")
        return False
    outcome.messages += 1
    return True
