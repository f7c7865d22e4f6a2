"""The commands a new user meets in the first hour, through the real CLI (issue 18).

Histories are synthetic (written straight into a store, no sandbox) so these are fast.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from codecanary import __version__
from codecanary.cli import hoist_global_options, main
from codecanary.records import RunRecord, SubjectSpec
from codecanary.store import Store
from tests.monitor.panel import panel
from tests.monitor.synth import write_history

SUITE = panel(12)


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


@pytest.fixture()
def history(tmp_path: Path) -> tuple[Path, list[RunRecord]]:
    """41 daily runs of 'jsfault' (javascript drops from day 33), 5 of 'steady'."""
    db = tmp_path / "h.db"
    store = Store.open(str(db))
    runs = write_history(store, "jsfault", SUITE, 41, seed=5, samples=[3] * 25 + [1] * 16,
                         drop_language="javascript", drop_from=33, drop=0.5)
    write_history(store, "steady", SUITE, 5, seed=3, samples=1)
    store.close()
    return db, runs


# consistency ------------------------------------------------------------------

def _walk(command: click.Command, path: str) -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{path} {name} is listed but cannot be loaded"
            found += _walk(sub, f"{path} {name}")
    return found


def test_every_option_of_every_command_has_help() -> None:
    missing = [f"{path} {'/'.join(p.opts)}" for path, command in _walk(main, "codecanary")
               for p in command.params if isinstance(p, click.Option) and not p.help]
    assert not missing, f"options without help text: {missing}"


def test_sandbox_is_one_choice_everywhere() -> None:
    choices = {path: tuple(p.type.choices) for path, command in _walk(main, "codecanary")
               for p in command.params
               if isinstance(p, click.Option) and "--sandbox" in p.opts
               and isinstance(p.type, click.Choice)}
    plain = [path for path, command in _walk(main, "codecanary") for p in command.params
             if isinstance(p, click.Option) and "--sandbox" in p.opts
             and not isinstance(p.type, click.Choice)]
    assert not plain and len(set(choices.values())) == 1, (plain, choices)
    assert {"codecanary run", "codecanary exec"} <= set(choices)


def test_version_short_flag_and_short_help() -> None:
    for flag in ("-V", "--version"):
        code, out, _ = invoke(flag)
        assert code == 0 and __version__ in out
    code, out, _ = invoke("runs", "prune", "-h")
    assert code == 0 and "--older-than" in out


def test_global_options_after_the_subcommand(history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    code, out, err = invoke("runs", "list", "--json", "--db", str(db), "--limit", "3")
    assert code == 0, err
    assert json.loads(out)[0]["id"] == runs[-1].id
    code, out, _ = invoke("runs", "list", f"--db={db}", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 46
    assert hoist_global_options(["event", "add", "--note", "x", "--", "--db", "y"]) == \
        ["event", "add", "--note", "x", "--", "--db", "y"]


# output that survives a pipe ----------------------------------------------------

def test_formats_never_truncate(history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    ids = {r.id for r in runs}
    code, out, _ = invoke("--db", str(db), "runs", "list", "--subject", "jsfault",
                          "--format", "tsv", "--limit", "100")
    rows = list(csv.DictReader(io.StringIO(out), dialect="excel-tab"))
    assert code == 0 and {r["id"] for r in rows} == ids
    code, out, _ = invoke("--db", str(db), "runs", "list", "--format", "csv", "--limit", "100")
    assert {r["id"] for r in csv.DictReader(io.StringIO(out))} >= ids
    code, out, _ = invoke("--db", str(db), "runs", "list", "--limit", "100")
    assert code == 0 and "…" not in out and all(i in out for i in ids)  # not a terminal
    code, out, _ = invoke("--db", str(db), "runs", "show", runs[-1].id, "--samples")
    assert code == 0 and "…" not in out
    assert all(f"{runs[-1].id}/{t.id}#0" in out for t in SUITE.tasks)
    for args in (["suites", "list"], ["suites", "show", "humaneval"],
                 ["subjects", "list"], ["event", "list", "--subject", "steady"]):
        code, out, err = invoke("--db", str(db), *args, "--format", "jsonl")
        assert code == 0, (args, err)
        assert all(json.loads(line) for line in out.splitlines())


def test_run_ids_by_unique_prefix(history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    target = runs[0].id
    prefix = next(target[:n] for n in range(1, 13)
                  if sum(r.id.startswith(target[:n]) for r in runs) == 1)
    code, out, _ = invoke("--db", str(db), "runs", "show", prefix, "--json")
    assert code == 0 and json.loads(out)["id"] == target
    store = Store.open(str(db))
    ambiguous = next(p for p in (r.id[:1] for r in runs)
                     if sum(r.id.startswith(p) for r in runs) > 1)
    store.close()
    code, _, err = invoke("--db", str(db), "runs", "show", ambiguous)
    assert "ambiguous" in one_line_error(code, err)
    matching = [r.id for r in runs if r.id.startswith(ambiguous)]
    assert matching[0] in err
    one_line_error(*invoke("--db", str(db), "runs", "show", "zzzz")[::2])


def test_check_evidence_opens_with_runs_show(history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    code, out, _ = invoke("--db", str(db), "check", "--subject", "jsfault", "--json")
    assert code == 1
    refs = [ref for v in json.loads(out)["verdicts"] for ref in v["evidence_samples"]]
    assert refs
    code, text, _ = invoke("--db", str(db), "check", "--subject", "jsfault", "--no-update")
    printed = next(line for line in text.splitlines() if "evidence samples:" in line)
    first = printed.split("evidence samples:")[1].split(",")[0].strip()
    for ref in [*refs[:5], first]:
        code, out, err = invoke("--db", str(db), "runs", "show", ref, "--json")
        assert code == 0, err
        sample = json.loads(out)
        assert sample["ref"] == ref
        assert {"prompt", "response_text", "code", "stdout", "stderr", "metrics",
                "diagnostics", "status", "failure_class"} <= set(sample)
    code, out, _ = invoke("--db", str(db), "runs", "show", first)
    for section in ("--- prompt ---", "--- answer ---", "--- extracted code ---",
                    "--- sandbox ---", "--- signals ---"):
        assert section in out
    run_id, _, rest = first.partition("/")
    code, _, err = invoke("--db", str(db), "runs", "show", f"{run_id}/{rest}x")
    one_line_error(code, err)


# databases ------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["postgresql://u:secret@h:notaport/db", "nosuchdialect://x/y",
                                 "sqlite://x/y/z.db"])
def test_malformed_db_url_is_one_line(url: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "codecanary", "--db", url, "runs", "list"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "secret" not in proc.stderr


def test_missing_directory_needs_create(tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "dir.db"
    code, _, err = invoke("--db", str(db), "runs", "list")
    assert "--create" in one_line_error(code, err)
    assert not db.parent.exists()
    code, _, err = invoke("runs", "list", "--db", str(db), "--create")
    assert code == 0, err
    assert db.exists()


def test_read_only_database_can_be_read(history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    invoke("--db", str(db), "check", "--subject", "steady")  # settle WAL, detector state
    Store.open(str(db)).close()
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out, err = invoke("--db", str(db), "runs", "list", "--json", "--limit", "100")
    assert code == 0, err
    assert len(json.loads(out)) == 46
    code, out, err = invoke("--db", str(db), "check", "--subject", "jsfault", "--no-update",
                            "--json")
    assert code == 1 and json.loads(out)["status"] == "regressed", err
    code, _, err = invoke("--db", str(db), "event", "add", "--subject", "steady",
                          "--kind", "deploy")
    assert code == 2 and "read-only" in err and err.count("\n") == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_read_only_database_needing_migration_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Store.open(str(db)).close()
    with sqlite3.connect(db) as con:
        con.execute("UPDATE alembic_version SET version_num = '0004'")
    db.chmod(0o444)
    code, _, err = invoke("--db", str(db), "runs", "list")
    assert "read-only" in one_line_error(code, err) and "migrat" in err


# commands people expect -----------------------------------------------------------

def test_init_then_validate(tmp_path: Path) -> None:
    for provider in ("openai", "anthropic", "command", "simulated"):
        path = tmp_path / f"{provider}.toml"
        code, out, err = invoke("init", "--provider", provider, "--path", str(path))
        assert code == 0, err
        text = path.read_text()
        assert text.count("#") > 5 and f'provider = "{provider}"' in text
        code, out, err = invoke("--config", str(path), "config", "validate", "--json")
        assert code == 0 and json.loads(out)["ok"], out + err
    code, _, err = invoke("init", "--provider", "openai", "--path", str(tmp_path / "openai.toml"))
    assert "--force" in one_line_error(code, err)
    bad = tmp_path / "bad.toml"
    bad.write_text('[subjects.x]\nprovider = "openai"\nmodel = "m"\n'
                   '[subjects.x.options]\ntemperature = 9\n[panels.p]\nsuite = "nosuch"\n')
    code, out, err = invoke("config", "validate", str(bad))
    assert code == 2 and "subjects.x" in err and "panels.p" in err and "Traceback" not in err


def test_subjects_list(history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    code, out, _ = invoke("--db", str(db), "subjects", "list", "--json")
    found = {s["name"]: s for s in json.loads(out)}
    assert code == 0 and set(found) == {"jsfault", "steady"}
    assert found["jsfault"]["n_runs"] == 41
    assert found["jsfault"]["last_run"]["id"] == runs[-1].id
    assert found["jsfault"]["last_run"]["status"] == "completed"


def test_event_before_first_run_defaults_to_now_and_deletes(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[subjects.fresh]\nprovider = "simulated"\nmodel = "m"\n')
    db = str(tmp_path / "e.db")
    code, out, _ = invoke("--db", db, "--config", str(cfg), "event", "list", "--subject",
                          "fresh", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = invoke("--db", db, "--config", str(cfg), "event", "add", "--subject",
                            "fresh", "--kind", "deploy", "--note", "v1")
    assert code == 0, err
    code, out, _ = invoke("--db", db, "event", "list", "--subject", "fresh", "--json")
    (event,) = json.loads(out)
    assert event["note"] == "v1" and event["at"][:4] >= "2026"
    code, out, _ = invoke("--db", db, "event", "delete", str(event["id"]))
    assert code == 0
    code, out, _ = invoke("--db", db, "event", "list", "--subject", "fresh", "--json")
    assert json.loads(out) == []
    one_line_error(*invoke("--db", db, "event", "delete", str(event["id"]))[::2])


def test_runs_delete_and_prune(history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    code, _, err = invoke("--db", str(db), "runs", "delete", runs[0].id)
    assert "--yes" in one_line_error(code, err)  # stdin is not a terminal
    code, out, _ = invoke("--db", str(db), "runs", "delete", runs[0].id, "--yes")
    assert code == 0 and "deleted 1 run" in out
    code, out, _ = invoke("--db", str(db), "runs", "prune", "--older-than", "2026-01-11",
                          "--subject", "jsfault", "--dry-run")
    assert code == 0 and "would delete 9 run(s)" in out
    code, out, _ = invoke("--db", str(db), "runs", "prune", "--older-than", "2026-01-11",
                          "--subject", "jsfault", "--yes")
    assert code == 0 and "deleted 9 run(s)" in out
    code, out, _ = invoke("--db", str(db), "runs", "list", "--subject", "jsfault", "--json",
                          "--limit", "100")
    assert len(json.loads(out)) == 31
    one_line_error(*invoke("--db", str(db), "runs", "prune", "--older-than", "soon")[::2])


def test_export_formats_and_filters(history: tuple[Path, list[RunRecord]],
                                    tmp_path: Path) -> None:
    db, runs = history
    last = runs[-1]
    code, out, _ = invoke("--db", str(db), "export", "--run", last.id)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == last.n_samples
    assert {r["run_id"] for r in rows} == {last.id} and rows[0]["subject"] == "jsfault"
    code, out, _ = invoke("--db", str(db), "export", "--subject", "jsfault", "--status",
                          "failed", "--format", "csv", "--since", "2026-02-01", "--no-text")
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and all(r["status"] == "failed" for r in table)
    assert all(r["logical_time"] >= "2026-02-01" for r in table) and "code" not in table[0]
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "s.parquet"
    code, _, err = invoke("--db", str(db), "export", "-o", str(target), "--subject", "steady")
    assert code == 0 and "exported" in err
    assert pq.read_table(target).num_rows == 5 * len(SUITE.tasks)


def test_completion_script() -> None:
    code, out, _ = invoke("completion", "bash")
    assert code == 0 and "_CODECANARY_COMPLETE" in out


def test_suites_show_validates_language() -> None:
    code, _, err = invoke("suites", "show", "humaneval", "--language", "golang")
    assert "known:" in one_line_error(code, err)
    code, out, _ = invoke("suites", "show", "humaneval", "--language", "python", "--json")
    assert code == 0 and json.loads(out)["n_tasks"] == 164


@pytest.mark.skipif(shutil.which("javac") is None, reason="no Java toolchain")
def test_exec_java_any_class_name_and_user_file_names(tmp_path: Path) -> None:
    java = tmp_path / "Hello.java"
    java.write_text('public class Hello {\n  public static void main(String[] a) {\n'
                    '    System.out.println("hi " + a.length);\n'
                    '    int[] x = new int[1];\n    x[2] = 1;\n  }\n}\n')
    code, out, err = invoke("exec", "--lang", "java", str(java))
    assert code == 0, err
    assert "hi 0" in out and "Hello.java:5" in out and "Main" not in out
    code, _, err = invoke("exec", "--lang", "java", str(_write(tmp_path, "N.java", "class N {}")))
    assert "static void main" in one_line_error(code, err)
    py = _write(tmp_path, "mine.py", 'def f():\n    raise ValueError("x")\nf()\n')
    code, out, _ = invoke("exec", "--lang", "python", str(py))
    assert code == 0 and 'File "mine.py", line 2' in out
    assert "/cc/codecanary" not in out and "main.py" not in out


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text)
    return path


def test_resume_refuses_a_run_that_is_still_running(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db = tmp_path / "live.db"
    store = Store.open(str(db))
    suite = panel(2)
    store.create_run(run_id="live0001", subject_id=store.ensure_subject(
        store_subject()), suite_id=store.save_suite(suite),
        logical_time=datetime(2026, 1, 1, tzinfo=UTC), samples_per_task=1,
        task_ids=[t.id for t in suite.tasks], settings={}, fingerprint={})
    store.close()  # owned by this (live) process
    code, _, err = invoke("--db", str(db), "run", "--resume", "live")
    assert "still running" in one_line_error(code, err)
    code, out, _ = invoke("--db", str(db), "runs", "list", "--json")
    assert json.loads(out)[0]["status"] == "running"
    code, _, err = invoke("--db", str(db), "config", "validate")
    assert "codecanary init" in one_line_error(code, err)


def store_subject() -> SubjectSpec:
    return SubjectSpec(name="live", provider="simulated", model="m")
