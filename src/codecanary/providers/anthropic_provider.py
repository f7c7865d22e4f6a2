"""``anthropic``: the Anthropic Messages API through the official ``anthropic`` SDK.

The SDK is imported only when the first call is made and built with
``max_retries=0``: :mod:`codecanary.providers.retry` owns retries. The key comes
from the environment variable named by ``api_key_env`` (default
``ANTHROPIC_API_KEY``).

``stop_reason`` is normalised to the OpenAI vocabulary so finish reasons compare
across providers: ``end_turn``/``stop_sequence`` → ``stop``, ``max_tokens`` →
``length``; anything else is kept as is, and the raw value is kept in ``raw``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from codecanary.providers._common import (
    check_base_url,
    effective_base_url,
    garbled,
    guarded_call,
    one_line,
    parse_options,
    public_url,
    read_key,
)
from codecanary.providers.base import GenerateRequest, ProviderBase, ProviderError, Response
from codecanary.providers.loop_client import LoopBoundClient
from codecanary.providers.pricing import Price, cost_usd

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic

_NAME = "anthropic"
_FINISH = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length"}


class AnthropicOptions(BaseModel):
    """Options of the ``anthropic`` provider (a subject's ``options`` table)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = None
    api_key_env: str = "ANTHROPIC_API_KEY"
    max_tokens: int = Field(default=2048, gt=0)
    temperature: float | None = Field(default=None, ge=0, le=1)
    """Sent in the request body; some newer models reject sampling parameters."""
    system: str | None = None
    stop: list[str] | None = None
    thinking_budget: int | None = Field(default=None, ge=1024)
    """Extended thinking budget in tokens; must be below ``max_tokens``."""
    extra_body: dict[str, Any] = Field(default_factory=dict)
    timeout_s: float = Field(default=600.0, gt=0)
    """Limit for the whole call, streamed or not."""
    stream: bool = False
    """Stream the answer (server-sent events); needed for very long answers."""
    price: Price | None = None

    _check_base_url = field_validator("base_url")(check_base_url)

    @model_validator(mode="after")
    def _budget_below_max(self) -> AnthropicOptions:
        if self.thinking_budget is not None and self.thinking_budget >= self.max_tokens:
            raise ValueError("thinking_budget must be smaller than max_tokens")
        return self


class AnthropicProvider(ProviderBase):
    """Messages API calls through the official ``anthropic`` SDK."""

    name: ClassVar[str] = _NAME

    def __init__(self, *, model: str, options: Mapping[str, Any]) -> None:
        self.model = model
        self.options = parse_options(AnthropicOptions, options, _NAME)
        self._key = read_key(_NAME, self.options.api_key_env, True)
        self._base_url = effective_base_url(self.options.base_url, "ANTHROPIC_BASE_URL")
        self._where = public_url(self._base_url) or "the Anthropic API"
        self._client: LoopBoundClient[AsyncAnthropic] = LoopBoundClient(self._new_client)

    def __repr__(self) -> str:
        return f"AnthropicProvider(model={self.model!r}, base_url={self._where!r})"

    def _new_client(self) -> AsyncAnthropic:
        from anthropic import AsyncAnthropic

        return AsyncAnthropic(api_key=self._key, base_url=self._base_url,
                     timeout=self.options.timeout_s, max_retries=0)

    def _params(self, request: GenerateRequest) -> dict[str, Any]:
        opts = self.options
        params: dict[str, Any] = {"max_tokens": opts.max_tokens}
        system = request.system if request.system is not None else opts.system
        if system:
            params["system"] = system
        if opts.stop:
            params["stop_sequences"] = list(opts.stop)
        if opts.thinking_budget is not None:
            params["thinking"] = {"type": "enabled", "budget_tokens": opts.thinking_budget}
        extra = dict(opts.extra_body)
        if opts.temperature is not None:
            # Not a named parameter of every SDK version; the API still accepts it.
            extra.setdefault("temperature", opts.temperature)
        if extra:
            params["extra_body"] = extra
        return params

    async def generate(self, request: GenerateRequest) -> Response:
        """Send one prompt; map every failure to a ``ProviderError``."""
        client = self._client.get()
        start = time.monotonic()
        reply = await guarded_call(lambda: self._call(client, request), provider=_NAME,
                                   where=self._where, timeout_s=self.options.timeout_s,
                                   secret=self._key)
        return self._to_response(reply, time.monotonic() - start)

    async def _call(self, client: AsyncAnthropic, request: GenerateRequest) -> Any:
        messages = [{"role": "user", "content": request.prompt}]
        params = self._params(request)
        if not self.options.stream:
            return await client.messages.create(
                model=self.model, messages=messages, **params)  # type: ignore[arg-type]
        async with client.messages.stream(
                model=self.model, messages=messages, **params) as stream:  # type: ignore[arg-type]
            finished = False
            async for event in stream:
                finished = finished or getattr(event, "type", None) == "message_stop"
            if not finished:
                # A stream that stops without message_stop was cut, not finished.
                raise ProviderError(f"{_NAME}: the stream from {self._where} ended before "
                                    "the answer did", retryable=True)
            return stream.current_message_snapshot

    def _to_response(self, reply: Any, latency: float) -> Response:
        if isinstance(reply, str | bytes):
            text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
            self._raise_garbled(f"body is not JSON: {one_line(text, 80)!r}")
        content = getattr(reply, "content", None)
        if not isinstance(content, list):
            self._raise_garbled("a message without content")
        # Thinking and tool blocks are not the answer; only text blocks are.
        text = "".join(getattr(block, "text", "") or "" for block in content
                       if getattr(block, "type", None) == "text")
        usage = getattr(reply, "usage", None)
        tokens_in = getattr(usage, "input_tokens", None) if usage is not None else None
        tokens_out = getattr(usage, "output_tokens", None) if usage is not None else None
        stop_reason = getattr(reply, "stop_reason", None)
        raw: dict[str, Any] = {"stop_reason": stop_reason} if stop_reason else {}
        return Response(
            text=text,
            model=getattr(reply, "model", None) or None,
            finish_reason=_FINISH.get(stop_reason, stop_reason) if stop_reason else None,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            latency_s=latency,
            cost_usd=cost_usd(self.options.price, tokens_in, tokens_out),
            raw=raw,
        )

    def _raise_garbled(self, what: str) -> NoReturn:
        raise garbled(_NAME, self._where, what)

    async def aclose(self) -> None:
        await self._client.aclose()
