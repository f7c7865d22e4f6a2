"""Extension points for sections whose data other features store.

The forgetting matrix and root-cause diagnosis (``codecanary.diagnose``) and
the tokenizer and dataset audits (``codecanary.audit``) are built elsewhere.
When they store results, they register a source here and the report and the
dashboard show them; until then the report leaves the section out and the
dashboard shows an empty state. Nothing here fabricates data.

A source returns plain text tables: the renderers escape every cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from codecanary.store import Store


@dataclass(frozen=True)
class StoredTable:
    """A titled table of text cells (escaped when rendered), with an optional note."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    created_at: datetime | None = None
    links: dict[str, str] = field(default_factory=dict)
    """Optional cell text → relative URL (only ``/`` paths are rendered as links)."""


DiagnosisSource = Callable[[Store, str], list[StoredTable]]
"""``(store, subject)`` → the subject's stored forgetting matrix / diagnosis tables."""
AuditSource = Callable[[Store], list[StoredTable]]
"""``store`` → stored audit results (tokenizer, dataset), newest first."""

_DIAGNOSIS: dict[str, DiagnosisSource] = {}
_AUDITS: dict[str, AuditSource] = {}


def register_diagnosis(name: str, source: DiagnosisSource) -> None:
    """Show ``source``'s tables in the report's and subject page's diagnosis section."""
    _DIAGNOSIS[name] = source


def register_audit(kind: str, source: AuditSource) -> None:
    """Show ``source``'s tables on the dashboard's audits page under ``kind``."""
    _AUDITS[kind] = source


def diagnosis_tables(store: Store, subject: str) -> list[StoredTable]:
    from codecanary.diagnose.dashboard import register  # the built-in source, lazily

    register()
    out: list[StoredTable] = []
    for source in _DIAGNOSIS.values():
        out += source(store, subject)
    return out


def audit_tables(store: Store) -> dict[str, list[StoredTable]]:
    """Audit kind → its stored tables (kinds with nothing stored are left out)."""
    return {kind: tables for kind, source in sorted(_AUDITS.items())
            if (tables := source(store))}
