"""The diagnosis section of the HTML report and the dashboard's subject page.

Registered with :func:`codecanary.report.html.hooks.register_diagnosis`: for a
subject, the ranked causes of its latest run against its baseline, computed from
the stored samples (nothing is fabricated: no baseline, no table).
"""

from __future__ import annotations

from codecanary.diagnose.load import diagnose_subject
from codecanary.errors import CodecanaryError
from codecanary.report.html.hooks import StoredTable, register_diagnosis
from codecanary.store import Store


def diagnosis_tables(store: Store, subject: str) -> list[StoredTable]:
    """Ranked causes with their top evidence (empty when no diagnosis can be made)."""
    try:
        diagnosis = diagnose_subject(store, subject)
    except CodecanaryError:
        return []
    rows = tuple((c.cause, f"{c.score:.2f}", "; ".join(c.evidence[:3]) or "—")
                 for c in diagnosis.causes)
    return [StoredTable("Likely cause of the latest change", ("cause", "score", "evidence"),
                        rows, note=diagnosis.headline() + " — `codecanary diagnose --subject "
                        f"{subject}` for all the evidence")]


def register() -> None:
    register_diagnosis("diagnose", diagnosis_tables)
