"""Webhook alerts for regressions, deduplicated while open, with recovery notices.

The body is Slack-compatible (incoming webhooks read ``text`` and ``blocks``);
the structured verdict and its evidence ride along under ``codecanary`` for
other receivers. An alert is opened per subject × slice × metric when it
regresses and stays open (no repeat message) until a check shows it no longer
regressed; then one recovery notice is sent and the alert is closed. The
state lives in the store, so separate ``check`` invocations share it.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from codecanary.detect import Verdict
from codecanary.errors import CodecanaryError
from codecanary.monitor import CheckResult
from codecanary.report.ci import failure_text, headline
from codecanary.store import Store


@dataclass
class AlertOutcome:
    """What a dispatch did (slice|metric keys)."""

    opened: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)


def _key(slice_name: str, metric: str) -> str:
    return f"{slice_name}|{metric}"


def regression_body(result: CheckResult, v: Verdict) -> dict[str, Any]:
    """Slack-compatible message for a newly regressed slice and metric."""
    lines = [f":rotating_light: *codecanary: {result.subject} regressed* "
             f"({v.slice}, {v.metric})", headline(v), *v.reasons]
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
                           "evidence_samples": samples}}


def recovery_body(result: CheckResult, alert: dict[str, Any], v: Verdict | None) -> dict[str, Any]:
    """Slack-compatible recovery notice for an alert that closed."""
    now = headline(v) if v is not None else "slice no longer regressed"
    text = (f":white_check_mark: *codecanary: {result.subject} recovered* "
            f"({alert['slice']}, {alert['metric']}), open since run {alert['opened_run']}\n{now}")
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
    """Send new regressions and recoveries for ``result``; update the stored alert state.

    An alert is recorded as open only after its message was delivered, so a
    failed delivery is retried by the next check rather than lost.
    """
    sid = store.subject_id(result.subject)
    outcome = AlertOutcome()
    open_alerts = {_key(a["slice"], a["metric"]): a for a in store.open_alerts(sid)}
    verdicts = {_key(v.slice, v.metric): v for v in result.verdicts}
    for key, v in verdicts.items():
        if v.status != "regressed":
            continue
        if key in open_alerts:
            outcome.still_open.append(key)
            continue
        body = regression_body(result, v)
        post_json(url, body, timeout)
        store.open_alert(sid, v.slice, v.metric, result.run.id, body["codecanary"])
        outcome.opened.append(key)
    for key, alert in open_alerts.items():
        now = verdicts.get(key)
        if now is None or now.status == "regressed":
            continue  # not checked this time (slice absent) or still regressed
        post_json(url, recovery_body(result, alert, now), timeout)
        store.close_alert(int(alert["id"]), result.run.id)
        outcome.recovered.append(key)
    return outcome
