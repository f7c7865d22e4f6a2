"""Retries with exponential backoff and full jitter, plus a per-subject rate limiter.

Providers never retry (their SDKs are built with ``max_retries=0``); they raise
:class:`~codecanary.providers.base.ProviderError` with ``retryable`` and, when the
server said so, ``retry_after``. This module decides whether and when to try again.
Concurrency limits stay in the runner.

Backoff follows "Exponential Backoff And Jitter" (Marc Brooker, AWS Architecture
Blog, 2015), *full jitter* variant: the n-th retry waits ``uniform(0, min(max_s,
base_s * 2**n))``, which spreads a burst of clients that failed together.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from codecanary.providers.base import GenerateRequest, Provider, ProviderError, Response

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a retryable provider error.

    Attributes:
        max_attempts: Total calls including the first (1 means never retry).
        base_s: Backoff ceiling for the first retry; it doubles per retry.
        max_s: Largest backoff ceiling.
        jitter: Full jitter when true; the bare ceiling when false (tests, debugging).
        max_retry_after_s: Cap on a server's Retry-After, so a hostile or broken
            header cannot park a run for hours.
    """

    max_attempts: int = 6
    base_s: float = 0.5
    max_s: float = 30.0
    jitter: bool = True
    max_retry_after_s: float = 120.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_s < 0 or self.max_s < 0 or self.max_retry_after_s < 0:
            raise ValueError("backoff times must not be negative")

    def delay(self, retry: int, retry_after: float | None = None,
              rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait before retry number ``retry`` (0 for the first retry).

        A server's Retry-After is a lower bound (waiting less would just earn
        another 429); the jittered backoff still applies when it is longer.
        """
        ceiling = min(self.max_s, self.base_s * (2.0 ** retry))
        backoff = ceiling * rand() if self.jitter else ceiling
        if retry_after is not None:
            backoff = max(backoff, min(max(retry_after, 0.0), self.max_retry_after_s))
        return backoff


def parse_retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds a server asked us to wait, from ``retry-after-ms`` or ``Retry-After``.

    ``Retry-After`` may be delta-seconds or an HTTP-date (RFC 9110 §10.2.3);
    ``retry-after-ms`` is the millisecond variant OpenAI-style servers send.
    Unparseable values are ignored rather than trusted.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    millis = lowered.get("retry-after-ms")
    if millis is not None:
        try:
            return max(float(millis) / 1000.0, 0.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class RateLimiter:
    """Requests-per-minute limiter (token bucket), one per subject.

    ``burst`` calls may start back to back; after that, starts are spaced
    ``60 / requests_per_minute`` seconds apart.
    """

    def __init__(self, requests_per_minute: float, *, burst: int = 1,
                 clock: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        if requests_per_minute <= 0:
            raise ValueError("requests_per_minute must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.interval = 60.0 / requests_per_minute
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._updated = clock()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until one more request may start."""
        async with self._lock:
            while True:
                now = self._clock()
                self._tokens = min(float(self.burst),
                                   self._tokens + (now - self._updated) / self.interval)
                self._updated = now
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                await self._sleep((1.0 - self._tokens) * self.interval)


RetryHook = Callable[[int, ProviderError, float], None]


async def generate_with_retry(
    provider: Provider,
    request: GenerateRequest,
    policy: RetryPolicy | None = None,
    *,
    sleep: Sleep = asyncio.sleep,
    limiter: RateLimiter | None = None,
    on_retry: RetryHook | None = None,
    rand: Callable[[], float] = random.random,
) -> Response:
    """Call ``provider.generate`` and retry retryable :class:`ProviderError` s.

    Args:
        provider: Any provider.
        request: The request, sent unchanged on every attempt.
        policy: Backoff settings (defaults to :class:`RetryPolicy()`).
        sleep: Injected for tests.
        limiter: Optional rate limiter; every attempt (retries too) takes a slot.
        on_retry: Called as ``on_retry(attempt, error, delay_s)`` before each wait.
        rand: Source of uniform [0, 1) numbers for the jitter.

    Returns:
        The first successful response.

    Raises:
        ProviderError: A non-retryable error at once, or the last retryable one
            when ``policy.max_attempts`` calls have failed (the runner then
            stores the sample as ``infra_error``).
    """
    policy = policy or RetryPolicy()
    for attempt in range(1, policy.max_attempts + 1):
        if limiter is not None:
            await limiter.acquire()
        try:
            return await provider.generate(request)
        except ProviderError as error:
            if not error.retryable or attempt == policy.max_attempts:
                raise
            wait = policy.delay(attempt - 1, error.retry_after, rand)
            if on_retry is not None:
                on_retry(attempt, error, wait)
            await sleep(wait)
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover
