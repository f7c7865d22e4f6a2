import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from codecanary.errors import StoreError
from codecanary.records import RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.store import Store, resolve_url
from codecanary.store.migrations import MIGRATIONS
from codecanary.store.schema import metadata
from codecanary.suites import load_suite

SUBJECT = SubjectSpec(name="s", provider="simulated", model="m")


def _run(store: Store, run_id: str = "r1", n_tasks: int = 3) -> list[str]:
    suite = load_suite("humaneval")
    ids = [t.id for t in suite.tasks[:n_tasks]]
    store.create_run(run_id=run_id, subject_id=store.ensure_subject(SUBJECT),
                     suite_id=store.save_suite(suite),
                     logical_time=datetime(2026, 1, 2, tzinfo=UTC), samples_per_task=2,
                     task_ids=ids, settings={"x": 1}, fingerprint={"model": "m"})
    return ids


def test_default_location_is_documented_data_dir(tmp_path: Path) -> None:
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'home' / 'codecanary.db'}"


def test_sqlite_uses_wal(store: Store, tmp_path: Path) -> None:
    _run(store)
    con = sqlite3.connect(tmp_path / "test.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_create_exactly_the_schema(store: Store) -> None:
    insp = inspect(store.engine)
    for table in metadata.sorted_tables:
        stored = {c["name"] for c in insp.get_columns(table.name)}
        assert stored == {c.name for c in table.columns}, table.name
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT version FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]


def test_reopen_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = str(tmp_path / "again.db")
    Store.open(path).close()
    Store.open(path).close()
    with sqlite3.connect(path) as con:
        count = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        assert count == len(MIGRATIONS)


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer than this codecanary"):
        Store.open(str(path))


def test_suite_saved_once_and_round_trips(store: Store) -> None:
    suite = load_suite("humaneval")
    first = store.save_suite(suite)
    assert store.save_suite(suite) == first
    assert store.load_suite(first).version == suite.version


def test_samples_are_unique_per_task_and_index(store: Store) -> None:
    ids = _run(store)
    rec = SampleRecord(run_id="r1", task_id=ids[0], sample_index=0, status=SampleStatus.PASSED)
    assert store.save_sample(rec)
    assert not store.save_sample(rec)
    assert store.done_keys("r1") == {(ids[0], 0)}


def test_run_counts_and_listing(store: Store) -> None:
    ids = _run(store)
    statuses = [SampleStatus.PASSED, SampleStatus.FAILED, SampleStatus.INFRA_ERROR]
    for i, status in enumerate(statuses):
        store.save_sample(SampleRecord(run_id="r1", task_id=ids[i], sample_index=0,
                                       status=status, metrics={"a": 1}))
    store.set_run_status("r1", RunStatus.COMPLETED)
    run = store.get_run("r1")
    assert (run.n_samples, run.n_passed, run.n_failed, run.n_infra_errors) == (3, 1, 1, 1)
    assert run.n_expected == 6
    assert run.logical_time == datetime(2026, 1, 2, tzinfo=UTC)
    assert run.finished_at is not None and run.finished_at.tzinfo is not None
    assert [r.id for r in store.list_runs(subject="s")] == ["r1"]
    assert store.list_runs(subject="other") == []
    assert store.samples("r1")[0].metrics == {"a": 1}


def test_unknown_run_is_clear(store: Store) -> None:
    with pytest.raises(StoreError, match="no run 'zzz'"):
        store.get_run("zzz")


def test_unopenable_database_is_clear(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the database directory"):
        Store.open(str(blocker / "sub" / "db.sqlite"))
    with pytest.raises(StoreError, match="cannot use database URL"):
        Store.open("nosuchdialect://u:secret@h/db")


def test_password_never_in_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store.open("nosuchdialect://user:hunter2@localhost/db")
    assert "hunter2" not in str(info.value)


def test_version_2_database_upgrades_and_keeps_its_samples(tmp_path: Path) -> None:
    """A database left at schema version 2 gains ``diagnostics``; old rows read as none."""
    from sqlalchemy import create_engine, insert

    from codecanary.store import m001_initial, m002_monitor
    from codecanary.store import schema as s

    path = tmp_path / "v2.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        s.schema_migrations.create(conn)
        m001_initial.apply(conn)
        m002_monitor.apply(conn)
        for version in (1, 2):
            conn.execute(insert(s.schema_migrations).values(
                version=version, name="old", applied_at=datetime(2026, 1, 1, tzinfo=UTC)))
    engine.dispose()
    with sqlite3.connect(path) as con:
        assert "diagnostics" not in {r[1] for r in con.execute("PRAGMA table_info(samples)")}
    store = Store.open(str(path))
    try:
        ids = _run(store)
        with sqlite3.connect(path) as con:
            con.execute("INSERT INTO samples (run_id, task_id, sample_index, status, attempts,"
                        " metrics, created_at) VALUES ('r1', ?, 0, 'passed', 1, '{}',"
                        " '2026-01-01')", (ids[0],))
        assert store.samples("r1")[0].diagnostics == []
        rec = SampleRecord(run_id="r1", task_id=ids[1], sample_index=0,
                           status=SampleStatus.FAILED, diagnostics=["syntax: line 1: x"])
        assert store.save_sample(rec)
        assert store.samples("r1", [ids[1]])[0].diagnostics == ["syntax: line 1: x"]
    finally:
        store.close()
