"""Wire formats of the fake server: OpenAI chat/completions and Anthropic messages."""

from __future__ import annotations

import itertools
import json
import time
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tests.fakes.server import Answer

Dialect = Literal["openai", "anthropic"]
_ids = itertools.count(1)
FAKE_MODELS = ("fake-model", "fake-base-model")


def dialect_for(path: str) -> Dialect | None:
    if path.endswith("/chat/completions") or path.endswith("/completions"):
        return "openai"
    if path.endswith("/messages"):
        return "anthropic"
    return None


def models_list() -> dict[str, Any]:
    return {"object": "list", "data": [
        {"id": name, "object": "model", "created": 0, "owned_by": "fake"} for name in FAKE_MODELS
    ]}


def requested_model(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("model"), str):
        return str(body["model"])
    return "fake-model"


def answer_body(dialect: Dialect, path: str, body: Any, answer: Answer) -> dict[str, Any]:
    model = answer.model or requested_model(body)
    if dialect == "anthropic":
        return _anthropic_message(model, answer)
    usage = None
    if answer.tokens_in is not None or answer.tokens_out is not None:
        tokens_in = answer.tokens_in or 0
        tokens_out = answer.tokens_out or 0
        usage = {"prompt_tokens": tokens_in, "completion_tokens": tokens_out,
                 "total_tokens": tokens_in + tokens_out}
    finish = answer.finish_reason or "stop"
    common = {"id": f"cmpl-{next(_ids)}", "created": int(time.time()), "model": model,
              "system_fingerprint": "fp_fake", "usage": usage}
    if path.endswith("/chat/completions"):
        return {**common, "object": "chat.completion", "choices": [{
            "index": 0, "finish_reason": finish, "logprobs": None,
            "message": {"role": "assistant", "content": answer.text},
        }]}
    return {**common, "object": "text_completion", "choices": [{
        "index": 0, "finish_reason": finish, "logprobs": None, "text": answer.text,
    }]}


def _anthropic_message(model: str, answer: Answer) -> dict[str, Any]:
    content = [{"type": "text", "text": answer.text}] if answer.text else []
    return {
        "id": f"msg_{next(_ids)}", "type": "message", "role": "assistant", "model": model,
        "content": content, "stop_reason": answer.finish_reason or "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": answer.tokens_in or 0, "output_tokens": answer.tokens_out or 0},
    }


def error_body(dialect: Dialect, status: int, message: str) -> dict[str, Any]:
    if dialect == "anthropic":
        kind = {429: "rate_limit_error", 529: "overloaded_error", 401: "authentication_error",
                404: "not_found_error", 400: "invalid_request_error"}.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
    return {"error": {"message": message, "type": "fake_error", "param": None,
                      "code": str(status)}}


def prompt_of(body: Any) -> str:
    """The user prompt of a chat, completion or messages request (for responders)."""
    if not isinstance(body, dict):
        return ""
    if isinstance(body.get("prompt"), str):
        return str(body["prompt"])
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def _pieces(text: str, n: int = 3) -> list[str]:
    size = max(1, -(-len(text) // n))
    return [text[i:i + size] for i in range(0, len(text), size)]


def _sse(data: dict[str, Any] | str, event: str | None = None) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()


def stream_events(dialect: Dialect, path: str, body: Any, answer: Answer) -> list[bytes]:
    """The server-sent events of a streamed answer, one entry per event."""
    model = answer.model or requested_model(body)
    tokens_in, tokens_out = answer.tokens_in or 0, answer.tokens_out or 0
    if dialect == "anthropic":
        start = _anthropic_message(model, answer)
        start.update(content=[], stop_reason=None)
        start["usage"] = {"input_tokens": tokens_in, "output_tokens": 1}
        events = [_sse({"type": "message_start", "message": start}, "message_start"),
                  _sse({"type": "content_block_start", "index": 0,
                        "content_block": {"type": "text", "text": ""}}, "content_block_start")]
        events += [_sse({"type": "content_block_delta", "index": 0,
                         "delta": {"type": "text_delta", "text": piece}}, "content_block_delta")
                   for piece in _pieces(answer.text)]
        events += [
            _sse({"type": "content_block_stop", "index": 0}, "content_block_stop"),
            _sse({"type": "message_delta",
                  "delta": {"stop_reason": answer.finish_reason or "end_turn",
                            "stop_sequence": None},
                  "usage": {"output_tokens": tokens_out}}, "message_delta"),
            _sse({"type": "message_stop"}, "message_stop"),
        ]
        return events
    chat = path.endswith("/chat/completions")
    common = {"id": f"cmpl-{next(_ids)}", "created": int(time.time()), "model": model,
              "object": "chat.completion.chunk" if chat else "text_completion",
              "system_fingerprint": "fp_fake"}

    def chunk(piece: str | None, finish: str | None) -> dict[str, Any]:
        if chat:
            delta = {} if piece is None else {"role": "assistant", "content": piece}
            choice: dict[str, Any] = {"index": 0, "delta": delta}
        else:
            choice = {"index": 0, "text": piece or "", "logprobs": None}
        return {**common, "choices": [{**choice, "finish_reason": finish}]}

    events = [_sse(chunk(piece, None)) for piece in _pieces(answer.text)]
    events.append(_sse(chunk(None, answer.finish_reason or "stop")))
    options = body.get("stream_options") if isinstance(body, dict) else None
    if isinstance(options, dict) and options.get("include_usage"):
        events.append(_sse({**common, "choices": [], "usage": {
            "prompt_tokens": tokens_in, "completion_tokens": tokens_out,
            "total_tokens": tokens_in + tokens_out}}))
    events.append(_sse("[DONE]"))
    return events


def reverse_prompt(request: Any) -> Any:
    """A ready-made responder (answers with the reversed prompt), for subprocess tests."""
    from tests.fakes.server import Answer

    return Answer(text=prompt_of(request.body)[::-1])
