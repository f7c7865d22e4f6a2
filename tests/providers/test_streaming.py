"""Streamed calls (``stream = true``) of both HTTP providers against the fake SSE server."""

from __future__ import annotations

from typing import Any

import pytest

from codecanary.providers.anthropic_provider import AnthropicProvider
from codecanary.providers.base import GenerateRequest, ProviderError
from codecanary.providers.openai_provider import OpenAIProvider
from codecanary.providers.retry import RetryPolicy, generate_with_retry
from tests.fakes import Answer, Cut, FakeLLMServer, Raw
from tests.fakes.dialects import stream_events

pytest_plugins = ["tests.fakes.fixtures"]

REQUEST = GenerateRequest(task_id="t", prompt="Write add(a, b).", language="python")
KINDS = ["chat", "completion", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "completion": "/v1/completions",
         "anthropic": "/v1/messages"}
ERROR_EVENT = {
    "chat": b'data: {"error": {"message": "server exploded", "type": "server_error"}}\n\n',
    "completion": b'data: {"error": {"message": "server exploded", "type": "server_error"}}\n\n',
    "anthropic": b'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", '
                 b'"message": "server exploded"}}\n\n',
}


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_KEY", "sk-stream-test-key")


def make(kind: str, server: FakeLLMServer, **options: Any) -> OpenAIProvider | AnthropicProvider:
    common = {"api_key_env": "CC_TEST_KEY", "timeout_s": 5.0, "stream": True, **options}
    if kind == "anthropic":
        return AnthropicProvider(model="claude-fake",
                                 options={"base_url": server.root_url, **common})
    return OpenAIProvider(model="fake-model",
                          options={"base_url": server.url, "mode": kind, **common})


async def generate(provider: OpenAIProvider | AnthropicProvider) -> Any:
    try:
        return await provider.generate(REQUEST)
    finally:
        await provider.aclose()


@pytest.mark.parametrize("kind", KINDS)
async def test_streamed_answer_is_assembled(kind: str, fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Answer(text="def add(a, b):\n    return a + b\n", model="reported-1",
                              tokens_in=30, tokens_out=12))
    response = await generate(make(kind, fake_openai,
                                   price={"input_per_mtok": 1e6, "output_per_mtok": 1e6}))
    assert response.text == "def add(a, b):\n    return a + b\n"
    assert response.model == "reported-1"
    assert (response.tokens_in, response.tokens_out) == (30, 12)
    assert response.finish_reason == "stop"
    assert response.cost_usd == pytest.approx(42.0)
    [sent] = fake_openai.requests
    assert sent.path == PATHS[kind] and sent.body["stream"] is True
    if kind != "anthropic":
        assert sent.body["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize("kind", KINDS)
async def test_cut_stream_is_retryable(kind: str, fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Cut(sent_fraction=0.5))
    with pytest.raises(ProviderError, match=r"connection to .* failed") as info:
        await generate(make(kind, fake_openai))
    assert info.value.retryable


@pytest.mark.parametrize("kind", KINDS)
async def test_stream_ending_early_is_retryable(kind: str, fake_openai: FakeLLMServer) -> None:
    events = stream_events("anthropic" if kind == "anthropic" else "openai", PATHS[kind],
                           {"stream": True}, Answer(text="abcdef"))
    fake_openai.script(Raw(b"".join(events[:2]), content_type="text/event-stream"))
    with pytest.raises(ProviderError, match="ended before the answer did") as info:
        await generate(make(kind, fake_openai))
    assert info.value.retryable


@pytest.mark.parametrize("kind", KINDS)
async def test_error_event_in_stream_is_retryable(kind: str, fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Raw(ERROR_EVENT[kind], content_type="text/event-stream"))
    with pytest.raises(ProviderError, match=r"error in the stream .*server exploded") as info:
        await generate(make(kind, fake_openai))
    assert info.value.retryable and info.value.status is None


@pytest.mark.parametrize("kind", KINDS)
async def test_stalled_stream_times_out(kind: str, fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Answer(delay_s=10))
    with pytest.raises(ProviderError, match=r"within 0\.3s") as info:
        await generate(make(kind, fake_openai, timeout_s=0.3))
    assert info.value.retryable


@pytest.mark.parametrize("kind", KINDS)
async def test_retry_recovers_from_a_cut_stream(kind: str, fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Cut(sent_fraction=0.3), Answer(text="whole"))

    async def sleep(_seconds: float) -> None:
        return None

    provider = make(kind, fake_openai)
    response = await generate_with_retry(provider, REQUEST, RetryPolicy(), sleep=sleep)
    await provider.aclose()
    assert response.text == "whole"
    assert len(fake_openai.requests) == 2
