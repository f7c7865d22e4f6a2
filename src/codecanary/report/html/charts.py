"""Plotly figure specs (plain JSON-ready dicts) for the report and the dashboard.

Plain dicts rather than ``plotly.graph_objects``: the same figures, built in
milliseconds instead of validated trace by trace, which keeps the dashboard's
subject page fast. Colours are the Okabe–Ito palette (safe for the common forms
of colour blindness); every axis names its quantity and unit; x is always the
run's logical date (UTC).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from codecanary.report.html.series import RatePoint, SubjectSeries

Figure = dict[str, Any]

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")
BAND = "rgba(0,114,178,0.18)"
BASELINE = "rgba(0,158,115,0.16)"
DATE_AXIS = {"title": {"text": "run date (UTC)"}, "type": "date"}
RATE_AXIS = {"title": {"text": "pass rate (%)"}, "tickformat": ".0%", "range": [0, 1.02]}


@dataclass(frozen=True)
class Marker:
    """A vertical line on the timeline: an event or the estimated change start."""

    at: str
    label: str
    colour: str
    dash: str = "dot"


def plain(text: str) -> str:
    """Text for a Plotly label: Plotly reads a little HTML (``<a>``, ``<b>``) in
    labels, so ``<``, ``>`` and ``&`` of stored text (event notes, slice and
    failure-class names) are turned into entities and shown, never interpreted."""
    return html.escape(text, quote=False)


def _layout(title: str, height: int = 360, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "height": height, "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "colorway": list(OKABE_ITO), "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.25},
        "font": {"family": "system-ui, sans-serif", "size": 12},
    }
    layout.update(extra)
    return layout


def _band(dates: Sequence[str], points: Sequence[RatePoint], name: str, colour: str,
          xaxis: str = "x", yaxis: str = "y", legend: bool = True) -> list[dict[str, Any]]:
    """The 95% interval as a filled band (upper then lower edge, filled between)."""
    common = {"x": list(dates), "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip",
              "xaxis": xaxis, "yaxis": yaxis, "legendgroup": name}
    return [
        {**common, "type": "scatter", "y": [p.high for p in points], "showlegend": False,
         "name": f"{name} upper"},
        {**common, "type": "scatter", "y": [p.low for p in points], "fill": "tonexty",
         "fillcolor": colour, "name": name, "showlegend": legend},
    ]


def _rate_line(dates: Sequence[str], points: Sequence[RatePoint], name: str, colour: str,
               xaxis: str = "x", yaxis: str = "y", legend: bool = True) -> dict[str, Any]:
    text = [f"{p.k}/{p.n} passed" if p.n else "no scored samples" for p in points]
    return {"type": "scatter", "mode": "lines+markers", "x": list(dates),
            "y": [p.value for p in points], "name": plain(name), "text": text,
            "line": {"color": colour, "width": 2}, "marker": {"size": 4},
            "hovertemplate": "%{y:.1%} (%{text})<extra>" + plain(name) + "</extra>",
            "xaxis": xaxis, "yaxis": yaxis, "showlegend": legend}


def _vlines(markers: Sequence[Marker], yref: str = "paper") -> tuple[list[Any], list[Any]]:
    shapes, notes = [], []
    for i, m in enumerate(markers):
        shapes.append({"type": "line", "xref": "x", "yref": yref, "x0": m.at, "x1": m.at,
                       "y0": 0, "y1": 1, "line": {"color": m.colour, "dash": m.dash,
                                                  "width": 2}})
        notes.append({"x": m.at, "xref": "x", "yref": "paper", "y": 1.0 - 0.08 * (i % 3),
                      "text": plain(m.label), "showarrow": False, "xanchor": "left",
                      "font": {"color": m.colour, "size": 11},
                      "bgcolor": "rgba(255,255,255,0.8)"})
    return shapes, notes


def pass_rate_figure(series: SubjectSeries, markers: Sequence[Marker]) -> Figure:
    """Daily pass rate, its 95% band, the baseline band and the timeline markers."""
    dates = series.dates
    data = [*_band(dates, series.overall, "95% interval (Wilson)", BAND),
            _rate_line(dates, series.overall, "pass rate", OKABE_ITO[0])]
    shapes, notes = _vlines(markers)
    base = series.baseline
    if base is not None and base.low is not None and base.high is not None \
            and base.value is not None:
        shapes.append({"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                       "y0": base.low, "y1": base.high, "fillcolor": BASELINE,
                       "line": {"width": 0}, "layer": "below"})
        notes.append({"xref": "paper", "x": 0.0, "y": base.high, "yref": "y",
                      "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                      "text": (f"baseline ({series.baseline_kind}, {len(series.baseline_runs)}"
                               f" runs): {base.value:.1%} [{base.low:.1%}, {base.high:.1%}] "
                               f"n={base.n}"),
                      "font": {"color": "#00684c", "size": 11}})
    layout = _layout("Daily pass rate with 95% interval, baseline band and events",
                     xaxis=DATE_AXIS, yaxis=RATE_AXIS, shapes=shapes, annotations=notes)
    return {"data": data, "layout": layout}


def small_multiples(series: SubjectSeries, facet: str, columns: int = 4) -> Figure | None:
    """One panel per slice of ``facet`` (language, category or difficulty)."""
    names = [n for n in series.slices if n.startswith(f"{facet}:")]
    if not names:
        return None
    rows = (len(names) + columns - 1) // columns
    data: list[dict[str, Any]] = []
    layout = _layout(f"Pass rate per {facet} (95% interval)", height=max(260, 210 * rows),
                     showlegend=False, hovermode="closest")
    gap = 0.06
    width = (1 - gap * (columns - 1)) / columns
    height = (1 - 0.1 * (rows - 1)) / rows
    notes = []
    for i, name in enumerate(names):
        r, c = divmod(i, columns)
        n = "" if i == 0 else str(i + 1)
        x0 = c * (width + gap)
        y1 = 1 - r * (height + 0.1)
        layout[f"xaxis{n}"] = {"domain": [x0, x0 + width], "anchor": f"y{n}", "type": "date",
                               "tickformat": "%b %d", "nticks": 4}
        layout[f"yaxis{n}"] = {"domain": [y1 - height, y1], "anchor": f"x{n}",
                               "tickformat": ".0%", "range": [0, 1.02],
                               "title": {"text": "pass rate (%)"} if c == 0 else {}}
        pts = series.slices[name]
        total = sum(p.n for p in pts)
        data += _band(series.dates, pts, "95% interval", BAND, f"x{n}", f"y{n}", False)
        data.append(_rate_line(series.dates, pts, name, OKABE_ITO[0], f"x{n}", f"y{n}",
                               False))
        notes.append({"text": plain(f"{name.split(':', 1)[1]} (n={total})"), "showarrow": False,
                      "xref": "paper", "yref": "paper", "x": x0, "y": y1 + 0.01,
                      "xanchor": "left", "yanchor": "bottom", "font": {"size": 12}})
    layout["annotations"] = notes
    layout["margin"] = {"l": 60, "r": 20, "t": 70, "b": 40}
    return {"data": data, "layout": layout}


def cusum_figure(dates: Sequence[str], levels: dict[str, list[float | None]],
                 any_alarm: bool) -> Figure | None:
    """CUSUM statistic ÷ threshold per stream; 1 is the alarm threshold."""
    if not levels:
        return None
    data = []
    for i, (name, ys) in enumerate(levels.items()):
        data.append({"type": "scatter", "mode": "lines+markers", "x": list(dates), "y": ys,
                     "name": plain(name), "line": {"color": OKABE_ITO[i % 7], "width": 2},
                     "marker": {"size": 4}, "connectgaps": False,
                     "hovertemplate": "%{y:.2f} × threshold<extra>" + plain(name) + "</extra>"})
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y,
               "y1": y, "line": {"color": colour, "dash": dash, "width": 2}}
              for y, colour, dash in ((1.0, "#D55E00", "solid"), (0.5, "#E69F00", "dash"))]
    notes = [{"xref": "paper", "x": 0, "xanchor": "left", "y": y, "yanchor": anchor,
              "text": text, "showarrow": False, "font": {"color": colour, "size": 11}}
             for y, text, colour, anchor in (
                 (1.0, "alarm threshold (statistic = h)", "#D55E00", "bottom"),
                 (0.5, "suspected (statistic = h/2)", "#b07800", "top"))]
    title = ("CUSUM statistic per alarmed stream" if any_alarm
             else "CUSUM statistic (no stream alarmed; the highest shown)")
    layout = _layout(title, xaxis=DATE_AXIS, shapes=shapes, annotations=notes,
                     yaxis={"title": {"text": "statistic ÷ threshold h (unitless)"},
                            "rangemode": "tozero"})
    return {"data": data, "layout": layout}


METRIC_AXES = {
    "runtime_ratio": "runtime ÷ reference (×, geometric mean)",
    "memory_ratio": "peak memory ÷ reference (×, geometric mean)",
    "lint_per_100_lines": "lint findings per 100 lines (mean)",
}


def metrics_figure(series: SubjectSeries) -> Figure | None:
    """One panel per charted scoring metric, stacked vertically, shared date axis."""
    names = [n for n in METRIC_AXES if n in series.metrics]
    if not names:
        return None
    data: list[dict[str, Any]] = []
    layout = _layout("Scoring metrics per run", height=230 * len(names) + 60,
                     showlegend=False)
    step = 1 / len(names)
    shapes = []
    for i, name in enumerate(names):
        n = "" if i == 0 else str(i + 1)
        pts = series.metrics[name]
        data.append({"type": "scatter", "mode": "lines+markers", "x": series.dates,
                     "y": [p.value for p in pts], "text": [f"n={p.n}" for p in pts],
                     "name": name, "xaxis": f"x{n}", "yaxis": f"y{n}",
                     "line": {"color": OKABE_ITO[(i + 1) % 7]}, "marker": {"size": 4},
                     "hovertemplate": "%{y:.3g} (%{text})<extra>" + name + "</extra>"})
        top = 1 - i * step
        layout[f"yaxis{n}"] = {"domain": [top - step + 0.07, top - 0.02], "anchor": f"x{n}",
                               "title": {"text": METRIC_AXES[name], "font": {"size": 11}}}
        layout[f"xaxis{n}"] = {"anchor": f"y{n}", "type": "date",
                               **({"matches": "x"} if n else {}),
                               "title": {"text": "run date (UTC)"} if i == len(names) - 1
                               else {}}
        if name.endswith("_ratio"):
            shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1,
                           "yref": f"y{n}", "y0": 1, "y1": 1,
                           "line": {"color": "#555", "dash": "dot", "width": 1}})
    layout["shapes"] = shapes
    return {"data": data, "layout": layout}


def failure_figure(series: SubjectSeries) -> Figure | None:
    """Failure-class shares of the scored samples as a stacked area (sums to 1 − pass)."""
    if not series.failure_shares:
        return None
    data = [{"type": "scatter", "mode": "lines", "x": series.dates, "y": ys,
             "name": plain(cls), "stackgroup": "failures",
             "line": {"width": 0.5, "color": OKABE_ITO[i % 8]},
             "hovertemplate": "%{y:.1%}<extra>" + plain(cls) + "</extra>"}
            for i, (cls, ys) in enumerate(series.failure_shares.items())]
    layout = _layout("Failure classes (share of scored samples, stacked)", xaxis=DATE_AXIS,
                     yaxis={"title": {"text": "share of samples (%)"}, "tickformat": ".0%"})
    return {"data": data, "layout": layout}


def sparkline(points: Sequence[RatePoint], dates: Sequence[str]) -> Figure:
    """A tiny pass-rate line for the overview table (no axes)."""
    return {"data": [{"type": "scatter", "mode": "lines", "x": list(dates),
                      "y": [p.value for p in points], "line": {"color": OKABE_ITO[0],
                                                               "width": 1.5},
                      "hovertemplate": "%{x|%Y-%m-%d}: %{y:.1%}<extra></extra>"}],
            "layout": {"height": 40, "width": 180, "margin": {"l": 0, "r": 0, "t": 2, "b": 2},
                       "xaxis": {"visible": False, "type": "date"},
                       "yaxis": {"visible": False, "range": [0, 1]}, "showlegend": False}}
