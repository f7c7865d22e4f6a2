"""Tokenizer versions on a subject's timeline: hashes in run fingerprints, automatic events."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from codecanary.audit.tokenizer.versioning import FINGERPRINT_KEY, note_tokenizer_change
from codecanary.config import BUILTIN_SUBJECTS, Config
from codecanary.records import SubjectSpec
from codecanary.runner import RunPlan, fingerprint, start_run
from codecanary.store import Store
from codecanary.suites import load_suite


def _stored_run(store: Store, subject: SubjectSpec, run_id: str, day: int) -> dict[str, object]:
    suite = load_suite("builtin")
    plan = RunPlan(subject=subject, suite=suite, task_ids=(suite.tasks[0].id,),
                   logical_time=datetime(2026, 11, day, tzinfo=UTC))
    fp = fingerprint(plan, {})
    store.create_run(run_id=run_id, subject_id=store.ensure_subject(subject),
                     suite_id=store.save_suite(suite), logical_time=plan.logical_time,
                     samples_per_task=1, task_ids=plan.task_ids, settings=plan.settings(),
                     fingerprint=fp)
    return fp


def test_subject_names_tokenizer_files_in_config(tmp_path: Path) -> None:
    config = Config.model_validate({"subjects": {"m": {
        "provider": "simulated", "model": "m1", "tokenizer": "tok.json",
        "embeddings": "emb.safetensors"}}})
    spec = config.subject("m")
    assert (spec.tokenizer, spec.embeddings) == ("tok.json", "emb.safetensors")


def test_changed_tokenizer_adds_an_event_with_the_audit(store: Store, tmp_path: Path,
                                                        cl100k: Path,
                                                        variants: dict[str, Path]) -> None:
    deployed = tmp_path / "deployed.tiktoken"
    shutil.copyfile(cl100k, deployed)
    subject = SubjectSpec(name="m", provider="simulated", model="m1", tokenizer=str(deployed))
    assert note_tokenizer_change(store, subject, datetime(2026, 11, 1, tzinfo=UTC)) is None
    fp = _stored_run(store, subject, "r1", 1)
    files = fp[FINGERPRINT_KEY]
    assert isinstance(files, dict)
    assert files["tokenizer"]["sha256"].startswith("223921b76ee9")
    # Same file the next day: no event.
    assert note_tokenizer_change(store, subject, datetime(2026, 11, 2, tzinfo=UTC)) is None
    _stored_run(store, subject, "r2", 2)
    # The deploy replaces the file in place with the incident's tokenizer.
    shutil.copyfile(variants["incident"], deployed)
    event_id = note_tokenizer_change(store, subject, datetime(2026, 11, 3, tzinfo=UTC))
    assert event_id is not None
    fp3 = _stored_run(store, subject, "r3", 3)
    assert fp3[FINGERPRINT_KEY] != files
    events = store.events(store.subject_id("m"))
    assert [(e["kind"], e["at"].day) for e in events] == [("tokenizer", 3)]
    assert events[0]["note"].startswith("tokenizer sha256 223921b76ee9 -> ")
    assert "mismatch: code-critical" in events[0]["note"]
    # Once recorded, the next run with the same file adds nothing.
    assert note_tokenizer_change(store, subject, datetime(2026, 11, 4, tzinfo=UTC)) is None


def test_subject_without_tokenizer_has_no_fingerprint_entry(store: Store) -> None:
    subject = SubjectSpec(name="plain", provider="simulated", model="m1")
    assert FINGERPRINT_KEY not in _stored_run(store, subject, "p1", 1)
    assert note_tokenizer_change(store, subject, datetime(2026, 11, 2, tzinfo=UTC)) is None


def _tiny_ranks(path: Path, swap: bool) -> Path:
    """A byte-level rank file: 256 bytes plus a few code merges (``swap``: two ids moved)."""
    import base64

    tokens = [bytes([b]) for b in range(256)] + [b"  ", b"    ", b"de", b"def", b" def", b"re"]
    if swap:
        tokens[-2], tokens[-5] = tokens[-5], tokens[-2]
    path.write_bytes(b"".join(base64.b64encode(t) + b" %d\n" % r for r, t in enumerate(tokens)))
    return path


def test_runs_record_hashes_and_a_changed_tokenizer_event(store: Store, tmp_path: Path) -> None:
    """End to end through ``start_run``: the second run's changed file becomes an event."""
    tokenizer = _tiny_ranks(tmp_path / "tok.tiktoken", swap=False)
    subject = BUILTIN_SUBJECTS["simulated"].model_copy(update={"tokenizer": str(tokenizer)})
    suite = load_suite("humaneval")
    sandbox = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")

    def run(day: int) -> dict[str, object]:
        plan = RunPlan(subject=subject, suite=suite, task_ids=(suite.tasks[0].id,),
                       sandbox=sandbox, ground_truth=0,
                       logical_time=datetime(2026, 11, day, tzinfo=UTC))
        return start_run(store, plan).fingerprint

    first = run(1)
    _tiny_ranks(tokenizer, swap=True)
    second = run(2)
    assert first[FINGERPRINT_KEY] != second[FINGERPRINT_KEY]
    events = store.events(store.subject_id("simulated"))
    assert [(e["kind"], e["at"].day) for e in events] == [("tokenizer", 2)]
    assert "remapped" in events[0]["note"] and "' def'" in events[0]["note"]


def test_embedding_change_alone_and_realigned_tables(store: Store, tmp_path: Path) -> None:
    import numpy as np

    from tests.audit.tokenizer.conftest import synthesized_table

    tokenizer = _tiny_ranks(tmp_path / "tok.tiktoken", swap=False)
    table = tmp_path / "emb.npy"
    np.save(table, synthesized_table(262, 64))
    subject = SubjectSpec(name="e", provider="simulated", model="m1", tokenizer=str(tokenizer),
                          embeddings=str(table))
    _stored_run(store, subject, "e1", 1)
    # A new table with ` def` (id 260) left at initialisation: an event, tokenizer unchanged.
    np.save(table, synthesized_table(262, 64, untrained=[260], seed=1))
    assert note_tokenizer_change(store, subject, datetime(2026, 11, 2, tzinfo=UTC))
    _stored_run(store, subject, "e2", 2)
    # Tokenizer and table change together: the table counts as re-aligned for NEW.
    _tiny_ranks(tokenizer, swap=True)
    np.save(table, synthesized_table(262, 64, seed=2))
    assert note_tokenizer_change(store, subject, datetime(2026, 11, 3, tzinfo=UTC))
    notes = [e["note"] for e in store.events(store.subject_id("e"))]
    assert notes[0].startswith("embeddings sha256 ") and "untrained-looking" in notes[0]
    assert "' def'" in notes[0]
    assert notes[1].startswith("tokenizer sha256 ") and "; embeddings sha256 " in notes[1]
    assert "remapped" in notes[1] and "seed" not in notes[1]
