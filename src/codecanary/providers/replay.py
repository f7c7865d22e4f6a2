"""``replay``: answers with completions read from a JSONL file (``codecanary evaluate``).

The response to (task, sample index) is that task's sample of that index in the
file (see :mod:`codecanary.completions`). Options: ``file`` (required) and
``sha256``; with it, a file that changed since the run began is refused rather
than mixed into the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from codecanary.completions import read_completions
from codecanary.providers._common import parse_options
from codecanary.providers.base import (
    GenerateRequest,
    ProviderBase,
    ProviderConfigError,
    ProviderError,
    Response,
)

_NAME = "replay"


class ReplayOptions(BaseModel):
    """Options of the ``replay`` provider."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    sha256: str | None = None


class ReplayProvider(ProviderBase):
    """Hands back ready-made completions; never calls anything."""

    name: ClassVar[str] = _NAME

    def __init__(self, *, model: str, options: Mapping[str, Any]) -> None:
        self.model = model
        self.options = parse_options(ReplayOptions, options, _NAME)
        self.completions = read_completions(self.options.file)
        if self.options.sha256 and self.options.sha256 != self.completions.sha256:
            raise ProviderConfigError(
                f"replay: {self.options.file} changed since the run began (sha256 differs)")

    async def generate(self, request: GenerateRequest) -> Response:
        """The file's sample ``request.sample_index`` of ``request.task_id``."""
        text = self.completions.text(request.task_id, request.sample_index)
        if text is None:
            raise ProviderError(f"replay: no sample {request.sample_index} of "
                                f"{request.task_id!r} in {self.options.file}", retryable=False)
        return Response(text=text, model=self.model, finish_reason="stop")
