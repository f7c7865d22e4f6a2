"""``codecanary audit tokenizer`` through the real console entry: exit codes and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from codecanary.records import SubjectSpec
from codecanary.store import Store


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codecanary", "audit", "tokenizer",
                           *map(str, args)], capture_output=True, text=True, timeout=300)


def test_one_tokenizer_is_ok(cl100k: Path) -> None:
    done = cli(cl100k)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("verdict: ok")
    assert "round trip: 0 of" in done.stdout


def test_added_tokens_warn_and_fail_on_mismatch_relaxes(cl100k: Path,
                                                       variants: dict[str, Path]) -> None:
    done = cli(cl100k, variants["appended"], "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "warning"
    assert len(report["added"]) == 40 and report["removed"] == [] and report["remapped"] == []
    for field in ("vocab_old", "vocab_new", "code_critical_affected", "roundtrip_failures",
                  "segmentation_changed", "embedding_rows", "untrained_candidates"):
        assert field in report
    assert cli(cl100k, variants["appended"], "--fail-on", "mismatch").returncode == 0


def test_moved_keywords_are_a_mismatch(cl100k: Path, variants: dict[str, Path],
                                       tmp_path: Path) -> None:
    table = tmp_path / "emb.npy"
    np.save(table, np.random.default_rng(0).standard_normal((100_256, 16)).astype(np.float16))
    done = cli(cl100k, variants["keywords"], "--embeddings", table, "--json",
               "--fail-on", "mismatch")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "mismatch"
    assert report["embedding_rows"] == 100_256
    assert " def" in report["code_critical_affected"][:8]
    remap = next(r for r in report["remapped"] if r["token"] == " def")
    assert remap["old_id"] == 711 and remap["new_id"] != 711
    assert report["findings"][0]["severity"] == "mismatch"


def _one_error_line(done: subprocess.CompletedProcess[str], pattern: str) -> None:
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert pattern in lines[0]


def test_malformed_files_exit_2_with_one_line(cl100k: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tiktoken"
    bad.write_text("YWI= 0\nnot!base64 1\n")
    _one_error_line(cli(bad), "bad.tiktoken:2: bad base64 token")
    truncated = tmp_path / "tokenizer.json"
    truncated.write_text('{"model": {"type": "BPE", "vocab": {"a": 0, ')
    _one_error_line(cli(truncated), "(truncated?)")
    cube = tmp_path / "cube.npy"
    np.save(cube, np.zeros((4, 4, 4), dtype=np.float16))
    _one_error_line(cli(cl100k, "--embeddings", cube), "expected a 2-D matrix")
    _one_error_line(cli(cl100k, "--record"), "--record needs --subject")


def test_record_adds_a_tokenizer_event(cl100k: Path, variants: dict[str, Path],
                                       tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    store = Store.open(str(db))
    store.ensure_subject(SubjectSpec(name="m", provider="simulated", model="m1"))
    done = subprocess.run([sys.executable, "-m", "codecanary", "--db", str(db), "audit",
                           "tokenizer", str(cl100k), str(variants["keywords"]), "--record",
                           "--subject", "m", "--at", "2026-11-20"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    events = store.events(store.subject_id("m"))
    store.close()
    assert [e["kind"] for e in events] == ["tokenizer"]
    assert events[0]["at"].date().isoformat() == "2026-11-20"
    assert "mismatch: code-critical" in events[0]["note"]
