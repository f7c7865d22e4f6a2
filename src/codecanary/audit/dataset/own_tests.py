"""``fails_own_tests``: run a record's code with the tests it carries, in the sandbox.

The tests (the field named by ``--tests-field``) are laid out with the code the way
the panel's harness does it (the language's ``program_files``) and executed by
:mod:`codecanary.sandbox` (bubblewrap: no network, read-only system, limits). A
record fails when the program does not exit 0; a sandbox failure is reported as
a note, never as a flag on the record.
"""

from __future__ import annotations

import asyncio

from codecanary.audit.dataset.models import Sample
from codecanary.languages import run_spec
from codecanary.sandbox import ExecRequest, ExecStatus, Limits, Sandbox, open_sandbox

_CONCURRENCY = 2


class OwnTestRunner:
    """Owns one event loop and one sandbox for the whole audit."""

    def __init__(self, timeout_s: float, sandbox: str = "bwrap") -> None:
        self.timeout_s = timeout_s
        self._sandbox_name = sandbox
        self._loop = asyncio.new_event_loop()
        self._sandbox: Sandbox | None = None
        self.notes: list[str] = []

    def run(self, samples: list[Sample]) -> dict[int, str]:
        """Evidence for every sample whose own tests fail, by record index."""
        if not samples:
            return {}
        return self._loop.run_until_complete(self._run(samples))

    async def _run(self, samples: list[Sample]) -> dict[int, str]:
        if self._sandbox is None:
            self._sandbox = open_sandbox(self._sandbox_name)
        gate = asyncio.Semaphore(_CONCURRENCY)
        out: dict[int, str] = {}

        async def one(sample: Sample) -> None:
            lang = sample.language or ""
            try:
                files = run_spec(lang).program_files(sample.code, sample.tests or "", "")
            except Exception:
                self.notes.append(f"{sample.source}: cannot run tests in {lang or 'unknown'}")
                return
            request = ExecRequest(language=lang, files=files,
                                  limits=Limits(timeout_s=self.timeout_s))
            async with gate:
                assert self._sandbox is not None
                result = await self._sandbox.execute(request)
            if result.status is ExecStatus.SANDBOX_ERROR:
                self.notes.append(f"{sample.source}: sandbox error ({result.detail[:80]})")
            elif result.status is not ExecStatus.OK:
                tail = (result.compile_output + "\n" + result.stderr).strip().splitlines()
                out[sample.index] = f"{result.status.value}: {tail[-1][:150] if tail else ''}"

        await asyncio.gather(*(one(s) for s in samples))
        return out

    def close(self) -> None:
        if self._sandbox is not None:
            self._loop.run_until_complete(self._sandbox.aclose())
        self._loop.close()
