"""Schedule slot leases: which ``watch`` process runs which (schedule, subject, time).

A mixin of :class:`codecanary.store.Store`. The primary key of ``schedule_slots``
is the lock: inserting the row claims the slot, and a second process inserting
the same row gets an integrity error (SQLite serialises the writers; PostgreSQL
blocks the second insert until the first commits, then refuses it). A claimed
slot carries a lease its owner renews while the run executes; a slot whose lease
ran out (its owner died) or that was interrupted (SIGTERM) may be taken over by
one process, again decided by a conditional UPDATE's row count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Engine, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from codecanary.store import schema as s

T = s.schedule_slots


@dataclass(frozen=True)
class Slot:
    schedule: str
    subject: str
    slot: datetime
    state: str
    owner: str
    lease_until: datetime
    run_id: str | None
    error: str | None


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _key(schedule: str, subject: str, slot: datetime) -> ColumnElement[bool]:
    return and_(T.c.schedule == schedule, T.c.subject == subject, T.c.slot == _utc(slot))


class SlotLeases:
    engine: Engine

    def claim_slot(self, schedule: str, subject: str, slot: datetime, owner: str,
                   lease_s: float) -> bool:
        """Claim a slot nobody has touched; False when another process has (or had) it."""
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(T).values(
                    schedule=schedule, subject=subject, slot=_utc(slot), state="running",
                    owner=owner, lease_until=now + timedelta(seconds=lease_s), claimed_at=now))
        except IntegrityError:
            return False
        return True

    def take_over_slot(self, slot: Slot, owner: str, lease_s: float) -> bool:
        """Take an interrupted slot, or one whose lease expired; True for one process only."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            result = conn.execute(update(T).where(
                _key(slot.schedule, slot.subject, slot.slot), T.c.owner == slot.owner,
                T.c.state != "done",
                or_(T.c.state == "interrupted", T.c.lease_until < now),
            ).values(state="running", owner=owner,
                     lease_until=now + timedelta(seconds=lease_s)))
        return bool(result.rowcount)

    def renew_slot(self, schedule: str, subject: str, slot: datetime, owner: str,
                   lease_s: float) -> bool:
        """Extend the lease; False if the slot is no longer ours."""
        until = datetime.now(UTC) + timedelta(seconds=lease_s)
        with self.engine.begin() as conn:
            result = conn.execute(update(T).where(
                _key(schedule, subject, slot), T.c.owner == owner, T.c.state == "running",
            ).values(lease_until=until))
        return bool(result.rowcount)

    def set_slot(self, schedule: str, subject: str, slot: datetime, owner: str, *,
                 state: str | None = None, run_id: str | None = None,
                 error: str | None = None) -> None:
        """Record the slot's run id, or its end state (done, failed, interrupted)."""
        values: dict[str, object] = {}
        if run_id is not None:
            values["run_id"] = run_id
        if state is not None:
            values["state"] = state
            values["error"] = error
            if state != "running":
                values["finished_at"] = datetime.now(UTC)
                values["lease_until"] = datetime.now(UTC)  # released at once
        with self.engine.begin() as conn:
            conn.execute(update(T).where(_key(schedule, subject, slot),
                                         T.c.owner == owner).values(**values))

    def last_slot(self, schedule: str, subject: str) -> datetime | None:
        """The latest slot any process claimed for this schedule and subject."""
        with self.engine.connect() as conn:
            found = conn.execute(select(func.max(T.c.slot)).where(
                T.c.schedule == schedule, T.c.subject == subject)).scalar()
        return _utc(found) if found is not None else None

    def slots(self, schedule: str | None = None, *, unfinished: bool = False) -> list[Slot]:
        """Slot rows, oldest first; ``unfinished``: those another process may take over."""
        query = select(T).order_by(T.c.slot, T.c.schedule, T.c.subject)
        if schedule is not None:
            query = query.where(T.c.schedule == schedule)
        if unfinished:
            query = query.where(T.c.state.in_(("running", "interrupted")),
                                or_(T.c.state == "interrupted",
                                    T.c.lease_until < datetime.now(UTC)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [Slot(schedule=r.schedule, subject=r.subject, slot=_utc(r.slot), state=r.state,
                     owner=r.owner, lease_until=_utc(r.lease_until), run_id=r.run_id,
                     error=r.error) for r in rows]
