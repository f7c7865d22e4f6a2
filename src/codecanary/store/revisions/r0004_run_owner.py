"""``runs.pid`` and ``runs.host`` (pre-Alembic migration 4, frozen in ``m004_cli``)."""

from __future__ import annotations

from alembic import op

from codecanary.store import m004_cli

revision = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    m004_cli.apply(op.get_bind())
