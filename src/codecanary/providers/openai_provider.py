"""``openai``: any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio).

Two modes: ``chat`` (``/v1/chat/completions``, the default) and ``completion``
(``/v1/completions``, for base models: the prompt is sent exactly as written).
The ``openai`` SDK is imported only when the first call is made, and it is built
with ``max_retries=0`` because :mod:`codecanary.providers.retry` owns retries.

Keys come from the environment variable named by ``api_key_env`` (default
``OPENAI_API_KEY``). Local servers that need no key: set ``require_key = false``
(a placeholder is then sent when the variable is unset).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple, NoReturn

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
from codecanary.providers.base import (
    GenerateRequest,
    ProviderBase,
    ProviderConfigError,
    ProviderError,
    Response,
)
from codecanary.providers.loop_client import LoopBoundClient
from codecanary.providers.pricing import Price, cost_usd

if TYPE_CHECKING:
    from openai import AsyncOpenAI

# Sent when no key is needed: the SDK refuses to build a client without one.
_PLACEHOLDER_KEY = "no-key-required"
_NAME = "openai"


class OpenAIOptions(BaseModel):
    """Options of the ``openai`` provider (a subject's ``options`` table)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = None
    api_key_env: str | None = "OPENAI_API_KEY"
    require_key: bool = True
    mode: Literal["chat", "completion"] = "chat"
    system: str | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, gt=0)
    max_tokens_field: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    top_p: float | None = Field(default=None, ge=0, le=1)
    seed: int | None = None
    stop: list[str] | None = None
    reasoning_effort: str | None = None
    extra_body: dict[str, Any] = Field(default_factory=dict)
    timeout_s: float = Field(default=600.0, gt=0)
    """Limit for the whole call, streamed or not."""
    stream: bool = False
    """Stream the answer (server-sent events); usage is requested in the stream."""
    price: Price | None = None

    _check_base_url = field_validator("base_url")(check_base_url)


class _Parts(NamedTuple):
    text: str
    model: str | None
    finish_reason: str | None
    tokens_in: int | None
    tokens_out: int | None
    system_fingerprint: str | None


class OpenAIProvider(ProviderBase):
    """Chat or completion calls through the official ``openai`` SDK."""

    name: ClassVar[str] = _NAME

    def __init__(self, *, model: str, options: Mapping[str, Any]) -> None:
        self.model = model
        self.options = parse_options(OpenAIOptions, options, _NAME)
        if self.options.mode == "completion":
            for field in ("reasoning_effort", "system"):
                if getattr(self.options, field) is not None:
                    raise ProviderConfigError(f"openai provider: {field} needs mode = 'chat'")
        hint = (", or set require_key = false for a local server that needs no key"
                if self.options.base_url else "")
        self._key = read_key(_NAME, self.options.api_key_env, self.options.require_key, hint)
        self._base_url = effective_base_url(self.options.base_url, "OPENAI_BASE_URL")
        self._where = public_url(self._base_url) or "the OpenAI API"
        self._client: LoopBoundClient[AsyncOpenAI] = LoopBoundClient(self._new_client)

    def __repr__(self) -> str:
        return f"OpenAIProvider(model={self.model!r}, base_url={self._where!r})"

    def _new_client(self) -> AsyncOpenAI:
        from openai import AsyncOpenAI

        return AsyncOpenAI(api_key=self._key or _PLACEHOLDER_KEY, base_url=self._base_url,
                     timeout=self.options.timeout_s, max_retries=0)

    def _params(self) -> dict[str, Any]:
        opts = self.options
        params: dict[str, Any] = {}
        for field in ("temperature", "top_p", "seed", "stop"):
            value = getattr(opts, field)
            if value is not None:
                params[field] = value
        if opts.max_tokens is not None:
            field = opts.max_tokens_field if opts.mode == "chat" else "max_tokens"
            params[field] = opts.max_tokens
        if opts.reasoning_effort is not None:
            params["reasoning_effort"] = opts.reasoning_effort
        if opts.extra_body:
            params["extra_body"] = dict(opts.extra_body)
        return params

    async def generate(self, request: GenerateRequest) -> Response:
        """Send one prompt; map every failure to a ``ProviderError``."""
        client = self._client.get()
        start = time.monotonic()
        parts = await guarded_call(lambda: self._reply_parts(client, request), provider=_NAME,
                                   where=self._where, timeout_s=self.options.timeout_s,
                                   secret=self._key)
        raw = {"system_fingerprint": parts.system_fingerprint} if parts.system_fingerprint else {}
        return Response(
            text=parts.text, model=parts.model, finish_reason=parts.finish_reason,
            tokens_in=parts.tokens_in, tokens_out=parts.tokens_out,
            latency_s=time.monotonic() - start,
            cost_usd=cost_usd(self.options.price, parts.tokens_in, parts.tokens_out), raw=raw)

    async def _reply_parts(self, client: AsyncOpenAI, request: GenerateRequest) -> _Parts:
        reply = await self._call(client, request)
        return await self._collect(reply) if self.options.stream else self._parts(reply)

    async def _call(self, client: AsyncOpenAI, request: GenerateRequest) -> Any:
        params = self._params()
        if self.options.stream:
            params.update(stream=True, stream_options={"include_usage": True})
        if self.options.mode == "completion":
            return await client.completions.create(
                model=self.model, prompt=request.prompt, **params)
        system = request.system if request.system is not None else self.options.system
        messages: list[dict[str, str]] = []
        if system:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": request.prompt})
        return await client.chat.completions.create(
            model=self.model, messages=messages, **params)  # type: ignore[arg-type]

    def _parts(self, reply: Any) -> _Parts:
        # Without strict validation the SDK hands back the raw text of a non-JSON
        # reply instead of raising; catch that and any body of the wrong shape.
        if isinstance(reply, str | bytes):
            text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
            self._raise_garbled(f"body is not JSON: {one_line(text, 80)!r}")
        choices = getattr(reply, "choices", None)
        if not isinstance(choices, list) or not choices:
            self._raise_garbled("a completion without choices")
        choice = choices[0]
        if self.options.mode == "chat":
            message = getattr(choice, "message", None)
            if message is None:
                self._raise_garbled("choice without a message")
            text = message.content or ""
        else:
            text = getattr(choice, "text", None) or ""
        usage = getattr(reply, "usage", None)
        return _Parts(text, getattr(reply, "model", None) or None,
                      getattr(choice, "finish_reason", None),
                      getattr(usage, "prompt_tokens", None) if usage is not None else None,
                      getattr(usage, "completion_tokens", None) if usage is not None else None,
                      getattr(reply, "system_fingerprint", None))

    async def _collect(self, stream: Any) -> _Parts:
        texts: list[str] = []
        model = finish = fingerprint = None
        usage: Any = None
        chat = self.options.mode == "chat"
        try:
            async for chunk in stream:
                model = getattr(chunk, "model", None) or model
                fingerprint = getattr(chunk, "system_fingerprint", None) or fingerprint
                usage = getattr(chunk, "usage", None) or usage
                for choice in getattr(chunk, "choices", None) or []:
                    if getattr(choice, "index", 0) != 0:
                        continue
                    holder = getattr(choice, "delta", None) if chat else choice
                    piece = getattr(holder, "content" if chat else "text", None)
                    if piece:
                        texts.append(piece)
                    finish = getattr(choice, "finish_reason", None) or finish
        finally:
            await stream.close()
        if finish is None:
            # A stream that stops without a finish reason was cut, not finished.
            raise ProviderError(f"{_NAME}: the stream from {self._where} ended before the "
                                "answer did", retryable=True)
        return _Parts("".join(texts), model, finish,
                      getattr(usage, "prompt_tokens", None) if usage is not None else None,
                      getattr(usage, "completion_tokens", None) if usage is not None else None,
                      fingerprint)

    def _raise_garbled(self, what: str) -> NoReturn:
        raise garbled(_NAME, self._where, what)

    async def aclose(self) -> None:
        await self._client.aclose()
