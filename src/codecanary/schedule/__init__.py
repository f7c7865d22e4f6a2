"""Schedules: ``[schedules.NAME]`` slots and the long-lived ``codecanary watch``."""

from codecanary.schedule.cron import slots_between
from codecanary.schedule.watch import FastClock, RealClock, Watcher

__all__ = ["FastClock", "RealClock", "Watcher", "slots_between"]
