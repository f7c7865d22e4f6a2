"""The fake server itself: scripting order, request log, prompt extraction, fast stop."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from tests.fakes import Answer, FakeLLMServer, Status, answer_with
from tests.fakes.dialects import prompt_of

pytest_plugins = ["tests.fakes.fixtures"]


def post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_script_then_responder(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Status(503), Answer(text="second"))
    fake_openai.responder = answer_with(lambda prompt: prompt[::-1])
    chat = {"model": "m", "messages": [{"role": "user", "content": "abc"}]}
    assert post(f"{fake_openai.url}/chat/completions", chat)[0] == 503
    status, body = post(f"{fake_openai.url}/chat/completions", chat)
    assert (status, body["choices"][0]["message"]["content"]) == (200, "second")
    _, body = post(f"{fake_openai.url}/completions", {"model": "m", "prompt": "xyz"})
    assert body["choices"][0]["text"] == "zyx"
    assert [r.path for r in fake_openai.requests] == ["/v1/chat/completions"] * 2 + [
        "/v1/completions"]


def test_anthropic_shape(fake_anthropic: FakeLLMServer) -> None:
    status, body = post(f"{fake_anthropic.root_url}/v1/messages", {
        "model": "claude", "max_tokens": 5,
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]})
    assert status == 200
    assert body["content"] == [{"type": "text", "text": "ok"}]
    assert body["stop_reason"] == "end_turn" and body["model"] == "claude"
    assert prompt_of(fake_anthropic.requests[0].body) == "hi"


def test_unknown_route_is_404(fake_openai: FakeLLMServer) -> None:
    assert post(f"{fake_openai.url}/embeddings", {})[0] == 404


def test_stop_does_not_wait_for_slow_handlers() -> None:
    server = FakeLLMServer().start()
    server.script(Answer(delay_s=30))
    outcome: list[str] = []

    def client() -> None:
        try:
            post(f"{server.url}/completions", {})
            outcome.append("answered")
        except OSError as error:  # the server went away mid-request, as intended
            outcome.append(type(error).__name__)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    while not server.requests:
        time.sleep(0.01)
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 2
    thread.join(timeout=5)
    assert not thread.is_alive(), "the slow handler kept its client waiting after stop()"
    assert len(outcome) == 1


def test_serve_in_subprocess() -> None:
    from tests.fakes.serve import serve_in_subprocess

    with serve_in_subprocess("tests.fakes.dialects:reverse_prompt") as url:
        status, body = post(f"{url}/completions", {"model": "m", "prompt": "abc"})
    assert (status, body["choices"][0]["text"]) == (200, "cba")
