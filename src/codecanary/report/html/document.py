"""``codecanary report``: one self-contained HTML file for a subject.

Every script and style is inlined (Plotly's JS included, no CDN), so the file
opens offline and can be attached to a ticket. Plotly (4.8 MB) is inlined
gzip-compressed as an inert base64 block (2 MB) that a small loader
decompresses in the browser (``DecompressionStream``) and runs from a ``blob:``
URL: that keeps a year of a 220-task panel well under 5 MB. The
Content-Security-Policy allows only the loader and ``charts.js`` by hash, plus
``blob:`` scripts (which only a running script can create), and fetches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from codecanary.errors import CodecanaryError
from codecanary.records import SampleRecord
from codecanary.report.html.render import (
    charts_js,
    environment,
    figures_payload,
    plotly_gzip_base64,
    plotly_loader_js,
    sha256_source,
)
from codecanary.report.html.verdict import check_document
from codecanary.report.html.view import SubjectView, build_view
from codecanary.store import Store
from codecanary.store.views import one_sample, task_prompt

MAX_EVIDENCE = 40
"""Evidence samples embedded in full at most."""
MAX_TEXT = 6000
"""Characters kept of each long text field of an embedded sample."""


@dataclass(frozen=True)
class EmbeddedSample:
    ref: str
    anchor: str
    sample: SampleRecord
    prompt: str | None


def anchor(ref: str) -> str:
    """``run/task#i`` → an id attribute value."""
    return "sample-" + re.sub(r"[^A-Za-z0-9_-]", "_", ref)


def parse_ref(ref: str) -> tuple[str, str, int] | None:
    """``run_id/task_id#index`` → its parts (task ids may contain ``/``)."""
    head, sep, index = ref.rpartition("#")
    run_id, slash, task_id = head.partition("/")
    if not sep or not slash or not index.isdigit():
        return None
    return run_id, task_id, int(index)


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + f"\n… [{len(text) - MAX_TEXT} more characters not shown]"


def _evidence(store: Store, view: SubjectView) -> list[EmbeddedSample]:
    refs: list[str] = []
    if view.verdict is not None:
        for line in view.verdict.lines:
            refs += list(line.evidence[:6])
    for f in view.flipped:
        refs += list(f.samples)
    out: list[EmbeddedSample] = []
    suite_id = view.latest.suite_id if view.latest else None
    for ref in dict.fromkeys(refs):
        parts = parse_ref(ref)
        if parts is None or len(out) >= MAX_EVIDENCE:
            continue
        sample = one_sample(store, *parts)
        if sample is None:
            continue
        sample = sample.model_copy(update={
            "response_text": _cut(sample.response_text), "code": _cut(sample.code),
            "stdout": _cut(sample.stdout), "stderr": _cut(sample.stderr)})
        prompt = task_prompt(store, suite_id, parts[1]) if suite_id is not None else None
        out.append(EmbeddedSample(ref, anchor(ref), sample, _cut(prompt)))
    return out


def render_report(store: Store, subject: str, *, days: int = 90) -> str:
    """The report of ``subject``'s last ``days`` days as one HTML document."""
    notes: list[str] = []
    check = check_document(store, subject, on_error=notes.append)
    view = build_view(store, subject, days=days, check=check,
                      check_note=notes[0] if notes else "")
    evidence = _evidence(store, view)
    included = {e.ref for e in evidence}
    loader, charts = plotly_loader_js(), charts_js()
    # Plotly itself arrives compressed and runs from a blob: URL the loader makes.
    csp = ("default-src 'none'; "
           f"script-src {sha256_source(loader)} {sha256_source(charts)} blob:; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; base-uri 'none'; form-action 'none'")
    css = (files("codecanary.report.html") / "static" / "style.css").read_text("utf-8")
    return environment().get_template("report.html.j2").render(
        view=view, evidence=evidence, csp=csp, css=Markup(css),
        payload=figures_payload(view.figures, view.series.dates),
        plotly_gz=plotly_gzip_base64(), loader=Markup(loader),  # our own script
        charts=Markup(charts),  # our own script
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        sample_href=lambda ref: f"#{anchor(ref)}" if ref in included else "#samples",
        run_href=lambda run_id: "#verdict")


def write_report(store: Store, subject: str, out: str | Path, *, days: int = 90) -> Path:
    """Write the report; return its path. Errors name the file and what to do."""
    if days < 1:
        raise CodecanaryError("--days must be at least 1")
    html = render_report(store, subject, days=days)
    path = Path(out)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise CodecanaryError(f"cannot write the report to {path}: {exc.strerror}") from exc
    return path
