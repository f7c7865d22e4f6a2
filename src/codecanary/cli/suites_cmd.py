"""``codecanary suites``: list and inspect suites."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from codecanary.cli.common import console, emit_json
from codecanary.cli.validate_view import print_validation, run_validation
from codecanary.errors import CodecanaryError
from codecanary.suites import SUITES, load_suite


@click.group()
def suites() -> None:
    """List and inspect task suites."""


@suites.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_suites(as_json: bool) -> None:
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
    if as_json:
        emit_json(rows)
        return
    table = Table("suite", "version", "tasks", "languages", "description")
    for row in rows:
        table.add_row(row["name"], row["version"] or "-", str(row["n_tasks"]),
                      ", ".join(row["languages"]), row["description"])
    console.print(table)


@suites.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_suite(name: str, as_json: bool) -> None:
    """Tasks of suite NAME (a registered name, a .jsonl file, or a directory)."""
    suite = load_suite(name)
    tasks: list[dict[str, Any]] = [
        {"id": t.id, "language": t.language, "categories": list(t.categories),
              "difficulty": t.difficulty, "entry_point": t.entry_point,
              "has_reference": bool(t.reference), "n_constraints": len(t.constraints),
              "efficiency": t.efficiency_input is not None} for t in suite.tasks]
    if as_json:
        emit_json({"name": suite.name, "version": suite.version, "source": suite.source,
                   "n_tasks": len(tasks), "tasks": tasks})
        return
    console.print(f"[bold]{suite.name}[/] version {suite.version}: {len(tasks)} tasks "
                  f"({', '.join(suite.languages())})")
    table = Table("id", "language", "categories", "difficulty", "entry point")
    for t in tasks:
        table.add_row(t["id"], t["language"], ", ".join(t["categories"]),
                      t["difficulty"] or "-", t["entry_point"])
    console.print(table)


@suites.command("validate")
@click.argument("name")
@click.option("--max-mutants", type=click.IntRange(min=0), default=20, show_default=True,
              help="Mutants per task (seeded sample).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--language", "languages", multiple=True, help="Only tasks in this language.")
@click.option("--task", "task_ids", multiple=True, help="Only this task id.")
@click.option("--sandbox", "sandbox_name", default="bwrap", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def validate(name: str, max_mutants: int, seed: int, languages: tuple[str, ...],
             task_ids: tuple[str, ...], sandbox_name: str, as_json: bool) -> None:
    """Run every reference and measure how many mutants the tests kill.

    Exits 1 when any reference solution fails (or its efficiency harness does).
    """
    suite = load_suite(name)
    chosen = tuple(t for t in suite.tasks if (not languages or t.language in languages)
                   and (not task_ids or t.id in task_ids))
    if not chosen:
        raise CodecanaryError(f"no task of suite {suite.name} matches the filters")
    report = run_validation(suite.model_copy(update={"tasks": chosen}), sandbox_name,
                            max_mutants=max_mutants, seed=seed, progress=not as_json)
    if as_json:
        emit_json(report.to_json())
    else:
        print_validation(report)
    if report.broken:
        sys.exit(1)
