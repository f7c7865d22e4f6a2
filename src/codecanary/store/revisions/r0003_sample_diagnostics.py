"""``samples.diagnostics`` (pre-Alembic migration 3, frozen in ``m003_diagnostics``)."""

from __future__ import annotations

from alembic import op

from codecanary.store import m003_diagnostics

revision = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    m003_diagnostics.apply(op.get_bind())
