import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from codecanary.errors import StoreError
from codecanary.records import RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.store import Store, resolve_url
from codecanary.store.migrations import head
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


def test_migrations_create_exactly_the_schema(any_store: Store) -> None:
    insp = inspect(any_store.engine)
    for table in metadata.sorted_tables:
        stored = {c["name"] for c in insp.get_columns(table.name)}
        assert stored == {c.name for c in table.columns}, table.name
        indexes = {i["name"] for i in insp.get_indexes(table.name)}
        assert {i.name for i in table.indexes} <= indexes, table.name
    with any_store.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        legacy = conn.exec_driver_sql("SELECT max(version) FROM schema_migrations").scalar()
    assert version == head()
    assert legacy == 5  # what a pre-Alembic codecanary reads, and refuses


def test_reopen_does_not_rerun_migrations(db_url: str) -> None:
    from codecanary.store.migrations import migrate

    Store.open(db_url).close()
    store = Store.open(db_url)
    try:
        assert migrate(store.engine) == []
        with store.engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM schema_migrations").scalar()
        assert count == 1
    finally:
        store.close()


def test_newer_schema_refused(db_url: str) -> None:
    Store.open(db_url).close()
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_future'")
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this codecanary"):
        Store.open(db_url)


def test_legacy_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT,"
                    " applied_at TEXT)")
        con.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer than this codecanary"):
        Store.open(str(path))


def test_suite_saved_once_and_round_trips(any_store: Store) -> None:
    suite = load_suite("humaneval")
    first = any_store.save_suite(suite)
    assert any_store.save_suite(suite) == first
    assert any_store.load_suite(first).version == suite.version


def test_samples_are_unique_per_task_and_index(any_store: Store) -> None:
    ids = _run(any_store)
    rec = SampleRecord(run_id="r1", task_id=ids[0], sample_index=0, status=SampleStatus.PASSED)
    assert any_store.save_sample(rec)
    assert not any_store.save_sample(rec)
    assert any_store.done_keys("r1") == {(ids[0], 0)}


def test_run_counts_and_listing(any_store: Store) -> None:
    ids = _run(any_store)
    statuses = [SampleStatus.PASSED, SampleStatus.FAILED, SampleStatus.INFRA_ERROR]
    for i, status in enumerate(statuses):
        any_store.save_sample(SampleRecord(run_id="r1", task_id=ids[i], sample_index=0,
                                       status=status, metrics={"a": 1}))
    any_store.set_run_status("r1", RunStatus.COMPLETED)
    run = any_store.get_run("r1")
    assert (run.n_samples, run.n_passed, run.n_failed, run.n_infra_errors) == (3, 1, 1, 1)
    assert run.n_expected == 6
    assert run.logical_time == datetime(2026, 1, 2, tzinfo=UTC)
    assert run.finished_at is not None and run.finished_at.tzinfo is not None
    assert [r.id for r in any_store.list_runs(subject="s")] == ["r1"]
    assert any_store.list_runs(subject="other") == []
    assert any_store.samples("r1")[0].metrics == {"a": 1}


def test_unknown_run_is_clear(any_store: Store) -> None:
    with pytest.raises(StoreError, match="no run 'zzz'"):
        any_store.get_run("zzz")


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


def _legacy_database(url: str, upto: int) -> None:
    """A database exactly as the pre-Alembic code built it: m001..m00N + their version rows."""
    from sqlalchemy import create_engine, insert

    from codecanary.store import m001_initial, m002_monitor, m003_diagnostics, m004_cli
    from codecanary.store import schema as s

    steps = (m001_initial.apply, m002_monitor.apply, m003_diagnostics.apply, m004_cli.apply)
    names = ("initial", "monitoring", "sample_diagnostics", "run_owner")
    engine = create_engine(url)
    with engine.begin() as conn:
        s.schema_migrations.create(conn)
    for version in range(1, upto + 1):
        with engine.begin() as conn:
            steps[version - 1](conn)
            conn.execute(insert(s.schema_migrations).values(
                version=version, name=names[version - 1],
                applied_at=datetime(2026, 1, 1, tzinfo=UTC)))
    engine.dispose()


def test_version_4_database_upgrades_in_place_with_nothing_lost(db_url: str) -> None:
    """The current pre-Alembic schema (m001..m004) with data becomes the Alembic head."""
    from sqlalchemy import create_engine

    _legacy_database(db_url, 4)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO subjects (id, name, provider, model, created_at) VALUES "
            "(1, 's', 'simulated', 'm', '2026-01-01 00:00:00+00')")
        conn.exec_driver_sql(
            "INSERT INTO suites (id, name, version, description, source, n_tasks, created_at)"
            " VALUES (1, 'x', 'v1', '', '', 1, '2026-01-01 00:00:00+00')")
        conn.exec_driver_sql(
            "INSERT INTO runs (id, subject_id, suite_id, status, started_at, logical_time,"
            " samples_per_task, task_ids, settings, fingerprint, pid, host) VALUES ('r1', 1, 1,"
            " 'completed', '2026-01-01 00:00:00+00', '2026-01-02 00:00:00+00', 1, '[\"t1\"]',"
            " '{}', '{}', 7, 'h')")
        conn.exec_driver_sql(
            "INSERT INTO samples (run_id, task_id, sample_index, status, attempts, metrics,"
            " created_at, diagnostics) VALUES ('r1', 't1', 0, 'passed', 1, '{\"a\": 1}',"
            " '2026-01-01 00:00:00+00', '[\"syntax: x\"]')")
        conn.exec_driver_sql(
            "INSERT INTO events (subject_id, kind, at, note, created_at) VALUES (1, 'deploy',"
            " '2026-01-01 00:00:00+00', 'v2', '2026-01-01 00:00:00+00')")
    engine.dispose()
    store = Store.open(db_url)
    try:
        run = store.get_run("r1")
        assert (run.subject, run.n_samples, run.n_passed) == ("s", 1, 1)
        (sample,) = store.samples("r1")
        assert sample.metrics == {"a": 1} and sample.diagnostics == ["syntax: x"]
        assert [e["note"] for e in store.events(1)] == ["v2"]
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql(
                "SELECT version_num FROM alembic_version").scalar() == head()
            legacy = conn.exec_driver_sql(
                "SELECT version FROM schema_migrations ORDER BY version").scalars().all()
        assert legacy == [1, 2, 3, 4, 5]
        insp = inspect(store.engine)
        assert "ix_runs_subject_logical_time" in {i["name"] for i in insp.get_indexes("runs")}
        assert insp.has_table("schedule_slots")
    finally:
        store.close()


def test_plain_postgresql_url_uses_psycopg3() -> None:
    assert resolve_url("postgresql://u@localhost/cc").startswith("postgresql+psycopg://")
    assert resolve_url("postgresql+psycopg://u@h/cc") == "postgresql+psycopg://u@h/cc"


def test_processes_opening_a_new_database_at_once_migrate_it_once(db_url: str) -> None:
    import subprocess
    import sys

    code = f"from codecanary.store import Store; Store.open({db_url!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    store = Store.open(db_url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM schema_migrations").scalar() == 1
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
                == head()
    finally:
        store.close()


def test_non_finite_metrics_are_stored_as_null(any_store: Store) -> None:
    ids = _run(any_store)
    rec = SampleRecord(run_id="r1", task_id=ids[0], sample_index=0, status=SampleStatus.PASSED,
                       metrics={"nan": float("nan"), "inf": float("inf"), "ok": 1.5})
    assert any_store.save_sample(rec)
    assert any_store.samples("r1")[0].metrics == {"nan": None, "inf": None, "ok": 1.5}
