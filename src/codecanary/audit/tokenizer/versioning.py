"""Tokenizer versions on a subject's timeline.

A subject may name ``tokenizer`` (and ``embeddings``) files in ``codecanary.toml``;
every run stores their sha256 in its fingerprint under ``tokenizer_files``. When
either hash differs from the subject's previous run, a ``tokenizer`` event is
added at the new run's logical time with the audit's summary, so ``check`` can
line a change date up with it. Tokenizer files (small) are kept by
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


def _previous_files(store: Store, subject: str) -> dict[str, str]:
    """File kind -> sha256 in the subject's latest run that recorded a tokenizer."""
    for run in store.list_runs(subject=subject):
        files = run.fingerprint.get(FINGERPRINT_KEY) or {}
        if (files.get("tokenizer") or {}).get("sha256"):
            return {kind: str(entry["sha256"]) for kind, entry in files.items()
                    if isinstance(entry, dict) and entry.get("sha256")}
    return {}


def note_tokenizer_change(store: Store, subject: SubjectSpec, at: datetime) -> int | None:
    """Before a run: add a ``tokenizer`` event if the subject's tokenizer or embedding
    file changed since its previous run.

    The embedding table counts as trained for the *previous* tokenizer when only the
    tokenizer changed (the incident this audit exists for), and as re-aligned for
    the new one when both files changed. Returns the event id, or None when nothing
    changed (or no tokenizer is named). Never raises for an audit problem: the run
    goes on and the event says so.
    """
    if not subject.tokenizer:
        return None
    path = Path(subject.tokenizer)
    current = {kind: sha for kind, sha in (
        ("tokenizer", file_sha256(path)),
        ("embeddings", file_sha256(subject.embeddings) if subject.embeddings else None)) if sha}
    previous = _previous_files(store, subject.name)
    _snapshot(path, current["tokenizer"])
    if not previous or previous == current:
        return None
    changed = [kind for kind in ("tokenizer", "embeddings")
               if previous.get(kind) != current.get(kind)]
    head = "; ".join(f"{kind} sha256 {previous.get(kind, 'none')[:12]} -> "
                     f"{current.get(kind, 'none')[:12]}" for kind in changed)
    old = next((p for p in snapshot_dir().glob(f"{previous['tokenizer']}*")
                if p.suffix != ".part"), None)
    if old is None:
        note = f"{head}; previous tokenizer file not kept, no diff"
    else:
        from codecanary.audit.tokenizer.pipeline import audit_tokenizer

        realigned = "embeddings" in changed
        try:
            report = audit_tokenizer(old, path, embeddings=subject.embeddings,
                                     trained_for="new" if realigned else "old")
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
