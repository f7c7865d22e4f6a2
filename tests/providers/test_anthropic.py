"""The ``anthropic`` provider through the real SDK against the loopback fake server."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from codecanary.providers import create_provider
from codecanary.providers.anthropic_provider import AnthropicProvider
from codecanary.providers.base import GenerateRequest, ProviderConfigError, ProviderError
from codecanary.providers.retry import RetryPolicy, generate_with_retry
from tests.fakes import Answer, Cut, FakeLLMServer, Raw, Status

pytest_plugins = ["tests.fakes.fixtures"]

KEY = "sk-ant-test-abcdef0123456789"
REQUEST = GenerateRequest(task_id="t/1", prompt="Write fizzbuzz in Python.", language="python")


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_ANTHROPIC_KEY", KEY)


def make(server: FakeLLMServer, **options: Any) -> AnthropicProvider:
    opts = {"base_url": server.root_url, "api_key_env": "CC_TEST_ANTHROPIC_KEY", "timeout_s": 5}
    return AnthropicProvider(model="claude-fake", options={**opts, **options})


def sent_key(server: FakeLLMServer) -> str:
    headers = server.requests[0].headers
    return headers.get("x-api-key") or headers.get("authorization", "").removeprefix("Bearer ")


async def test_messages_call_records_everything(fake_anthropic: FakeLLMServer) -> None:
    fake_anthropic.script(Answer(text="def fizzbuzz(): ...", model="claude-fake-20260101",
                                 tokens_in=2_000, tokens_out=500))
    provider = make(fake_anthropic, system="Be terse.", temperature=0.0, stop=["END"],
                    price={"input_per_mtok": 3, "output_per_mtok": 15})
    response = await provider.generate(REQUEST)
    await provider.aclose()
    assert response.text == "def fizzbuzz(): ..."
    assert response.model == "claude-fake-20260101"
    assert (response.tokens_in, response.tokens_out) == (2_000, 500)
    assert response.finish_reason == "stop"
    assert response.raw == {"stop_reason": "end_turn"}
    assert response.cost_usd == pytest.approx(0.0135)
    [sent] = fake_anthropic.requests
    assert sent.path == "/v1/messages"
    assert sent_key(fake_anthropic) == KEY
    assert sent.body["max_tokens"] == 2048
    assert sent.body["system"] == "Be terse."
    assert sent.body["temperature"] == 0.0
    assert sent.body["stop_sequences"] == ["END"]
    assert sent.body["messages"] == [{"role": "user", "content": REQUEST.prompt}]
    assert "thinking" not in sent.body


@pytest.mark.parametrize(("stop_reason", "finish"), [
    ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"),
    ("refusal", "refusal"),
])
async def test_stop_reason_is_normalised(fake_anthropic: FakeLLMServer, stop_reason: str,
                                         finish: str) -> None:
    fake_anthropic.script(Answer(finish_reason=stop_reason))
    provider = make(fake_anthropic)
    response = await provider.generate(REQUEST)
    await provider.aclose()
    assert response.finish_reason == finish
    assert response.raw["stop_reason"] == stop_reason


async def test_thinking_budget_is_sent(fake_anthropic: FakeLLMServer) -> None:
    provider = make(fake_anthropic, max_tokens=8000, thinking_budget=2000)
    await provider.generate(REQUEST)
    await provider.aclose()
    assert fake_anthropic.requests[0].body["thinking"] == {"type": "enabled",
                                                          "budget_tokens": 2000}


async def test_empty_content_is_an_empty_answer(fake_anthropic: FakeLLMServer) -> None:
    fake_anthropic.script(Answer(text=""))
    provider = make(fake_anthropic)
    assert (await provider.generate(REQUEST)).text == ""
    await provider.aclose()


@pytest.mark.parametrize(("reply", "status", "retryable", "retry_after"), [
    (Status(429, headers={"Retry-After": "4"}), 429, True, 4.0),
    (Status(529, message="Overloaded"), 529, True, None),
    (Status(500), 500, True, None),
    (Status(400, message="max_tokens too large"), 400, False, None),
    (Status(401), 401, False, None),
    (Status(404), 404, False, None),
])
async def test_http_errors_are_classified(fake_anthropic: FakeLLMServer, reply: Status,
                                          status: int, retryable: bool,
                                          retry_after: float | None) -> None:
    fake_anthropic.script(reply)
    provider = make(fake_anthropic)
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    error = info.value
    assert (error.status, error.retryable, error.retry_after) == (status, retryable, retry_after)
    assert reply.message in str(error)
    assert len(fake_anthropic.requests) == 1


@pytest.mark.parametrize(("reply", "needle"), [
    (Raw(b'{"type": "message", "content": [{"ty'), "garbled reply"),
    (Raw(b"Service Temporarily Unavailable", content_type="text/plain"), "body is not JSON"),
    (Cut(sent_fraction=0.3), "connection to"),
])
async def test_garbled_and_cut_replies_are_retryable(fake_anthropic: FakeLLMServer, reply: Any,
                                                     needle: str) -> None:
    fake_anthropic.script(reply)
    provider = make(fake_anthropic)
    with pytest.raises(ProviderError, match=needle) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retryable


async def test_slow_reply_times_out(fake_anthropic: FakeLLMServer) -> None:
    fake_anthropic.script(Answer(delay_s=10))
    provider = make(fake_anthropic, timeout_s=0.3)
    with pytest.raises(ProviderError, match=r"within 0\.3s") as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retryable


async def test_unreachable_endpoint(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}"
    provider = AnthropicProvider(model="m", options={"base_url": url,
                                                     "api_key_env": "CC_TEST_ANTHROPIC_KEY"})
    with pytest.raises(ProviderError, match=f"connection to {url} failed") as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retryable


async def test_retry_wrapper_honours_retry_after(fake_anthropic: FakeLLMServer) -> None:
    fake_anthropic.script(Status(529), Status(429, headers={"Retry-After": "5"}), Answer())
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    provider = make(fake_anthropic)
    response = await generate_with_retry(provider, REQUEST, RetryPolicy(jitter=False),
                                         sleep=sleep)
    await provider.aclose()
    assert response.text == "ok"
    assert delays == [0.5, 5.0]


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC_TEST_ANTHROPIC_KEY")
    with pytest.raises(ProviderConfigError, match="CC_TEST_ANTHROPIC_KEY is not set"):
        AnthropicProvider(model="m", options={"api_key_env": "CC_TEST_ANTHROPIC_KEY"})


def test_default_key_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ProviderConfigError, match="ANTHROPIC_API_KEY"):
        AnthropicProvider(model="m", options={})


@pytest.mark.parametrize(("options", "needle"), [
    ({"max_tokens": 4000, "thinking_budget": 4000}, "thinking_budget must be smaller"),
    ({"max_tokens": 0}, "max_tokens"),
    ({"api_key": KEY}, "do not put the API key"),
    ({"base_url": "api.anthropic.com"}, "base_url"),
])
def test_bad_options(options: dict[str, Any], needle: str) -> None:
    with pytest.raises(ProviderConfigError, match=needle) as info:
        AnthropicProvider(model="m", options={"api_key_env": "CC_TEST_ANTHROPIC_KEY", **options})
    assert KEY not in str(info.value)


async def test_key_never_leaks(fake_anthropic: FakeLLMServer,
                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake_anthropic.script(Status(401, message=f"invalid x-api-key {KEY}"))
    provider = make(fake_anthropic)
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert sent_key(fake_anthropic) == KEY
    for text in (str(info.value), repr(info.value), repr(provider), caplog.text):
        assert KEY not in text


def test_registered_by_entry_point(fake_anthropic: FakeLLMServer) -> None:
    provider = create_provider("anthropic", "claude-fake",
                               {"base_url": fake_anthropic.root_url,
                                "api_key_env": "CC_TEST_ANTHROPIC_KEY"})
    assert isinstance(provider, AnthropicProvider)
    assert provider.options.max_tokens == 2048
