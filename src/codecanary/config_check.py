"""``config validate``: everything a config promises, checked before the first run.

Parsing (``load_config``) already rejects bad TOML and unknown keys. Here each
subject's provider is built (options checked by the provider itself), each
panel's suite is loaded and its filters applied, and the database URL and
sandbox are checked. A key variable that is not set yet is a warning: the
config is right, the shell is not ready.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from codecanary.config import CONFIG_FILE, Config, load_config
from codecanary.errors import CodecanaryError, ConfigError
from codecanary.sandbox import BACKENDS

_UNSET_KEY = re.compile(r"environment variable \S+ is not set")


@dataclass(frozen=True)
class Finding:
    level: str
    """``error`` (the config cannot work) or ``warning`` (it will once the shell is ready)."""
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def check_config(config: Config) -> list[Finding]:
    """Problems of an already parsed config, errors first."""
    from codecanary.providers import create_provider
    from codecanary.store.db import resolve_url
    from codecanary.suites import load_suite

    found: list[Finding] = []
    if config.sandbox not in BACKENDS:
        found.append(Finding("error", "sandbox", f"unknown backend {config.sandbox!r} "
                                                  f"(known: {', '.join(BACKENDS)})"))
    if config.db:
        try:
            if "://" in config.db:
                resolve_url(config.db)
        except CodecanaryError as exc:
            found.append(Finding("error", "db", str(exc)))
    for name in config.subjects:
        try:
            spec = config.subject(name)
            create_provider(spec.provider, spec.model, spec.options)
        except CodecanaryError as exc:
            level = "warning" if _UNSET_KEY.search(str(exc)) else "error"
            found.append(Finding(level, f"subjects.{name}", str(exc)))
    for name, panel in config.panels.items():
        try:
            panel.select(load_suite(panel.suite))
        except CodecanaryError as exc:
            found.append(Finding("error", f"panels.{name}", str(exc)))
    for name, schedule in config.schedules.items():
        try:
            config.panel(schedule.panel).select(load_suite(config.panel(schedule.panel).suite))
        except CodecanaryError as exc:
            found.append(Finding("error", f"schedules.{name}", str(exc)))
    return sorted(found, key=lambda f: f.level != "error")


def validate_file(path: str | Path | None) -> tuple[Config, list[Finding]]:
    """Load ``path`` (default ``./codecanary.toml``, which must exist here) and check it."""
    if path is None and not Path(CONFIG_FILE).is_file():
        raise ConfigError(f"no {CONFIG_FILE} in this directory; write one with codecanary "
                          "init, or pass --config PATH")
    config = load_config(path)
    return config, check_config(config)
