"""Settings: CLI flags > ``codecanary.toml`` > environment > built-in defaults.

```toml
db = "sqlite:///runs.db"        # optional; else $CODECANARY_DB, else the data dir
sandbox = "bwrap"              # or "local" (unsafe, explicit opt-in)

[subjects.gpt]
provider = "openai"
model = "gpt-4o-mini"
samples = 1
concurrency = 8
system_prompt = "You are a careful programmer."
tokenizer = "models/tokenizer.json"   # optional: hashed into each run; a change adds
embeddings = "models/embed.safetensors" #   a `tokenizer` event with the audit's summary
[subjects.gpt.options]
base_url = "http://localhost:8000/v1"
api_key_env = "OPENAI_API_KEY"  # the key itself never goes in this file
temperature = 0.2

[panels.daily]
suite = "builtin"
languages = ["python", "go"]   # optional filters
categories = ["algorithms"]
tasks = ["python/lru-cache"]   # optional explicit ids
samples = 1

[execution]
backend = "ray"                # or "local" (default): where samples execute
address = "auto"               # the Ray cluster: "auto" or "ray://head:10001"

[schedules.nightly]            # `codecanary watch` runs these
subjects = ["gpt"]
panel = "daily"                # optional (default: the builtin suite)
samples = 1                    # optional (default: the panel's, else the subject's)
cron = "0 3 * * *"             # minute hour day month weekday
timezone = "Europe/Berlin"     # the cron's time zone (default UTC)
check = true                   # run `check` after each run
webhook = "https://hooks.example/..."  # optional: alert here ($CODECANARY_WEBHOOK also works)
catch_up = 7                   # after downtime, run at most this many missed slots
```
"""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from codecanary.errors import ConfigError
from codecanary.records import SubjectSpec
from codecanary.suites import DEFAULT_SUITE, Suite

CONFIG_FILE = "codecanary.toml"

#: The subject the quickstart and tests use when no config defines one.
BUILTIN_SUBJECTS: dict[str, SubjectSpec] = {
    "simulated": SubjectSpec(name="simulated", provider="simulated", model="simulated-1",
                             options={"seed": 0, "skill": 0.8}, concurrency=16),
    "simulated-agent": SubjectSpec(name="simulated-agent", provider="simulated-agent",
                                   model="simulated-agent-1",
                                   options={"seed": 0, "skill": 0.8}, concurrency=8),
}


class PanelSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    suite: str = DEFAULT_SUITE
    languages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    samples: int | None = Field(default=None, ge=1)

    def select(self, suite: Suite) -> list[str]:
        """Task ids of ``suite`` this panel runs, in suite order."""
        chosen = [t for t in suite.tasks
                  if (not self.languages or t.language in self.languages)
                  and (not self.categories or set(t.categories) & set(self.categories))
                  and (not self.tasks or t.id in self.tasks)]
        missing = set(self.tasks) - {t.id for t in suite.tasks}
        if missing:
            raise ConfigError(f"panel names tasks not in suite {suite.name}: "
                              f"{', '.join(sorted(missing)[:5])}")
        if not chosen:
            raise ConfigError(f"the panel selects no tasks from suite {suite.name}")
        return [t.id for t in chosen]


class ExecutionSpec(BaseModel):
    """``[execution]``: where samples execute (see ``codecanary.executors``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: Literal["local", "ray"] = "local"
    address: str | None = None
    """Ray cluster: ``auto`` (the cluster this node joined) or ``ray://head:10001``."""


class ScheduleSpec(BaseModel):
    """``[schedules.NAME]``: what ``codecanary watch`` runs, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subjects: tuple[str, ...] = Field(min_length=1)
    panel: str | None = None
    samples: int | None = Field(default=None, ge=1)
    cron: str
    timezone: str = "UTC"
    check: bool = True
    webhook: str | None = None
    catch_up: int = Field(default=7, ge=0)
    limit: int | None = Field(default=None, ge=1)
    """Only the first N tasks of the panel (smoke schedules, tests)."""

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        from cronsim import CronSim, CronSimError

        try:
            CronSim(value, datetime(2026, 1, 1, tzinfo=UTC))
        except CronSimError as exc:
            raise ValueError(f"invalid cron expression {value!r}: {exc}") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _valid_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. UTC, Europe/Berlin)") from exc
        return value


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str | None = None
    sandbox: str = "bwrap"
    execution: ExecutionSpec = Field(default_factory=ExecutionSpec)
    subjects: dict[str, dict[str, Any]] = Field(default_factory=dict)
    panels: dict[str, PanelSpec] = Field(default_factory=dict)
    schedules: dict[str, ScheduleSpec] = Field(default_factory=dict)

    def subject(self, name: str) -> SubjectSpec:
        if name in self.subjects:
            try:
                return SubjectSpec.model_validate({"name": name, **self.subjects[name]})
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise ConfigError(f"subject {name!r}: {where}: {err['msg']}") from exc
        if name in BUILTIN_SUBJECTS:
            return BUILTIN_SUBJECTS[name]
        known = ", ".join(sorted({*self.subjects, *BUILTIN_SUBJECTS}))
        raise ConfigError(f"unknown subject {name!r} (defined: {known}); "
                          f"add [subjects.{name}] to {CONFIG_FILE}")

    def panel(self, name: str | None) -> PanelSpec:
        if name is None:
            return PanelSpec()
        if name in self.panels:
            return self.panels[name]
        return PanelSpec(suite=name)

    def db_url(self, override: str | None) -> str | None:
        return override or self.db or os.environ.get("CODECANARY_DB") or None


def load_config(path: str | Path | None = None) -> Config:
    """Read ``path`` (must exist) or ``./codecanary.toml`` (optional)."""
    if path is None:
        candidate = Path(CONFIG_FILE)
        if not candidate.is_file():
            return Config()
        path = candidate
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "top level"
        raise ConfigError(f"{path}: {where}: {err['msg']}") from exc
    for name in config.subjects:
        config.subject(name)  # validate every subject up front, with its name in the error
    for name, schedule in config.schedules.items():
        for subject in schedule.subjects:
            try:
                config.subject(subject)
            except ConfigError as exc:
                raise ConfigError(f"{path}: schedules.{name}: {exc}") from exc
    return config
