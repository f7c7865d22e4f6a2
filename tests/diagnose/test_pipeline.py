"""Each cause diagnosed end to end: simulated provider → sandbox → store → diagnose."""

from __future__ import annotations

from typing import Any

import pytest

from codecanary.diagnose import diagnose_subject
from codecanary.monitor import run_check
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus
from codecanary.store import Store
from tests.diagnose.history import history

CASES: list[tuple[str, list[dict[str, Any]]]] = [
    ("tokenizer_mismatch", [{"kind": "tokenizer_mismatch", "rate": 0.6}]),
    ("data_quality", [{"kind": "data_quality", "rate": 0.8}]),
    ("forgetting", [{"kind": "forgetting", "rate": 0.7, "languages": ["javascript"],
                     "improve": ["python"]}]),
    ("serving_fault", [{"kind": "truncation", "rate": 0.4}]),
    ("serving_fault", [{"kind": "token_corruption", "rate": 0.5}]),
]


@pytest.mark.parametrize(("cause", "faults"), CASES)
def test_each_cause_is_ranked_first(store: Store, cause: str,
                                    faults: list[dict[str, Any]]) -> None:
    history(store, "s", faults)
    assert run_check(store, "s").exit_code == 1
    diagnosis = diagnose_subject(store, "s")
    assert diagnosis.top is not None and diagnosis.top.cause == cause, diagnosis.causes
    assert diagnosis.top.evidence and diagnosis.top.next_checks


def test_tokenizer_mismatch_names_the_garbled_strings(store: Store) -> None:
    history(store, "tok", [{"kind": "tokenizer_mismatch", "rate": 0.6}],
            event=("tokenizer", "tokenizer sha256 aaa -> bbb: 212 tokens re-mapped"))
    diagnosis = diagnose_subject(store, "tok")
    top = diagnosis.tokens.top
    assert top and top[0].vocabulary and top[0].tasks >= 3
    from codecanary.providers.simulated.training import REMAP

    assert top[0].old in REMAP
    assert any("212 tokens re-mapped" in e for e in diagnosis.causes[0].evidence)
    assert diagnosis.confidence == "high"
    from codecanary.report.html.hooks import diagnosis_tables

    table = diagnosis_tables(store, "tok")[0]
    assert table.rows[0][0] == "tokenizer_mismatch" and "likely cause" in table.note


def test_a_steady_subject_gets_no_cause(store: Store) -> None:
    history(store, "steady", [])
    diagnosis = diagnose_subject(store, "steady")
    assert diagnosis.top is None
    assert diagnosis.confidence == "none"
    assert "none stated" in diagnosis.headline()


class _HarnessBroke:
    """A harness change: the test runner cannot load its helpers for half the programs."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0

    async def execute(self, request: ExecRequest) -> ExecResult:
        self.calls += 1
        if self.calls % 2:
            return ExecResult(status=ExecStatus.FAILED, exit_code=1,
                              stderr="Error: Cannot find module 'harness-helpers'")
        result: ExecResult = await self.inner.execute(request)
        return result

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_harness_change_is_ranked_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from codecanary.executors import local as local_executor
    from tests.diagnose.history import FAULT_DAY

    history(store, "h", [], days=FAULT_DAY)
    real = local_executor.open_sandbox
    monkeypatch.setattr(local_executor, "open_sandbox",
                        lambda name, **kw: _HarnessBroke(real(name, **kw)))
    history(store, "h", [], days=FAULT_DAY + 1, first_day=FAULT_DAY)
    diagnosis = diagnose_subject(store, "h")
    assert diagnosis.top is not None and diagnosis.top.cause == "harness", diagnosis.causes
    assert diagnosis.tokens.unchanged > 0
