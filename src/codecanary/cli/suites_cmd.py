"""``codecanary suites``: list and inspect suites."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.markup import escape

from codecanary.cli.common import (
    console,
    emit_json,
    emit_rows,
    format_options,
    pick_format,
    sandbox_option,
)
from codecanary.cli.validate_view import print_validation, run_validation
from codecanary.errors import CodecanaryError
from codecanary.languages import run_spec
from codecanary.suites import SUITES, load_suite


@click.group()
def suites() -> None:
    """List and inspect task suites."""


@suites.command("list")
@format_options
def list_suites(fmt: str, as_json: bool) -> None:
    """Registered suites (a .jsonl file or a directory of task TOML files also works)."""
    rows: list[dict[str, Any]] = []
    for name in SUITES.names():
        try:
            suite = load_suite(name)
        except CodecanaryError as exc:
            rows.append({"name": name, "version": None, "n_tasks": 0, "languages": [],
                         "description": f"unavailable: {exc}"})
            continue
        rows.append({"name": name, "version": suite.version, "n_tasks": len(suite.tasks),
                     "languages": suite.languages(), "description": suite.description})
    emit_rows(rows, [("name", "suite"), ("version", "version"), ("n_tasks", "tasks"),
                     ("languages", "languages"), ("description", "description")],
              pick_format(fmt, as_json))


def _check_languages(languages: tuple[str, ...]) -> None:
    """Unknown language names fail as they do in ``run`` (one line naming the known ones)."""
    for language in languages:
        run_spec(language)


@suites.command("show")
@click.argument("name")
@click.option("--language", "languages", multiple=True,
              help="Only tasks in this language (repeatable).")
@format_options
def show_suite(name: str, languages: tuple[str, ...], fmt: str, as_json: bool) -> None:
    """Tasks of suite NAME (a registered name, a .jsonl file, or a directory).

    Languages whose toolchain is missing here are named: run would refuse them.
    """
    _check_languages(languages)
    suite = load_suite(name)
    version = suite.version  # of the whole suite, which is what runs record
    if languages:
        suite = suite.model_copy(update={"tasks": tuple(
            t for t in suite.tasks if t.language in languages)})
    fmt = pick_format(fmt, as_json)
    tasks: list[dict[str, Any]] = [
        {"id": t.id, "language": t.language, "categories": list(t.categories),
              "difficulty": t.difficulty, "entry_point": t.entry_point,
              "has_reference": bool(t.reference), "n_constraints": len(t.constraints),
              "efficiency": t.efficiency_input is not None} for t in suite.tasks]
    if fmt == "json":
        emit_json({"name": suite.name, "version": version, "source": suite.source,
                   "n_tasks": len(tasks), "tasks": tasks})
        return
    if fmt != "table":
        emit_rows(tasks, [(k, k) for k in ("id", "language", "categories", "difficulty",
                                            "entry_point")], fmt)
        return
    console.print(f"[bold]{escape(suite.name)}[/] version {version}: {len(tasks)} tasks "
                  f"({', '.join(suite.languages())})")
    for language in suite.languages():
        missing = run_spec(language).missing_tools()
        if missing:
            console.print(f"[yellow]{language}: {', '.join(missing)} not installed here; "
                          "run would refuse this language[/]")
    emit_rows(tasks, [("id", "id"), ("language", "language"), ("categories", "categories"),
                      ("difficulty", "difficulty"), ("entry_point", "entry point")], "table")


@suites.command("validate")
@click.argument("name")
@click.option("--max-mutants", type=click.IntRange(min=0), default=20, show_default=True,
              help="Mutants per task (seeded sample).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the mutant sample.")
@click.option("--language", "languages", multiple=True, help="Only tasks in this language.")
@click.option("--task", "task_ids", multiple=True, help="Only this task id.")
@sandbox_option()
@format_options
def validate(name: str, max_mutants: int, seed: int, languages: tuple[str, ...],
             task_ids: tuple[str, ...], sandbox: str, fmt: str, as_json: bool) -> None:
    """Run every reference and measure how many mutants the tests kill.

    Exits 1 when any reference solution fails (or its efficiency harness does).
    """
    _check_languages(languages)
    fmt = pick_format(fmt, as_json)
    suite = load_suite(name)
    chosen = tuple(t for t in suite.tasks if (not languages or t.language in languages)
                   and (not task_ids or t.id in task_ids))
    if not chosen:
        raise CodecanaryError(f"no task of suite {suite.name} matches the filters")
    report = run_validation(suite.model_copy(update={"tasks": chosen}), sandbox,
                            max_mutants=max_mutants, seed=seed, progress=fmt == "table")
    if fmt == "json":
        emit_json(report.to_json())
    elif fmt == "table":
        print_validation(report)
    else:
        rows = report.to_json()["tasks"]
        emit_rows(rows, [(k, k) for k in rows[0]], fmt)
    if report.broken:
        sys.exit(1)
