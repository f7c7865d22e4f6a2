"""Monitoring tables (pre-Alembic migration 2, frozen in ``m002_monitor``)."""

from __future__ import annotations

from alembic import op

from codecanary.store import m002_monitor

revision = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    m002_monitor.apply(op.get_bind())
