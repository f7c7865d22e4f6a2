"""``schedule_slots``: one row per (schedule, subject, logical time), the lease ``watch`` takes.

The primary key makes a slot claimable once across every ``watch`` process on
the database; ``lease_until`` lets another process take over a slot whose owner
died without finishing it.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, DateTime, String, Text

revision = "0006"
down_revision: str | None = "0005"


def upgrade() -> None:
    op.create_table(
        "schedule_slots",
        Column("schedule", String(200), primary_key=True),
        Column("subject", String(200), primary_key=True),
        Column("slot", DateTime(timezone=True), primary_key=True),
        Column("state", String(20), nullable=False),
        Column("owner", String(300), nullable=False),
        Column("lease_until", DateTime(timezone=True), nullable=False),
        Column("run_id", String(32), nullable=True),
        Column("claimed_at", DateTime(timezone=True), nullable=False),
        Column("finished_at", DateTime(timezone=True), nullable=True),
        Column("error", Text, nullable=True),
    )
