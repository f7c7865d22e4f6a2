"""Rendering: Jinja2 with autoescaping everywhere, figures as inert JSON data blocks.

Model output is hostile input. Every value reaches HTML through Jinja2's
autoescape; figure data is embedded as ``<script type="application/json">``
(never executed) with ``<``, ``>`` and ``&`` escaped, so no string can close
the block. The only executable scripts are Plotly's and ``charts.js``; the
standalone report allows exactly those by their SHA-256 hashes in its
Content-Security-Policy, the dashboard serves them as files.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from codecanary.report.html.charts import Figure

DATES = "@dates"
"""A trace whose x is the page's shared date axis says so instead of repeating it."""


def _clean(value: Any) -> Any:
    """Round floats (3 significant decimals of a rate are plenty) and drop NaN."""
    if isinstance(value, float):
        return None if not math.isfinite(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def figures_payload(figures: dict[str, Figure], dates: Sequence[str]) -> Markup:
    """The figures as one escaped JSON document for a ``type=application/json`` block."""
    shared = list(dates)
    out: dict[str, Any] = {}
    for key, fig in figures.items():
        traces = []
        for trace in fig["data"]:
            if trace.get("x") == shared:
                trace = {**trace, "x": DATES}
            traces.append(trace)
        out[key] = {"data": traces, "layout": fig["layout"]}
    short = [d[:10] if d.endswith("T00:00:00+00:00") else d for d in shared]
    return json_block({"dates": short, "figures": _clean(out)})


def json_block(data: Any) -> Markup:
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def sha256_source(text: str) -> str:
    """A CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def charts_js() -> str:
    """The small script that draws every figure block of a page with Plotly."""
    return (files("codecanary.report.html") / "static" / "charts.js").read_text("utf-8")


@cache
def plotly_loader_js() -> str:
    """The report's loader: decompresses the inlined Plotly and loads it."""
    return (files("codecanary.report.html") / "static" / "plotly-loader.js").read_text("utf-8")


@cache
def plotly_gzip_base64() -> str:
    """Plotly's JS, gzip-compressed and base64-encoded (the report's inert copy)."""
    return base64.b64encode(gzip.compress(plotly_js().encode("utf-8"), 6, mtime=0)
                            ).decode("ascii")


@cache
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

    return str(get_plotlyjs())


def urlpart(value: object) -> str:
    """A path segment (task ids contain ``/``)."""
    return quote(str(value), safe="")


@cache
def environment(web: bool = False) -> Environment:
    """Templates of the report (and, with ``web``, of the dashboard), autoescaped."""
    loaders = [PackageLoader("codecanary.report.html", "templates")]
    if web:
        loaders.insert(0, PackageLoader("codecanary.web", "templates"))
    env = Environment(loader=ChoiceLoader(loaders),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["urlpart"] = urlpart
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{v:.1%}"
    return env
