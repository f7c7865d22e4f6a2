"""The current database schema (SQLAlchemy Core). Changes go through ``migrations``."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

suites = Table(
    "suites", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("version", String(64), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("n_tasks", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("name", "version", name="uq_suites_name_version"),
)

tasks = Table(
    "tasks", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("suite_id", Integer, ForeignKey("suites.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", String(300), nullable=False),
    Column("language", String(50), nullable=False),
    Column("categories", JSON, nullable=False),
    Column("difficulty", String(20), nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    UniqueConstraint("suite_id", "task_id", name="uq_tasks_suite_task"),
)

subjects = Table(
    "subjects", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("provider", String(100), nullable=False),
    Column("model", String(300), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", String(32), primary_key=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False, index=True),
    Column("suite_id", Integer, ForeignKey("suites.id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("logical_time", DateTime(timezone=True), nullable=False, index=True),
    Column("samples_per_task", Integer, nullable=False),
    Column("task_ids", JSON, nullable=False),
    Column("settings", JSON, nullable=False),
    Column("fingerprint", JSON, nullable=False),
    Column("error", Text, nullable=True),
    Column("pid", Integer, nullable=True),  # migration 4
    Column("host", String(255), nullable=True),  # migration 4
)
Index("ix_runs_subject_logical_time", runs.c.subject_id, runs.c.logical_time)  # revision 0005

samples = Table(
    "samples", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(32), ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", String(300), nullable=False),
    Column("sample_index", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("failure_class", String(40), nullable=True),
    Column("response_text", Text, nullable=True),
    Column("code", Text, nullable=True),
    Column("extraction", String(30), nullable=True),
    Column("model_reported", String(300), nullable=True),
    Column("finish_reason", String(50), nullable=True),
    Column("tokens_in", Integer, nullable=True),
    Column("tokens_out", Integer, nullable=True),
    Column("latency_s", Float, nullable=True),
    Column("cost_usd", Float, nullable=True),
    Column("attempts", Integer, nullable=False, default=1),
    Column("exec_status", String(30), nullable=True),
    Column("exit_code", Integer, nullable=True),
    Column("stdout", Text, nullable=True),
    Column("stderr", Text, nullable=True),
    Column("wall_s", Float, nullable=True),
    Column("cpu_s", Float, nullable=True),
    Column("peak_memory_mb", Float, nullable=True),
    Column("metrics", JSON, nullable=False),
    Column("error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("diagnostics", JSON, nullable=True),  # migration 3
    UniqueConstraint("run_id", "task_id", "sample_index", name="uq_samples_run_task_index"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# monitoring (migration 2) ----------------------------------------------

baselines = Table(
    "baselines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("suite_version", String(64), nullable=False),
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("subject_id", "suite_version", name="uq_baselines_subject_suite"),
)

monitor_state = Table(
    "monitor_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("suite_version", String(64), nullable=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("subject_id", "suite_version", name="uq_monitor_state_subject_suite"),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("slice", String(200), nullable=False),
    Column("metric", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("opened_run", String(32), nullable=False),
    Column("closed_run", String(32), nullable=True),
    Column("payload", JSON, nullable=False),
)

# schedules (revision 0006) ---------------------------------------------

schedule_slots = Table(
    "schedule_slots", metadata,
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

__all__ = ["alerts", "baselines", "events", "metadata", "monitor_state", "runs", "samples",
           "schedule_slots", "schema_migrations", "subjects", "suites", "tasks"]
