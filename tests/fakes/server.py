"""A scriptable fake LLM HTTP server on 127.0.0.1, speaking OpenAI and Anthropic.

One real ``ThreadingHTTPServer`` on an ephemeral port, in a background thread.
Each request is answered by the next scripted :data:`Reply` in the queue, or,
when the queue is empty, by ``responder(request)`` (default: a fixed answer).
Every request is logged (:class:`RecordedRequest`) for assertions.

The replies cover what real servers and proxies do: answers (with usage, finish
reason and a reported model id), error statuses with Retry-After, slow replies,
bodies that are not JSON, and connections cut in the middle of a body.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import dialects


@dataclass(frozen=True)
class Answer:
    """A successful completion in the dialect of the endpoint that was called."""

    text: str = "ok"
    finish_reason: str | None = None
    """Dialect-native value; ``None`` picks ``stop`` / ``end_turn``."""
    model: str | None = None
    """Reported model id; ``None`` echoes the requested one."""
    tokens_in: int | None = 11
    tokens_out: int | None = 7
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Status:
    """An error status with a JSON error body (e.g. 429 with ``Retry-After``)."""

    code: int
    message: str = "fake error"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Raw:
    """Arbitrary bytes, e.g. malformed JSON or an HTML page from a proxy."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"
    delay_s: float = 0.0


@dataclass(frozen=True)
class Cut:
    """Announce ``Content-Length`` for a full answer, send only part, then close.

    For a streamed request: send the first ``sent_fraction`` of the events, then a
    truncated chunk, then close.
    """

    sent_fraction: float = 0.5
    delay_s: float = 0.0


Reply = Answer | Status | Raw | Cut


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it (headers lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


Responder = Callable[[RecordedRequest], Reply]


def answer_with(solve: Callable[[str], str]) -> Responder:
    """A responder that answers each request with ``solve(prompt)``.

    For an "instant loopback server" in benchmarks: e.g. map each task's prompt
    to its reference solution.
    """

    def responder(request: RecordedRequest) -> Reply:
        return Answer(text=solve(dialects.prompt_of(request.body)))

    return responder


class FakeLLMServer:
    """The server; use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder: Responder = responder or (lambda _request: Answer())
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        # A short poll interval keeps shutdown (once per test) fast.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,),
                                        name="fake-llm-server", daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Base URL including ``/v1``, as the OpenAI SDK expects it."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def root_url(self) -> str:
        """Base URL without ``/v1``, as the Anthropic SDK expects it."""
        return f"http://127.0.0.1:{self.port}"

    def script(self, *replies: Reply) -> None:
        """Queue replies; each request takes the next one, then ``responder`` answers."""
        with self._lock:
            self._queue.extend(replies)

    def next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        return self.responder(request)

    def pause(self, seconds: float) -> None:
        """Sleep in a handler, but wake at once when the server stops."""
        self._stopping.wait(seconds)

    def start(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or hung up is a scripted scenario, not a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _make_handler(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; with Nagle on, the client's
        # delayed ACK holds the body back ~40 ms per request on a kept-alive socket.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return None  # keep test output clean; the request log is the record

        def do_GET(self) -> None:
            self._handle(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length) if length else b""
            try:
                body: Any = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            self._handle(body)

        def _handle(self, body: Any) -> None:
            path = self.path.split("?", 1)[0]
            request = RecordedRequest(self.command, path,
                                      {k.lower(): v for k, v in self.headers.items()}, body)
            if self.command == "GET" and path.rstrip("/").endswith("/models"):
                self._send(200, dialects.models_list(), {})
                return
            dialect = dialects.dialect_for(path)
            if dialect is None:
                server.requests.append(request)
                self._send(404, dialects.error_body("openai", 404, f"no route {path}"), {})
                return
            reply = server.next_reply(request)
            server.pause(reply.delay_s)
            streaming = isinstance(body, dict) and body.get("stream") is True
            if streaming and isinstance(reply, Answer | Cut):
                answer = reply if isinstance(reply, Answer) else Answer()
                events = dialects.stream_events(dialect, path, body, answer)
                if isinstance(reply, Cut):
                    events = events[: max(1, int(len(events) * reply.sent_fraction))]
                self._stream(events, cut=isinstance(reply, Cut),
                             headers=answer.headers if isinstance(reply, Answer) else {})
            elif isinstance(reply, Answer):
                self._send(200, dialects.answer_body(dialect, path, body, reply), reply.headers)
            elif isinstance(reply, Status):
                self._send(reply.code, dialects.error_body(dialect, reply.code, reply.message),
                           reply.headers)
            elif isinstance(reply, Raw):
                self._send_bytes(reply.status, reply.body, reply.content_type, {})
            else:
                self._cut(dialects.answer_body(dialect, path, body, Answer()), reply)

        def _send(self, status: int, payload: Any, headers: dict[str, str]) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), "application/json", headers)

        def _send_bytes(self, status: int, data: bytes, content_type: str,
                        headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, events: list[bytes], *, cut: bool, headers: dict[str, str]) -> None:
            # Chunked transfer encoding, as real servers stream: a cut then is a
            # chunk announced and never finished, which clients see as an error
            # rather than a clean end of body.
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            for event in events:
                self.wfile.write(b"%X\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
            if cut:
                self.wfile.write(b"400\r\ndata: {\"trunc")
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(b"0\r\n\r\n")

        def _cut(self, payload: Any, reply: Cut) -> None:
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: int(len(data) * reply.sent_fraction)])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    return Handler
