"""Retry policy, Retry-After parsing and the rate limiter, with injected sleep and clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from codecanary.providers.base import GenerateRequest, ProviderBase, ProviderError, Response
from codecanary.providers.pricing import Price, cost_usd
from codecanary.providers.retry import (
    RateLimiter,
    RetryPolicy,
    generate_with_retry,
    parse_retry_after,
)

REQUEST = GenerateRequest(task_id="t1", prompt="p", language="python")


class Scripted(ProviderBase):
    """Raises the scripted errors in order, then answers."""

    name = "scripted"

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def generate(self, request: GenerateRequest) -> Response:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return Response(text="done")


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def transient(retry_after: float | None = None) -> ProviderError:
    return ProviderError("HTTP 503", retryable=True, status=503, retry_after=retry_after)


async def test_backoff_doubles_without_jitter() -> None:
    provider, sleep = Scripted(transient(), transient(), transient()), Sleeps()
    policy = RetryPolicy(jitter=False)
    response = await generate_with_retry(provider, REQUEST, policy, sleep=sleep)
    assert response.text == "done"
    assert provider.calls == 4
    assert sleep.delays == [0.5, 1.0, 2.0]


async def test_full_jitter_scales_the_ceiling_and_caps_at_max() -> None:
    provider, sleep = Scripted(*[transient() for _ in range(5)]), Sleeps()
    policy = RetryPolicy(base_s=1.0, max_s=4.0)
    await generate_with_retry(provider, REQUEST, policy, sleep=sleep, rand=lambda: 0.5)
    assert sleep.delays == [0.5, 1.0, 2.0, 2.0, 2.0]


def test_full_jitter_stays_within_the_ceiling() -> None:
    policy = RetryPolicy(base_s=1.0, max_s=8.0)
    delays = [policy.delay(3) for _ in range(200)]
    assert all(0.0 <= d <= 8.0 for d in delays)
    assert max(delays) - min(delays) > 2.0  # really random, not a constant


async def test_retry_after_is_a_lower_bound_and_capped() -> None:
    provider, sleep = Scripted(transient(7.0), transient(1000.0)), Sleeps()
    policy = RetryPolicy(jitter=False, max_retry_after_s=60.0)
    await generate_with_retry(provider, REQUEST, policy, sleep=sleep)
    assert sleep.delays == [7.0, 60.0]


async def test_exhaustion_reraises_the_last_error() -> None:
    errors = [ProviderError(f"HTTP 500 #{i}", retryable=True, status=500) for i in range(6)]
    provider, sleep = Scripted(*errors), Sleeps()
    with pytest.raises(ProviderError, match="#3") as info:
        await generate_with_retry(provider, REQUEST, RetryPolicy(max_attempts=4), sleep=sleep)
    assert info.value.retryable
    assert provider.calls == 4
    assert len(sleep.delays) == 3


async def test_non_retryable_error_is_raised_at_once() -> None:
    provider, sleep = Scripted(ProviderError("HTTP 401", retryable=False, status=401)), Sleeps()
    with pytest.raises(ProviderError, match="401"):
        await generate_with_retry(provider, REQUEST, sleep=sleep)
    assert provider.calls == 1
    assert sleep.delays == []


async def test_bugs_are_not_retried() -> None:
    provider, sleep = Scripted(KeyError("oops")), Sleeps()
    with pytest.raises(KeyError):
        await generate_with_retry(provider, REQUEST, sleep=sleep)
    assert provider.calls == 1


async def test_on_retry_hook_sees_each_attempt() -> None:
    seen: list[tuple[int, int | None, float]] = []
    provider = Scripted(transient(), transient())
    await generate_with_retry(provider, REQUEST, RetryPolicy(jitter=False), sleep=Sleeps(),
                              on_retry=lambda n, err, wait: seen.append((n, err.status, wait)))
    assert seen == [(1, 503, 0.5), (2, 503, 1.0)]


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    date = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after({"Retry-After": "12"}, now=now) == 12.0
    assert parse_retry_after({"retry-after": " 1.5 "}, now=now) == 1.5
    assert parse_retry_after({"Retry-After": date}, now=now) == 90.0
    assert parse_retry_after({"Retry-After": "Thu, 01 Jan 2026 11:00:00 GMT"}, now=now) == 0.0
    assert parse_retry_after({"retry-after-ms": "250", "Retry-After": "9"}, now=now) == 0.25
    assert parse_retry_after({"Retry-After": "soon"}, now=now) is None
    assert parse_retry_after({"Retry-After": "-5"}, now=now) == 0.0
    assert parse_retry_after({}, now=now) is None


async def test_rate_limiter_spaces_requests() -> None:
    clock = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(120, burst=2, clock=lambda: clock[0], sleep=sleep)
    for _ in range(5):
        await limiter.acquire()
    assert slept == pytest.approx([0.5, 0.5, 0.5])
    clock[0] += 10.0  # idle time refills the bucket up to the burst, no further
    await limiter.acquire()
    await limiter.acquire()
    await limiter.acquire()
    assert slept == pytest.approx([0.5, 0.5, 0.5, 0.5])


def test_cost() -> None:
    price = Price(input_per_mtok=3.0, output_per_mtok=15.0)
    assert cost_usd(price, 1_000_000, 100_000) == pytest.approx(4.5)
    assert cost_usd(price, None, 10) is None
    assert cost_usd(None, 10, 10) is None
