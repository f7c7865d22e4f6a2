"""[execution] in codecanary.toml, the executor registry, and group commits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from codecanary.config import Config, load_config
from codecanary.errors import ConfigError
from codecanary.executors import open_executor
from codecanary.records import SampleRecord, SampleStatus
from codecanary.sample_writer import SampleWriter
from codecanary.sandbox import Limits
from codecanary.store import Store


def test_execution_section(tmp_path: Path) -> None:
    path = tmp_path / "codecanary.toml"
    path.write_text('[execution]\nbackend = "ray"\naddress = "auto"\n')
    config = load_config(path)
    assert (config.execution.backend, config.execution.address) == ("ray", "auto")
    assert Config().execution.backend == "local"
    path.write_text('[execution]\nbackend = "slurm"\n')
    with pytest.raises(ConfigError, match=r"execution\.backend"):
        load_config(path)


def test_unknown_executor_is_one_line() -> None:
    with pytest.raises(ConfigError, match="unknown executor 'slurm'"):
        open_executor("slurm", sandbox="bwrap", limits=Limits())


def test_group_commit_reports_each_sample_once_committed(store: Store) -> None:
    from codecanary.config import BUILTIN_SUBJECTS
    from codecanary.suites import load_suite

    suite = load_suite("humaneval")
    suite_id = store.save_suite(suite)
    subject_id = store.ensure_subject(BUILTIN_SUBJECTS["simulated"])
    from datetime import UTC, datetime

    store.create_run(run_id="r1", subject_id=subject_id, suite_id=suite_id,
                     logical_time=datetime.now(UTC), samples_per_task=1,
                     task_ids=[t.id for t in suite.tasks[:30]], settings={}, fingerprint={})
    records = [SampleRecord(run_id="r1", task_id=t.id, sample_index=0,
                            status=SampleStatus.PASSED) for t in suite.tasks[:30]]

    async def save_all() -> tuple[list[bool], int]:
        writer = SampleWriter(store, max_batch=8)
        saved = await asyncio.gather(*(writer.save(r) for r in [*records, records[0]]))
        return list(saved), writer.batches

    saved, batches = asyncio.run(save_all())
    assert saved == [True] * 30 + [False]  # the repeated (task, index) is not stored twice
    assert 1 < batches < 31  # grouped, and bounded by max_batch
    assert len(store.done_keys("r1")) == 30
