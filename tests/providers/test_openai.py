"""The ``openai`` provider through the real SDK against the loopback fake server."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from codecanary.providers import create_provider
from codecanary.providers.base import GenerateRequest, ProviderConfigError, ProviderError
from codecanary.providers.openai_provider import OpenAIProvider
from codecanary.providers.retry import RetryPolicy, generate_with_retry
from tests.fakes import Answer, Cut, FakeLLMServer, Raw, RecordedRequest, Status
from tests.fakes.dialects import prompt_of

pytest_plugins = ["tests.fakes.fixtures"]

KEY = "sk-test-0123456789abcdef"
REQUEST = GenerateRequest(task_id="HumanEval/0", prompt="def add(a, b):\n", language="python")


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_OPENAI_KEY", KEY)


def make(server: FakeLLMServer, **options: Any) -> OpenAIProvider:
    opts = {"base_url": server.url, "api_key_env": "CC_TEST_OPENAI_KEY", "timeout_s": 5.0}
    return OpenAIProvider(model="fake-model", options={**opts, **options})


async def test_chat_records_reported_model_usage_and_cost(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Answer(text="```python\nreturn a + b\n```", model="fake-model-2026-01",
                              tokens_in=1000, tokens_out=200))
    provider = make(fake_openai, system="You write Python.", temperature=0.2, max_tokens=256,
                    top_p=0.9, seed=7, stop=["\n\n\n"], extra_body={"top_k": 20},
                    price={"input_per_mtok": 2.0, "output_per_mtok": 10.0})
    response = await provider.generate(REQUEST)
    await provider.aclose()
    assert response.text == "```python\nreturn a + b\n```"
    assert response.model == "fake-model-2026-01"
    assert (response.tokens_in, response.tokens_out) == (1000, 200)
    assert response.finish_reason == "stop"
    assert response.cost_usd == pytest.approx(0.004)
    assert response.latency_s > 0
    [sent] = fake_openai.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.headers["x-stainless-retry-count"] == "0"
    assert sent.body["messages"] == [
        {"role": "system", "content": "You write Python."},
        {"role": "user", "content": REQUEST.prompt},
    ]
    assert {k: sent.body[k] for k in ("model", "temperature", "max_tokens", "top_p", "seed",
                                      "stop", "top_k")} == {
        "model": "fake-model", "temperature": 0.2, "max_tokens": 256, "top_p": 0.9, "seed": 7,
        "stop": ["\n\n\n"], "top_k": 20}


async def test_request_system_overrides_option(fake_openai: FakeLLMServer) -> None:
    provider = make(fake_openai, system="from options")
    await provider.generate(REQUEST.model_copy(update={"system": "from request"}))
    await provider.aclose()
    assert fake_openai.requests[0].body["messages"][0]["content"] == "from request"


async def test_completion_mode_sends_the_prompt_as_is(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Answer(text="    return a + b\n", finish_reason="length"))
    provider = make(fake_openai, mode="completion", max_tokens=64)
    response = await provider.generate(REQUEST)
    await provider.aclose()
    assert response.text == "    return a + b\n"
    assert response.finish_reason == "length"
    [sent] = fake_openai.requests
    assert sent.path == "/v1/completions"
    assert sent.body["prompt"] == REQUEST.prompt
    assert sent.body["max_tokens"] == 64


async def test_reasoning_models_get_max_completion_tokens(fake_openai: FakeLLMServer) -> None:
    provider = make(fake_openai, reasoning_effort="high", max_tokens=4000,
                    max_tokens_field="max_completion_tokens")
    await provider.generate(REQUEST)
    await provider.aclose()
    body = fake_openai.requests[0].body
    assert body["reasoning_effort"] == "high"
    assert body["max_completion_tokens"] == 4000
    assert "max_tokens" not in body


async def test_empty_content_is_an_empty_answer(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Answer(text="", tokens_in=None, tokens_out=None))
    provider = make(fake_openai, price={"input_per_mtok": 1, "output_per_mtok": 1})
    response = await provider.generate(REQUEST)
    await provider.aclose()
    assert response.text == ""
    assert response.tokens_in is None and response.cost_usd is None


async def test_responder_answers_from_the_request(fake_openai: FakeLLMServer) -> None:
    def echo(request: RecordedRequest) -> Answer:
        return Answer(text=prompt_of(request.body).upper())

    fake_openai.responder = echo
    provider = make(fake_openai)
    response = await provider.generate(REQUEST)
    await provider.aclose()
    assert response.text == REQUEST.prompt.upper()


async def test_models_endpoint_works_with_the_sdk(fake_openai: FakeLLMServer) -> None:
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key=KEY, base_url=fake_openai.url, max_retries=0)
    models = [m.id async for m in client.models.list()]
    await client.close()
    assert models == ["fake-model", "fake-base-model"]


@pytest.mark.parametrize(("reply", "status", "retryable", "retry_after"), [
    (Status(429, headers={"Retry-After": "3"}), 429, True, 3.0),
    (Status(429, headers={"retry-after-ms": "1500"}), 429, True, 1.5),
    (Status(500), 500, True, None),
    (Status(503, headers={"Retry-After": "2"}), 503, True, 2.0),
    (Status(400, message="bad request"), 400, False, None),
    (Status(401), 401, False, None),
    (Status(403), 403, False, None),
    (Status(404), 404, False, None),
])
async def test_http_errors_are_classified(fake_openai: FakeLLMServer, reply: Status, status: int,
                                          retryable: bool, retry_after: float | None) -> None:
    fake_openai.script(reply)
    provider = make(fake_openai)
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    error = info.value
    assert (error.status, error.retryable, error.retry_after) == (status, retryable, retry_after)
    assert f"HTTP {status}" in str(error) and fake_openai.url in str(error)
    assert "\n" not in str(error)
    assert len(fake_openai.requests) == 1  # the SDK did not retry on its own


@pytest.mark.parametrize(("reply", "needle"), [
    (Raw(b'{"choices": [ {"message": '), "garbled reply"),
    (Raw(b"<html><body>502 Bad Gateway</body></html>", content_type="text/html"),
     "body is not JSON"),
    (Raw(b'{"id": "x", "object": "chat.completion", "choices": []}'), "without choices"),
    (Cut(sent_fraction=0.5), "connection to"),
])
async def test_garbled_and_cut_replies_are_retryable(fake_openai: FakeLLMServer, reply: Any,
                                                     needle: str) -> None:
    fake_openai.script(reply)
    provider = make(fake_openai)
    with pytest.raises(ProviderError, match=needle) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retryable
    assert "\n" not in str(info.value)


async def test_slow_reply_times_out(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Answer(delay_s=10))
    provider = make(fake_openai, timeout_s=0.3)
    with pytest.raises(ProviderError, match=r"no complete reply from .* within 0\.3s") as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retryable


async def test_unreachable_endpoint_is_retryable_and_named(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/v1"
    provider = OpenAIProvider(model="m", options={"base_url": url, "require_key": False})
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retryable
    assert str(info.value).startswith(f"openai: connection to {url} failed")


async def test_retry_wrapper_recovers_through_the_sdk(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Status(429, headers={"Retry-After": "2"}), Status(503), Cut(),
                       Answer(text="finally"))
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    provider = make(fake_openai)
    response = await generate_with_retry(provider, REQUEST, RetryPolicy(jitter=False),
                                         sleep=sleep)
    await provider.aclose()
    assert response.text == "finally"
    assert delays == [2.0, 1.0, 2.0]
    assert len(fake_openai.requests) == 4


async def test_retry_wrapper_exhausts_on_persistent_5xx(fake_openai: FakeLLMServer) -> None:
    fake_openai.responder = lambda _request: Status(500, message="still down")

    async def sleep(seconds: float) -> None:
        return None

    provider = make(fake_openai)
    with pytest.raises(ProviderError, match="still down") as info:
        await generate_with_retry(provider, REQUEST, RetryPolicy(max_attempts=3), sleep=sleep)
    await provider.aclose()
    assert info.value.status == 500
    assert len(fake_openai.requests) == 3


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC_TEST_OPENAI_KEY")
    with pytest.raises(ProviderConfigError, match="CC_TEST_OPENAI_KEY is not set") as info:
        OpenAIProvider(model="m", options={"api_key_env": "CC_TEST_OPENAI_KEY"})
    assert "\n" not in str(info.value)


async def test_local_server_needs_no_key(fake_openai: FakeLLMServer,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC_TEST_OPENAI_KEY")
    provider = make(fake_openai, require_key=False)
    assert (await provider.generate(REQUEST)).text == "ok"
    await provider.aclose()
    assert fake_openai.requests[0].headers["authorization"] == "Bearer no-key-required"


@pytest.mark.parametrize(("options", "needle"), [
    ({"api_key": "sk-inline"}, "do not put the API key in options"),
    ({"mode": "chatty"}, "mode"),
    ({"temperature": "hot"}, "temperature"),
    ({"unknown_knob": 1}, "unknown_knob"),
    ({"mode": "completion", "reasoning_effort": "low"}, "reasoning_effort needs mode"),
    ({"mode": "completion", "system": "be brief"}, "system needs mode"),
    ({"base_url": "localhost:8000/v1"}, "base_url: .*http:// or https://"),
])
def test_bad_options_give_one_line(options: dict[str, Any], needle: str) -> None:
    with pytest.raises(ProviderConfigError, match=needle) as info:
        OpenAIProvider(model="m", options={"api_key_env": "CC_TEST_OPENAI_KEY", **options})
    assert "\n" not in str(info.value)
    assert "sk-inline" not in str(info.value)


async def test_key_never_leaks(fake_openai: FakeLLMServer,
                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake_openai.script(Status(401, message=f"Incorrect API key provided: {KEY}"), Answer())
    provider = make(fake_openai)
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    await provider.generate(REQUEST)
    await provider.aclose()
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {KEY}"
    surfaces = [str(info.value), repr(info.value), repr(provider), caplog.text]
    for text in surfaces:
        assert KEY not in text


def test_credentials_in_base_url_stay_out_of_errors() -> None:
    url = "https://user:hunter2@llm.internal:8443/v1?token=abc"
    provider = OpenAIProvider(model="m", options={"base_url": url, "require_key": False})
    shown = repr(provider)
    assert "hunter2" not in shown and "token=abc" not in shown
    assert "https://llm.internal:8443/v1" in shown


def test_registered_by_entry_point(fake_openai: FakeLLMServer) -> None:
    provider = create_provider("openai", "fake-model",
                               {"base_url": fake_openai.url, "api_key_env": "CC_TEST_OPENAI_KEY"})
    assert isinstance(provider, OpenAIProvider)


async def test_x_should_retry_overrides_the_status(fake_openai: FakeLLMServer) -> None:
    fake_openai.script(Status(409, headers={"x-should-retry": "false"}),
                       Status(400, headers={"x-should-retry": "true"}))
    provider = make(fake_openai)
    outcomes = []
    for _ in range(2):
        with pytest.raises(ProviderError) as info:
            await provider.generate(REQUEST)
        outcomes.append(info.value.retryable)
    await provider.aclose()
    assert outcomes == [False, True]


# The first loop's client is dropped unclosed (its loop is gone): expected noise.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_provider_survives_a_new_event_loop(fake_openai: FakeLLMServer) -> None:
    import asyncio
    import gc

    provider = make(fake_openai)
    first = asyncio.run(provider.generate(REQUEST))
    second = asyncio.run(provider.generate(REQUEST))
    asyncio.run(provider.aclose())
    gc.collect()  # let the dropped client's warnings fire here, not in a later test
    assert first.text == second.text == "ok"


def test_sdk_env_base_url_is_what_errors_name(
        fake_openai: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    provider = OpenAIProvider(model="m", options={"api_key_env": "CC_TEST_OPENAI_KEY"})
    assert fake_openai.url in repr(provider)


async def test_retry_after_http_date_from_the_server(fake_openai: FakeLLMServer) -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fake_openai.script(Status(503, headers={"Retry-After": when}))
    provider = make(fake_openai)
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    await provider.aclose()
    assert info.value.retry_after is not None
    assert 27.0 <= info.value.retry_after <= 30.0
