"""Helpers shared by the HTTP providers: option parsing, keys, SDK error mapping.

The ``openai`` and ``anthropic`` SDKs come from the same generator and raise
parallel exception classes (``APIStatusError``, ``APIConnectionError``,
``APITimeoutError``, ...). They are matched here by duck typing so that neither
SDK has to be importable for the other provider to work.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ValidationError

from codecanary.providers.base import ProviderConfigError, ProviderError
from codecanary.providers.retry import parse_retry_after

OptionsT = TypeVar("OptionsT", bound=BaseModel)
ReplyT = TypeVar("ReplyT")

# 408 request timeout, 409 conflict (lock contention), 425 too early, 429 rate
# limited, and every 5xx (529 is Anthropic's "overloaded") are transient.
_RETRYABLE_4XX = frozenset({408, 409, 425, 429})
_HINTS = {
    401: "check the API key",
    403: "the key lacks access to this model or endpoint",
    404: "check base_url and the model name",
}


def parse_options(cls: type[OptionsT], options: Mapping[str, Any], provider: str) -> OptionsT:
    """Validate ``options`` into ``cls`` or raise one readable line."""
    if "api_key" in options:
        raise ProviderConfigError(
            f"{provider} provider: do not put the API key in options; export it in an "
            "environment variable and name that variable in api_key_env"
        )
    try:
        return cls.model_validate(dict(options))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err['loc']) or 'options'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ProviderConfigError(f"{provider} provider options: {problems}") from None


def read_key(provider: str, env_var: str | None, require_key: bool,
             hint: str = "") -> str | None:
    """The key from ``env_var``; ``None`` when no key is needed and none is set."""
    if env_var:
        key = os.environ.get(env_var, "").strip()
        if key:
            return key
    if not require_key:
        return None
    if not env_var:
        raise ProviderConfigError(
            f"{provider} provider: api_key_env is empty but require_key is true; name the "
            "environment variable that holds the key, or set require_key = false"
        )
    raise ProviderConfigError(
        f"{provider} provider: environment variable {env_var} is not set; export it{hint}"
    )


def public_url(url: str | None) -> str | None:
    """``url`` without user info or query string, which may carry credentials."""
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def check_base_url(value: str | None) -> str | None:
    """Pydantic validator body: an absolute http(s) URL or nothing."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL")
    return value


def effective_base_url(option: str | None, env_var: str) -> str | None:
    """The base URL the SDK will use: the option, else the SDK's own env variable.

    Resolved here (and passed to the SDK explicitly) so errors name the
    endpoint that is really called.
    """
    return option or os.environ.get(env_var) or None


def one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def _status_detail(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        return json.dumps(body)[:200]
    if isinstance(body, str):
        return body
    return str(getattr(exc, "message", "") or exc)


def map_sdk_error(exc: BaseException, *, provider: str, where: str, timeout_s: float,
                  secret: str | None) -> ProviderError | None:
    """Translate an SDK or decoding exception to a :class:`ProviderError`.

    Returns ``None`` for exceptions that are not about the call (bugs), which the
    caller lets propagate. Garbled replies (invalid JSON, a body of the wrong
    shape) are retryable: in practice they come from proxies and gateways that
    answer with an HTML error page or cut a body short, and they pass; if they do
    not, the retries run out and the sample is an ``infra_error``, never a model
    failure.
    """
    kind = {cls.__name__ for cls in type(exc).__mro__}
    if "APITimeoutError" in kind:
        return ProviderError(timeout_message(provider, where, timeout_s), retryable=True)
    if "APIConnectionError" in kind:
        cause = exc.__cause__ or exc.__context__
        reason = one_line(_scrub(str(cause), secret)) if cause else "connection failed"
        return ProviderError(f"{provider}: connection to {where} failed: {reason}", retryable=True)
    status = getattr(exc, "status_code", None)
    if "APIStatusError" in kind and isinstance(status, int) and status < 400:
        # An error event inside a stream whose HTTP status was already 200
        # (Anthropic sends ``overloaded_error`` this way): transient.
        detail = one_line(_scrub(_status_detail(exc), secret))
        return ProviderError(f"{provider}: error in the stream from {where}: {detail}",
                             retryable=True)
    if "APIStatusError" in kind and isinstance(status, int):
        response = getattr(exc, "response", None)
        headers = dict(response.headers) if response is not None else {}
        retryable = status in _RETRYABLE_4XX or status >= 500
        # Both APIs send ``x-should-retry`` when they know better than the status.
        should_retry = {k.lower(): v for k, v in headers.items()}.get("x-should-retry")
        if should_retry in ("true", "false"):
            retryable = should_retry == "true"
        detail = one_line(_scrub(_status_detail(exc), secret))
        hint = _HINTS.get(status)
        message = f"{provider}: HTTP {status} from {where}: {detail}"
        if hint:
            message += f" ({hint})"
        return ProviderError(message, retryable=retryable, status=status,
                             retry_after=parse_retry_after(headers) if retryable else None)
    # Raw transport errors escape the SDKs while a stream is being read.
    if "TimeoutException" in kind:
        return ProviderError(timeout_message(provider, where, timeout_s),
                             retryable=True)
    if "TransportError" in kind:
        reason = one_line(_scrub(str(exc), secret)) or type(exc).__name__
        return ProviderError(f"{provider}: connection to {where} failed: {reason}",
                             retryable=True)
    if "APIResponseValidationError" not in kind and "APIError" in kind:
        # An error event inside a stream (the HTTP status was already 200).
        detail = one_line(_scrub(_status_detail(exc), secret))
        return ProviderError(f"{provider}: error in the stream from {where}: {detail}",
                             retryable=True)
    if "APIResponseValidationError" in kind or isinstance(exc, ValueError):
        # json.JSONDecodeError is a ValueError; the SDKs raise it for a body that
        # claims to be JSON and is not.
        return garbled(provider, where, one_line(_scrub(str(exc), secret), 120))
    return None


def timeout_message(provider: str, where: str, timeout_s: float) -> str:
    # One wording for the SDK's, the transport's and our own overall timeout,
    # which race each other when they share one limit.
    return f"{provider}: no complete reply from {where} within {timeout_s:g}s"


def garbled(provider: str, where: str, what: str) -> ProviderError:
    """The error for a reply that is not the JSON the API promises."""
    return ProviderError(f"{provider}: garbled reply from {where}: {what}", retryable=True)


async def guarded_call(call: Callable[[], Awaitable[ReplyT]], *, provider: str, where: str,
                       timeout_s: float, secret: str | None) -> ReplyT:
    """Await one SDK call under an overall timeout; every failure a ``ProviderError``.

    In stream mode the SDK's own timeout bounds each read, not the whole answer, so
    the overall limit is enforced here. SDK exceptions are mapped by
    :func:`map_sdk_error` (the key scrubbed from any message); anything it does not
    recognise is a bug and propagates unchanged.
    """
    try:
        async with asyncio.timeout(timeout_s):
            return await call()
    except ProviderError:
        raise
    except TimeoutError:
        raise ProviderError(timeout_message(provider, where, timeout_s),
                            retryable=True) from None
    except Exception as exc:
        error = map_sdk_error(exc, provider=provider, where=where, timeout_s=timeout_s,
                              secret=secret)
        if error is None:
            raise
        raise error from None
