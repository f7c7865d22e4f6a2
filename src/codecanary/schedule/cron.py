"""Cron slots of a schedule, computed by ``cronsim`` in the schedule's time zone.

A slot is the cron fire time, in UTC; it becomes the run's logical time, so a
slot caught up after downtime is stored at the time it was due, not when it ran.
Daylight-saving transitions follow cronsim (a skipped local time fires once at
the next valid time; a repeated one fires once).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cronsim import CronSim

from codecanary.config import ScheduleSpec


def next_slot(spec: ScheduleSpec, after: datetime) -> datetime:
    """The first slot strictly after ``after``."""
    return _iter(spec, after).__next__()


def latest_slot(spec: ScheduleSpec, at: datetime) -> datetime:
    """The last slot at or before ``at``, in UTC."""
    local = (at + timedelta(seconds=1)).astimezone(ZoneInfo(spec.timezone))
    fire: datetime = next(CronSim(spec.cron, local, reverse=True))
    return fire.astimezone(UTC)


def _iter(spec: ScheduleSpec, after: datetime) -> CronSim:
    return CronSim(spec.cron, after.astimezone(ZoneInfo(spec.timezone)))


def slots_between(spec: ScheduleSpec, after: datetime, until: datetime,
                  limit: int = 10_000) -> list[datetime]:
    """Slots in ``(after, until]`` in UTC, oldest first (at most ``limit``, the latest ones)."""
    found: list[datetime] = []
    for fire in _iter(spec, after):
        utc = fire.astimezone(UTC)
        if utc > until:
            break
        found.append(utc)
        if len(found) > limit:
            found.pop(0)
    return found
