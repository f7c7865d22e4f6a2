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

from codecanary.errors import CodecanaryError
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


def test_regressions_alert_once_then_recover(fault_check: tuple[Path, CheckResult],
                                             receiver: Receiver) -> None:
    db, result = fault_check
    store = Store.open(str(db))
    regressed = {f"{v.slice}|{v.metric}" for v in result.verdicts if v.status == "regressed"}
    first = dispatch_alerts(store, result, receiver.url)
    assert set(first.opened) == regressed and len(receiver.bodies) == len(regressed)
    body = next(b for b in receiver.bodies
                if b["codecanary"]["verdict"]["slice"] == "language:javascript")
    assert isinstance(body["text"], str) and "regressed" in body["text"]
    assert body["blocks"][0]["type"] == "section"
    assert body["blocks"][0]["text"]["type"] == "mrkdwn"
    assert body["codecanary"]["evidence_samples"]
    assert body["codecanary"]["verdict"]["flipped_pass_to_fail"]
    # Same regression again: deduplicated while open.
    again = dispatch_alerts(store, result, receiver.url)
    assert again.opened == [] and set(again.still_open) == regressed
    assert len(receiver.bodies) == len(regressed)
    # A later check where everything is stable: one recovery notice per open alert.
    calm = replace(result, verdicts=tuple(replace(v, status="stable") for v in result.verdicts))
    recovered = dispatch_alerts(store, calm, receiver.url)
    assert set(recovered.recovered) == regressed
    notices = receiver.bodies[len(regressed):]
    assert len(notices) == len(regressed)
    assert all(b["codecanary"]["kind"] == "recovery" and "recovered" in b["text"]
               for b in notices)
    assert store.open_alerts(store.subject_id("jsfault")) == []
    assert dispatch_alerts(store, calm, receiver.url).recovered == []
    # It regresses again later: a new alert opens.
    assert set(dispatch_alerts(store, result, receiver.url).opened) == regressed
    store.close()


def test_failed_delivery_is_one_line_and_not_recorded(fault_check: tuple[Path, CheckResult],
                                                      receiver: Receiver,
                                                      tmp_path: Path) -> None:
    db, result = fault_check
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    store = Store.open(str(copy))
    for alert in store.open_alerts(store.subject_id("jsfault")):
        store.close_alert(int(alert["id"]), "reset")
    receiver.status = 500
    with pytest.raises(CodecanaryError, match="answered HTTP 500") as info:
        dispatch_alerts(store, result, receiver.url)
    assert "secret" not in str(info.value) and "\n" not in str(info.value)
    assert store.open_alerts(store.subject_id("jsfault")) == []
    with pytest.raises(CodecanaryError, match="http"):
        dispatch_alerts(store, result, "file:///etc/passwd")
    store.close()
