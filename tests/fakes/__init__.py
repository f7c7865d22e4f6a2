"""Loopback fakes of the OpenAI and Anthropic HTTP APIs for tests and benchmarks."""

from tests.fakes.server import (
    Answer,
    Cut,
    FakeLLMServer,
    Raw,
    RecordedRequest,
    Reply,
    Responder,
    Status,
    answer_with,
)

__all__ = ["Answer", "Cut", "FakeLLMServer", "Raw", "RecordedRequest", "Reply", "Responder",
           "Status",
           "answer_with"]
