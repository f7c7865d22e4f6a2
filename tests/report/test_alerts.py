"""Webhook alerts against a loopback receiver: Slack shape, dedup while open, recovery."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from codecanary.monitor import CheckResult
from codecanary.report.alerts import dispatch_alerts
from codecanary.store import Store


class Receiver:
    """A loopback HTTP server that records JSON bodies and answers ``status``."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                if outer.status == 200:
                    outer.bodies.append(body)
                self.send_response(outer.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/T000/secret"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def test_one_alert_per_episode_then_one_recovery(fault_check: tuple[Path, CheckResult],
                                                 receiver: Receiver) -> None:
    db, result = fault_check
    store = Store.open(str(db))
    regressed = {f"{v.slice}|{v.metric}" for v in result.verdicts if v.status == "regressed"}
    assert len(regressed) > 1  # the fault shows in several slices: still one episode
    first = dispatch_alerts(store, result, receiver.url)
    assert set(first.opened) == regressed and len(receiver.bodies) == 1
    body = receiver.bodies[0]
    named = result.named()
    assert named is not None and named.slice == "language:javascript"
    assert body["codecanary"]["verdict"]["slice"] == "language:javascript"
    assert isinstance(body["text"], str) and "regressed" in body["text"]
    # The message carries the interval that confirms the regression.
    assert named.pooled and named.basis in body["text"]
    assert f"{named.interval.high * 100:+.1f}]" in body["text"]
    assert set(body["codecanary"]["also"]) == {k.split("|")[0] for k in regressed} - {
        "language:javascript"}
    assert body["blocks"][0]["type"] == "section"
    assert body["blocks"][0]["text"]["type"] == "mrkdwn"
    assert body["codecanary"]["evidence_samples"]
    assert body["codecanary"]["verdict"]["flipped_pass_to_fail"]
    # Same regression again: deduplicated while open.
    again = dispatch_alerts(store, result, receiver.url)
    assert again.opened == [] and set(again.still_open) == regressed
    assert len(receiver.bodies) == 1
    # A later check where everything is stable: one recovery notice for the episode.
    calm = replace(result, verdicts=tuple(replace(v, status="stable") for v in result.verdicts))
    recovered = dispatch_alerts(store, calm, receiver.url)
    assert set(recovered.recovered) == regressed
    notices = receiver.bodies[1:]
    assert len(notices) == 1
    assert notices[0]["codecanary"]["kind"] == "recovery" and "recovered" in notices[0]["text"]
    assert store.open_alerts(store.subject_id("jsfault")) == []
    assert dispatch_alerts(store, calm, receiver.url).recovered == []
    # It regresses again later: a new episode, a new alert.
    assert set(dispatch_alerts(store, result, receiver.url).opened) == regressed
    assert len(receiver.bodies) == 3
    store.close()


def test_failed_delivery_is_a_warning_and_not_recorded(fault_check: tuple[Path, CheckResult],
                                                       receiver: Receiver,
                                                       tmp_path: Path) -> None:
    db, result = fault_check
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    store = Store.open(str(copy))
    for alert in store.open_alerts(store.subject_id("jsfault")):
        store.close_alert(int(alert["id"]), "reset")
    receiver.status = 500
    outcome = dispatch_alerts(store, result, receiver.url)
    assert outcome.opened == [] and len(outcome.failed) == 1
    assert "answered HTTP 500" in outcome.failed[0]
    assert "secret" not in outcome.failed[0] and "\n" not in outcome.failed[0]
    assert store.open_alerts(store.subject_id("jsfault")) == []
    bad_url = dispatch_alerts(store, result, "file:///etc/passwd")
    assert bad_url.failed and "http" in bad_url.failed[0]
    store.close()
