"""``codecanary forgetting`` and ``codecanary diagnose``: why did it regress."""

from __future__ import annotations

import click
from rich.markup import escape

from codecanary.cli.common import console, emit_json, open_store, resolve_run
from codecanary.diagnose import Diagnosis, ForgettingMatrix, diagnose_subject, forgetting_from_store
from codecanary.errors import CodecanaryError


def _pct(x: float) -> str:
    return f"{x * 100:+.1f}"


def print_matrix(matrix: ForgettingMatrix) -> None:
    """The matrix as rows of slices, one column per version (effect vs base, q)."""
    console.print(f"[bold]forgetting matrix[/] vs base {escape(matrix.base)} "
                  "(pass-rate points, paired; 95% interval; q = Benjamini-Hochberg)")
    for name in matrix.slices:
        cells = []
        for version in matrix.versions:
            c = matrix.cell(version, name)
            cells.append("—" if c is None else
                         f"{escape(version)} {_pct(c.effect)} [{_pct(c.interval.low)}, "
                         f"{_pct(c.interval.high)}] q={c.q_value:.2g} n={c.n_tasks}")
        mark = " (target)" if name in matrix.targets else ""
        console.print(f"  {escape(name)}{mark}: " + "; ".join(cells))
    for s in matrix.summaries:
        parts = [f"[bold]{escape(s.version)}[/]"]
        if s.target_gain is not None:
            g = s.target_gain
            parts.append(f"target gain {_pct(g.effect)} [{_pct(g.interval.low)}, "
                         f"{_pct(g.interval.high)}] n={g.n_tasks}")
        if s.retained_change is not None:
            r = s.retained_change
            parts.append(f"retained change (BWT) {_pct(r.effect)} [{_pct(r.interval.low)}, "
                         f"{_pct(r.interval.high)}] n={r.n_tasks}")
        parts.append("forgotten: " + (escape(", ".join(s.forgotten)) or "none"))
        console.print("  " + "; ".join(parts))


def print_diagnosis(diagnosis: Diagnosis) -> None:
    console.print(f"[bold]{escape(diagnosis.headline())}[/]")
    for c in diagnosis.causes:
        style = "bold" if c is diagnosis.top else "dim"
        console.print(f"  [{style}]{c.cause}[/] score {c.score:.2f}")
        if c.score <= 0:
            continue
        for e in c.evidence:
            console.print(f"    - {escape(e)}")
        if c is diagnosis.top:
            for n in c.next_checks:
                console.print(f"    next: {escape(n)}")


@click.command()
@click.option("--base", required=True, metavar="SUBJECT_OR_RUN",
              help="The base: a run id (or prefix) or a subject (its latest run).")
@click.option("--versions", required=True, metavar="A,B,C",
              help="Comma-separated versions in order: run ids or subjects (checkpoints).")
@click.option("--target", "targets", multiple=True, metavar="SLICE",
              help="A slice the fine-tune aimed at, e.g. language:go (repeatable).")
@click.option("--min-effect", type=click.FloatRange(0.0, 1.0), default=0.05,
              show_default=True, help="Smallest drop (rate points) called forgotten.")
@click.option("--alpha", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
              default=0.05, show_default=True, help="FDR level (Benjamini-Hochberg).")
@click.option("--json", "as_json", is_flag=True, help="Print the matrix as JSON.")
@click.pass_context
def forgetting(ctx: click.Context, base: str, versions: str, targets: tuple[str, ...],
               min_effect: float, alpha: float, as_json: bool) -> None:
    """Learning vs forgetting: version x slice paired effects against a base."""
    names = [v.strip() for v in versions.split(",") if v.strip()]
    if not names:
        raise CodecanaryError("--versions needs at least one run or subject")
    store = open_store(ctx)
    matrix = forgetting_from_store(store, base, names, targets=targets,
                                   min_effect=min_effect, alpha=alpha)
    if as_json:
        emit_json(matrix.to_dict())
    else:
        print_matrix(matrix)


@click.command()
@click.option("--subject", required=True, help="Subject name.")
@click.option("--run", "run_id", default=None,
              help="Diagnose this run (any unique id prefix) instead of the latest.")
@click.option("--against", default=None, metavar="RUN",
              help="Compare with this run instead of the subject's baseline.")
@click.option("--json", "as_json", is_flag=True, help="Print the diagnosis as JSON.")
@click.pass_context
def diagnose(ctx: click.Context, subject: str, run_id: str | None, against: str | None,
             as_json: bool) -> None:
    """Rank the likely causes of a subject's change, with evidence and next checks."""
    store = open_store(ctx)
    result = diagnose_subject(store, subject,
                              run_id=resolve_run(store, run_id) if run_id else None,
                              against=resolve_run(store, against) if against else None)
    if as_json:
        emit_json(result.to_dict())
    else:
        print_diagnosis(result)
