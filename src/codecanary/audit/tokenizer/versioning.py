"""Tokenizer versions on a subject's timeline.

A subject may name ``tokenizer`` (and ``embeddings``) files in ``codecanary.toml``;
every run stores their sha256 in its fingerprint under ``tokenizer_files``. When
the tokenizer's hash differs from the subject's previous run, a ``tokenizer``
event is added at the new run's logical time with the audit's summary, so
``check`` can line a change date up with it. Tokenizer files (small) are kept by
hash under the data dir so the previous version can be audited against the new
one; embedding files (large) are only hashed.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from codecanary.audit.tokenizer.findings import AuditReport
from codecanary.audit.tokenizer.hashing import file_sha256
from codecanary.errors import CodecanaryError
from codecanary.records import SubjectSpec
from codecanary.store import Store

FINGERPRINT_KEY = "tokenizer_files"
EVENT_KIND = "tokenizer"


def snapshot_dir() -> Path:
    from codecanary.store.db import data_dir

    return data_dir() / "tokenizers"


def tokenizer_fingerprint(subject: SubjectSpec) -> dict[str, Any]:
    """``{"tokenizer_files": {...}}`` for a subject that names files, else ``{}``."""
    files = {kind: path for kind, path in (("tokenizer", subject.tokenizer),
                                           ("embeddings", subject.embeddings)) if path}
    if not files:
        return {}
    return {FINGERPRINT_KEY: {kind: {"path": str(path), "sha256": file_sha256(path)}
                              for kind, path in files.items()}}


def _snapshot(path: Path, sha256: str) -> Path:
    """A copy of a tokenizer file under its hash (kept once)."""
    target = snapshot_dir() / f"{sha256}{path.suffix}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return target


def _previous_sha(store: Store, subject: str) -> str | None:
    for run in store.list_runs(subject=subject):
        files = run.fingerprint.get(FINGERPRINT_KEY) or {}
        sha = (files.get("tokenizer") or {}).get("sha256")
        if sha:
            return str(sha)
    return None


def note_tokenizer_change(store: Store, subject: SubjectSpec, at: datetime) -> int | None:
    """Before a run: add a ``tokenizer`` event if the subject's tokenizer file changed.

    Returns the event id, or None when nothing changed (or no tokenizer is named).
    Never raises for an audit problem: the run goes on and the event says so.
    """
    if not subject.tokenizer:
        return None
    path = Path(subject.tokenizer)
    sha = file_sha256(path)
    previous = _previous_sha(store, subject.name)
    _snapshot(path, sha)
    if previous is None or previous == sha:
        return None
    old = next((p for p in snapshot_dir().glob(f"{previous}*") if p.suffix != ".part"), None)
    head = f"tokenizer sha256 {previous[:12]} -> {sha[:12]}"
    if old is None:
        note = f"{head}; previous file not kept, no diff"
    else:
        from codecanary.audit.tokenizer.pipeline import audit_tokenizer

        try:
            report = audit_tokenizer(old, path, embeddings=subject.embeddings)
            note = f"{head}: {report.summary}"
        except CodecanaryError as exc:
            note = f"{head}; audit failed: {exc}"
    return store.add_event(store.ensure_subject(subject), EVENT_KIND, at, note)


def record_tokenizer_event(store: Store, subject: str, report: AuditReport,
                           at: datetime) -> int:
    """``--record --subject S``: the audit's summary as a ``tokenizer`` event, by hand."""
    sha_old = report.old.sha256[:12]
    sha_new = report.new.sha256[:12] if report.new else sha_old
    note = f"tokenizer sha256 {sha_old} -> {sha_new}: {report.summary}"
    return store.add_event(store.subject_id(subject), EVENT_KIND, at, note)
