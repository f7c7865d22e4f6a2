"""Debian's Chromium driven by Playwright (no browser download), with a page watcher."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Watch:
    """What a page did that it must not: console errors, dialogs, foreign requests."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign(self, allowed: tuple[str, ...]) -> list[str]:
        return [u for u in self.requests if not u.startswith(allowed)]


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium, or a skip when Debian's package is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/install-toolchains.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watched_page(browser: Any, width: int = 1280, height: int = 900) -> tuple[Any, Watch]:
    """A fresh page whose console errors, dialogs and requests are recorded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)
    watch = Watch()

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            watch.errors.append(msg.text)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.on("request", lambda req: watch.requests.append(req.url))
    return page, watch


def plots_with_traces(page: Any) -> list[int]:
    """For each rendered Plotly chart on the page, how many traces it drew."""
    return page.eval_on_selector_all(
        ".js-plotly-plot",
        "els => els.map(e => e.querySelectorAll('.scatterlayer .trace').length)")


def save_copy(src: Path, dest: str | None) -> None:
    """Copy a screenshot where the docs want it (``CODECANARY_DOCS_SCREENSHOT``)."""
    if dest:
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
