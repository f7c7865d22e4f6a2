"""Detection benchmark: codecanary's detector vs naive daily tests and an oracle CUSUM.

Seeded simulation of daily panels of 164 tasks, 1 sample per task per day.

Per-task pass probabilities (one panel per replicate group) are drawn from a
mixture that, like real panels, puts many tasks near 0 or 1:
40% Beta(30, 1) (almost always solved), 15% Beta(1, 30) (almost never solved),
45% Uniform(0, 1). Tasks are split into 7 languages (1/7 of the panel each) and,
independently, 6 categories. Log runtime of task i on a day is
N(mu_i, sigma_i²) with mu_i ~ N(0, 0.5²), sigma_i ~ U(0.1, 0.3).

A drop of d points in a set of tasks is a common shift of their log-odds
(logit q_i = logit p_i − b, b solved so that their mean rate drops by exactly
d): a model that became uniformly weaker in the Rasch/IRT sense. Runtime ×1.5
multiplies the runtime of a random 30% of tasks by 1.5.

Timeline of a replicate: 120 days of history, then monitoring; the change starts
on monitoring day 30 and the horizon is 90 days after it. The no-change scenario
monitors one year per replicate after the history. Delay = days from the first
changed run to the first alarm, counting that run as day 1 (alarms before the
change are ignored for delays; undetected = beyond the horizon).

Methods (same data):
- codecanary: paired CUSUMs (codecanary.detect) on overall, each language, each
  category (pass rate) and overall log runtime, against a lagged rolling
  baseline (runs from t−28−182 to t−28), thresholds from the monitor plan.
- naive z: unpaired two-proportion z-test, today vs the trailing 7 days, one-sided
  α = 0.05, on the same slices (runtime: today's mean log runtime vs trailing
  7 days, z on the across-task spread).
- CI overlap: alarm when today's 95% Wilson interval lies wholly below the
  trailing 7 days' (runtime: 95% intervals of the means).
- naive z at codecanary's false-alarm rate: same statistic, threshold chosen on
  the no-change histories so its alarm days per year equal codecanary's.
- oracle: likelihood-ratio CUSUM that knows which tasks change and their true
  pre- and post-change rates, threshold set on the no-change histories to
  codecanary's false-alarm rate. It watches one known stream with the whole
  false-alarm budget, which no monitor can do.
- budget-matched oracle: held to codecanary's constraint. It does not know
  where the change is, so it watches every stream codecanary watches (overall,
  each language, each category, runtime), one likelihood-ratio CUSUM per
  stream, all under the same total false-alarm budget (one common threshold,
  set on the no-change histories so that its alarm days per year equal
  codecanary's). It knows the true pre-change rates and the size of the
  scenario's shift: each pass-rate stream tests "this slice's tasks dropped by
  the scenario's size" (the true post-change rates on the true stream); the
  runtime stream tests the true runtime shift. In the runtime scenario the
  pass-rate streams test codecanary's own design effects (5 points overall,
  15 points per slice).
"""

from __future__ import annotations

import os

# One BLAS thread: the machine is shared and the Markov-chain solves are small.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import sys
import time

import numpy as np
from numpy.typing import NDArray
from scipy import special, stats

from codecanary.detect.cusum_design import (
    ContinuousSpec,
    MonitorPlan,
    SliceSpec,
    Stream,
    continuous_sd,
    localize,
    plan_monitors,
)
from codecanary.detect.daily import (
    DetectorDesign,
    continuous_z,
    null_increments,
    paired_z,
    poisson_binomial_pmf,
    shrunk_rate,
)
from codecanary.detect.sequential import CusumDetector, calibrate_threshold, cusum_scan

Array = NDArray[np.float64]
SEED = 20261123
N_TASKS, N_LANG, N_CAT = 164, 7, 6
HISTORY, PRE, HORIZON, NULL_DAYS = 120, 30, 90, 365
PANELS, REPS = 20, 5  # 100 replicates per scenario, 100 simulated years without change
LAG, WINDOW, TRAIL = 28, 182, 7
LOCALIZE_RUNS = 14
BUDGET, LOW_BUDGET = 0.7, 0.3  # false alarms per year: codecanary's default, and stricter
Z_NAIVE = float(stats.norm.ppf(0.95))
Z_CI = float(stats.norm.ppf(0.975))


class Panel:
    """One simulated panel: per-task rates, slices and runtime parameters."""

    def __init__(self, rng: np.random.Generator) -> None:
        kind = rng.choice(3, size=N_TASKS, p=[0.40, 0.15, 0.45])
        self.p = np.where(
            kind == 0, rng.beta(30, 1, N_TASKS),
            np.where(kind == 1, rng.beta(1, 30, N_TASKS), rng.uniform(0, 1, N_TASKS)),
        )
        self.p = np.clip(self.p, 1e-4, 1 - 1e-4)
        self.language = rng.permutation(np.arange(N_TASKS) % N_LANG)
        self.category = rng.integers(0, N_CAT, N_TASKS)
        self.mu = rng.normal(0.0, 0.5, N_TASKS)
        self.sigma = rng.uniform(0.1, 0.3, N_TASKS)
        self.slow = rng.random(N_TASKS) < 0.30
        cols = [np.ones(N_TASKS)]
        cols += [(self.language == j).astype(float) for j in range(N_LANG)]
        cols += [(self.category == j).astype(float) for j in range(N_CAT)]
        self.membership = np.stack(cols, axis=1)


SLICE_NAMES = ["overall"] + [f"language:{j}" for j in range(N_LANG)] + [
    f"category:{j}" for j in range(N_CAT)
]
STREAMS = [*SLICE_NAMES, "runtime:overall"]


def logit_drop(p: Array, drop: float) -> Array:
    """Rates after a common log-odds shift that lowers their mean by ``drop``."""
    target = p.mean() - drop
    low, high = 0.0, 20.0
    for _ in range(80):
        mid = (low + high) / 2
        if special.expit(special.logit(p) - mid).mean() > target:
            low = mid
        else:
            high = mid
    return special.expit(special.logit(p) - high)


SCENARIOS: dict[str, tuple[str, float, str]] = {
    # name: (affected set, drop or runtime factor, true stream)
    "overall -5 pts": ("all", 0.05, "overall"),
    "overall -2 pts": ("all", 0.02, "overall"),
    "1 language -15 pts": ("language", 0.15, "language:0"),
    "1 category -20 pts": ("category", 0.20, "category:0"),
    "runtime x1.5 on 30%": ("runtime", 1.5, "runtime:overall"),
}


def affected(panel: Panel, which: str) -> NDArray[np.bool_]:
    if which == "all":
        return np.ones(N_TASKS, dtype=bool)
    if which == "language":
        return panel.language == 0
    if which == "category":
        return panel.category == 0
    return panel.slow


def simulate(
    panels: list[Panel], days: int, change_day: int | None, scenario: str | None, seed: int
) -> tuple[Array, Array, Array, Array]:
    """Outcomes (R, T, N), log runtimes (R, T, N) and post-change rates/shifts (R, N)."""
    rng = np.random.default_rng(seed)
    r = len(panels) * REPS
    p = np.repeat(np.stack([pn.p for pn in panels]), REPS, axis=0)
    q = p.copy()
    shift = np.zeros_like(p)
    if scenario is not None:
        which, size, _ = SCENARIOS[scenario]
        for i, pn in enumerate(panels):
            hit = affected(pn, which)
            rows = slice(i * REPS, (i + 1) * REPS)
            if which == "runtime":
                shift[rows] = np.where(hit, np.log(size), 0.0)
            else:
                q[rows, hit] = logit_drop(pn.p[hit], size)
    rates = np.repeat(p[:, None, :], days, axis=1)
    logrt = np.repeat(np.stack([pn.mu for pn in panels]), REPS, axis=0)[:, None, :]
    sig = np.repeat(np.stack([pn.sigma for pn in panels]), REPS, axis=0)[:, None, :]
    noise = rng.standard_normal((r, days, N_TASKS)) * sig
    runtime = np.broadcast_to(logrt, noise.shape) + noise
    if change_day is not None:
        rates[:, change_day:, :] = q[:, None, :]
        runtime = runtime + np.where(np.arange(days)[None, :, None] >= change_day, 1, 0) * (
            shift[:, None, :]
        )
    y = (rng.random((r, days, N_TASKS)) < rates).astype(float)
    return y, runtime, q, shift


MULTI_K = (0.25, 0.5, 1.0, 1.5)
"""Reference values of the multi-chart CUSUM tried for the slice streams."""


def design(panels: list[Panel], y: Array, rt: Array, budget: float,
           multi_k: bool = False) -> list[MonitorPlan]:
    """Per panel, the monitor plan from the first replicate's history.

    With ``multi_k``, every sub-slice stream is replaced by a multi-chart CUSUM
    over ``MULTI_K`` (one chart per reference value, each at ARL0 × len(MULTI_K)
    so the slice keeps its share of the budget: a discretised GLR/mixture over
    the unknown shift size, Han & Tsung 2006; Lorden 1971).
    """
    plans = []
    for i, pn in enumerate(panels):
        hist = y[i * REPS, : HISTORY - LAG]
        hist_rt = rt[i * REPS, : HISTORY - LAG]
        slices = [SliceSpec(name, pn.membership[:, j] > 0) for j, name in enumerate(SLICE_NAMES)]
        sd = continuous_sd(hist_rt.var(axis=0, ddof=1), float(hist.shape[0]))
        runtime = ContinuousSpec("runtime:overall", sd, float(np.log(1.1)))
        plan = plan_monitors(hist.mean(axis=0), float(hist.shape[0]), slices, [runtime],
                             false_alarms_per_year=budget)
        if multi_k:
            plan = _multi_chart(plan, hist.mean(axis=0), float(hist.shape[0]), slices)
        plans.append(plan)
    return plans


def _multi_chart(plan: MonitorPlan, rate: Array, n: float,
                 slices: list[SliceSpec]) -> MonitorPlan:
    members = {sl.name: sl.members for sl in slices}
    streams: list[Stream] = []
    for st in plan.streams:
        des = _design(st)
        if st.kind != "slice" or st.watches == "overall":
            streams.append(st)
            continue
        support, probs = null_increments(rate[members[st.watches]],
                                         np.full(int(members[st.watches].sum()), n))
        for k in MULTI_K:
            h = calibrate_threshold(k, des.arl0 * len(MULTI_K), support, probs)
            streams.append(Stream(f"{st.name}:k{k}", st.watches, "slice",
                                  DetectorDesign(des.slice_sd, des.design_effect, k, h,
                                                 des.arl0 * len(MULTI_K)),
                                  CusumDetector(k=k, h=h)))
    return MonitorPlan(streams, plan.false_alarms_per_year, plan.runs_per_year)


def codecanary_streams(
    panels: list[Panel], y: Array, rt: Array
) -> tuple[Array, Array, Array]:
    """Oriented daily statistics x (T_monitor, R, streams): positive is harmful.

    Also returns the per-task paired residuals and their no-change variances,
    (R, T_monitor, N), which attribute slice alarms (``localize``).
    """
    r, days, _ = y.shape
    cs = np.concatenate([np.zeros((r, 1, N_TASKS)), np.cumsum(y, axis=1)], axis=1)
    cr = np.concatenate([np.zeros((r, 1, N_TASKS)), np.cumsum(rt, axis=1)], axis=1)
    cr2 = np.concatenate([np.zeros((r, 1, N_TASKS)), np.cumsum(rt * rt, axis=1)], axis=1)
    t = np.arange(HISTORY, days)
    hi = t - LAG
    lo = np.maximum(0, hi - WINDOW)
    n_base = (hi - lo).astype(float)[None, :, None]
    base_rate = (cs[:, hi] - cs[:, lo]) / n_base
    base_mean = (cr[:, hi] - cr[:, lo]) / n_base
    base_var = ((cr2[:, hi] - cr2[:, lo]) - n_base * base_mean**2) / (n_base - 1)
    out = np.empty((len(t), r, len(STREAMS)))
    ones = np.ones_like(y[:, t])
    for i, pn in enumerate(panels):
        rows = slice(i * REPS, (i + 1) * REPS)
        nb = np.broadcast_to(n_base, base_rate[rows].shape)
        z, _, _ = paired_z(y[rows][:, t], ones[rows], base_rate[rows], nb, pn.membership)
        zr, _, _ = continuous_z(rt[rows][:, t], ones[rows], base_mean[rows], base_var[rows], nb)
        out[:, rows, :-1] = np.moveaxis(-z, 1, 0)
        out[:, rows, -1] = np.moveaxis(zr[..., 0], 1, 0)
    resid = y[:, t] - base_rate
    ps = shrunk_rate(base_rate, n_base)
    return out, resid, ps * (1 - ps) * (1 + 1 / n_base)


def run_codecanary(
    panels: list[Panel], plans: list[MonitorPlan], y: Array, rt: Array
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Alarm days (T_monitor, R) and the slice named on each alarm day.

    The alarming stream with the highest statistic/threshold is named, unless it
    is a sub-slice whose complement dropped as well (``localize``): then overall.
    """
    x, resid, var = codecanary_streams(panels, y, rt)
    x = x[:, :, [STREAMS.index(st.watches) for st in plans[0].streams]]
    k = np.repeat(np.stack([[_design(st).k for st in pl.streams] for pl in plans]), REPS, axis=0)
    h = np.repeat(np.stack([[_design(st).h for st in pl.streams] for pl in plans]), REPS, axis=0)
    path, alarms = cusum_scan(x, k, h)
    level = np.where(alarms, path / h, -1.0)
    watched = np.array([STREAMS.index(w) for w in plans[0].watches])
    top = level.argmax(axis=2)
    named = watched[top]
    days, reps = np.nonzero(alarms.any(axis=2))
    for day, rep in zip(days, reps, strict=True):
        stream = named[day, rep]
        if stream == 0 or STREAMS[stream].startswith("runtime"):
            continue
        # Window: the slice's excursion (its CUSUM change-start estimate), and at
        # least LOCALIZE_RUNS runs so that the complement test has power.
        zero = np.nonzero(path[: day + 1, rep, top[day, rep]] == 0.0)[0]
        start = min(zero[-1] + 1 if zero.size else 0, max(0, day + 1 - LOCALIZE_RUNS))
        members = panels[rep // REPS].membership[:, stream] > 0
        if not localize(resid[rep, start : day + 1], var[rep, start : day + 1], members):
            named[day, rep] = 0
    return alarms.any(axis=2), named


def _design(stream: Stream) -> DetectorDesign:
    assert stream.design is not None
    return stream.design


def bank_llr(panels: list[Panel], y: Array, rt: Array, scenario: str) -> Array:
    """Daily LLR of every stream of the budget-matched oracle, (T, R, 14 + 1)."""
    which, size, _ = SCENARIOS[scenario]
    t = np.arange(HISTORY, y.shape[1])
    yt = y[:, t]
    out = np.empty((len(t), y.shape[0], len(STREAMS)))
    for i, pn in enumerate(panels):
        rows = slice(i * REPS, (i + 1) * REPS)
        w1 = np.zeros((N_TASKS, len(SLICE_NAMES)))
        w0 = np.zeros_like(w1)
        for j, name in enumerate(SLICE_NAMES):
            hit = pn.membership[:, j] > 0
            drop = size if which != "runtime" else (0.05 if name == "overall" else 0.15)
            q = logit_drop(pn.p[hit], drop)
            w1[hit, j] = np.log(q / pn.p[hit])
            w0[hit, j] = np.log((1 - q) / (1 - pn.p[hit]))
        out[:, rows, :-1] = np.einsum("rtn,ns->trs", yt[rows], w1) + np.einsum(
            "rtn,ns->trs", 1 - yt[rows], w0)
        d = np.where(pn.slow, np.log(1.5), 0.0)
        s2 = pn.sigma**2
        out[:, rows, -1] = (((rt[rows][:, t] - pn.mu) * d / s2) - d * d / (2 * s2)).sum(
            axis=2).T
    return out


def calibrate_bank(llr_null: Array, target: float, years: float) -> float:
    """One threshold for every stream: alarm days per year on no-change = ``target``."""
    low, high = 0.5, 60.0
    for _ in range(30):
        mid = (low + high) / 2
        rate = alarm_rate(cusum_scan(llr_null, 0.0, mid)[1].any(axis=2), years)
        if rate > target:
            low = mid
        else:
            high = mid
    return high


def trailing(y: Array, membership: Array) -> tuple[Array, Array]:
    """Per slice: today's pass counts and trailing-7-day counts, (T_monitor, R, S)."""
    counts = np.einsum("rtn,ns->trs", y, membership)
    cs = np.concatenate([np.zeros((1, *counts.shape[1:])), np.cumsum(counts, axis=0)], axis=0)
    t = np.arange(HISTORY, y.shape[1])
    return counts[t], cs[t] - cs[t - TRAIL]


def naive_streams(panels: list[Panel], y: Array, rt: Array) -> tuple[Array, NDArray[np.bool_]]:
    """Naive oriented z (T, R, streams) and CI-overlap alarms (T, R, streams)."""
    r, days, _ = y.shape
    t_mon = days - HISTORY
    z = np.empty((t_mon, r, len(STREAMS)))
    overlap = np.empty((t_mon, r, len(STREAMS)), dtype=bool)
    for i, pn in enumerate(panels):
        rows = slice(i * REPS, (i + 1) * REPS)
        today, base = trailing(y[rows], pn.membership)
        n1 = pn.membership.sum(axis=0)
        n0 = TRAIL * n1
        p1, p0 = today / n1, base / n0
        pooled = (today + base) / (n1 + n0)
        se = np.sqrt(np.maximum(pooled * (1 - pooled), 1e-12) * (1 / n1 + 1 / n0))
        z[:, rows, :-1] = (p0 - p1) / se
        overlap[:, rows, :-1] = wilson(today, n1)[1] < wilson(base, n0)[0]
        day_mean = rt[rows].mean(axis=2)
        day_var = rt[rows].var(axis=2, ddof=1)
        cm = np.concatenate([np.zeros((day_mean.shape[0], 1)), np.cumsum(day_mean, 1)], 1)
        t = np.arange(HISTORY, days)
        m0 = (cm[:, t] - cm[:, t - TRAIL]) / TRAIL
        # Trailing days pooled: between-day spread is negligible next to the across-task one.
        v0 = np.stack([day_var[:, t - j] for j in range(1, TRAIL + 1)]).mean(axis=0)
        se1, se0 = np.sqrt(day_var[:, t] / N_TASKS), np.sqrt(v0 / (TRAIL * N_TASKS))
        z[:, rows, -1] = ((day_mean[:, t] - m0) / np.sqrt(se1**2 + se0**2)).T
        overlap[:, rows, -1] = ((day_mean[:, t] - Z_CI * se1) > (m0 + Z_CI * se0)).T
    return z, overlap


def wilson(x: Array, n: Array) -> tuple[Array, Array]:
    """Vectorised Wilson 95% interval (as in codecanary.detect.intervals)."""
    p = x / n
    denom = 1 + Z_CI**2 / n
    centre = (p + Z_CI**2 / (2 * n)) / denom
    half = Z_CI * np.sqrt(p * (1 - p) / n + Z_CI**2 / (4 * n * n)) / denom
    return centre - half, centre + half


def oracle_llr(panels: list[Panel], y: Array, rt: Array, q: Array, shift: Array,
               scenario: str) -> Array:
    """Daily log-likelihood ratio of post- vs pre-change, known tasks and rates (T, R)."""
    p = np.repeat(np.stack([pn.p for pn in panels]), REPS, axis=0)
    t = np.arange(HISTORY, y.shape[1])
    if SCENARIOS[scenario][0] == "runtime":
        mu = np.repeat(np.stack([pn.mu for pn in panels]), REPS, axis=0)[:, None, :]
        s2 = np.repeat(np.stack([pn.sigma for pn in panels]), REPS, axis=0)[:, None, :] ** 2
        d = shift[:, None, :]
        llr = ((rt[:, t] - mu) * d / s2 - d * d / (2 * s2)).sum(axis=2)
    else:
        w1 = np.log(q / p)[:, None, :]
        w0 = np.log((1 - q) / (1 - p))[:, None, :]
        yt = y[:, t]
        llr = (yt * w1 + (1 - yt) * w0).sum(axis=2)
    return llr.T


def alarm_rate(path_alarms: NDArray[np.bool_], years: float) -> float:
    return float(path_alarms.sum()) / years


def calibrate_oracle(llr_null: Array, target: float, years: float) -> float:
    """Threshold whose alarms per year on no-change histories match ``target``."""
    grid = np.exp(np.linspace(np.log(0.2), np.log(40.0), 90))
    x = np.repeat(llr_null[:, :, None], grid.size, axis=2)
    _, alarms = cusum_scan(x, 0.0, grid)
    rates = alarms.sum(axis=(0, 1)) / years
    ok = np.nonzero(rates <= target)[0]
    return float(grid[ok[0]]) if ok.size else float(grid[-1])


def delays(alarms: NDArray[np.bool_], change: int) -> Array:
    """Days from the change (first changed run = day 1) to the first alarm; inf if none."""
    post = alarms[change:]
    hit = post.any(axis=0)
    first = post.argmax(axis=0).astype(float) + 1
    return np.where(hit, first, np.inf)


def main() -> None:
    start = time.time()
    rng = np.random.default_rng(SEED)
    panels = [Panel(rng) for _ in range(PANELS)]
    years = PANELS * REPS * NULL_DAYS / 365.0
    y0, rt0, _, _ = simulate(panels, HISTORY + NULL_DAYS, None, None, SEED + 1)
    plans = design(panels, y0, rt0, BUDGET, multi_k="--multi-k" in sys.argv)
    cc_null, _ = run_codecanary(panels, plans, y0, rt0)
    fa_cc = alarm_rate(cc_null, years)
    # Sensitivity: the same detector at a stricter false-alarm budget.
    plans_low = design(panels, y0, rt0, LOW_BUDGET)
    fa_low = max(alarm_rate(run_codecanary(panels, plans_low, y0, rt0)[0], years), 1.0 / years)
    low_rows: list[str] = []
    mean_rows: list[str] = []
    zn, ov = naive_streams(panels, y0, rt0)
    fa_naive = alarm_rate((zn > Z_NAIVE).any(axis=2), years)
    fa_ci = alarm_rate(ov.any(axis=2), years)
    worst = zn.max(axis=2).ravel()
    target_rate = max(fa_cc, 1.0 / years)  # never calibrate to exactly zero alarms
    z_recal = float(np.quantile(worst, 1.0 - target_rate / 365.0))
    fa_recal = alarm_rate((zn > z_recal).any(axis=2), years)
    lo, hi = poisson_interval(round(fa_cc * years), years)
    rows: list[Row] = [
        ("no change (alarms/yr)", fa_cc, fa_naive, fa_ci, fa_recal, target_rate, "",
         target_rate, "", "")]
    change = PRE
    results: dict[str, dict[str, float]] = {}
    for s_i, name in enumerate(SCENARIOS):
        y, rt, q, shift = simulate(panels, HISTORY + PRE + HORIZON, HISTORY + PRE, name,
                                   SEED + 1)
        cc_alarm, named = run_codecanary(panels, plans, y, rt)
        d_cc = delays(cc_alarm, change)
        hit = np.isfinite(d_cc)
        first = (np.where(hit, d_cc, 1) - 1 + change).astype(int)
        got = named[first, np.arange(first.size)]
        correct = float(np.mean(got[hit] == STREAMS.index(SCENARIOS[name][2]))) if hit.any() \
            else 0.0
        zc, ovc = naive_streams(panels, y, rt)
        d_naive = delays((zc > Z_NAIVE).any(axis=2), change)
        d_ci = delays(ovc.any(axis=2), change)
        d_recal = delays((zc > z_recal).any(axis=2), change)
        llr0 = oracle_llr(panels, y0, rt0, q, shift, name)
        h_or = calibrate_oracle(llr0, target_rate, years)
        _, or_alarm = cusum_scan(oracle_llr(panels, y, rt, q, shift, name), 0.0, h_or)
        d_or = delays(or_alarm, change)
        h_bank = calibrate_bank(bank_llr(panels, y0, rt0, name), target_rate, years)
        d_bank = delays(cusum_scan(bank_llr(panels, y, rt, name), 0.0, h_bank)[1].any(axis=2),
                        change)
        d_low = delays(run_codecanary(panels, plans_low, y, rt)[0], change)
        h_low = calibrate_oracle(llr0, fa_low, years)
        d_or_low = delays(cusum_scan(oracle_llr(panels, y, rt, q, shift, name), 0.0, h_low)[1],
                          change)
        low_rows.append(f"  {name:<28} codecanary {np.median(d_low):5.1f}  oracle "
                        f"{np.median(d_or_low):5.1f}  ratio "
                        f"{np.median(d_low) / np.median(d_or_low):4.2f}")
        med = {k: float(np.median(v)) for k, v in
               [("cc", d_cc), ("naive", d_naive), ("ci", d_ci), ("recal", d_recal), ("or", d_or),
                ("bank", d_bank)]}
        med["named"] = correct
        capped = {k: float(np.mean(np.minimum(v, HORIZON + 1))) for k, v in
                  [("cc", d_cc), ("bank", d_bank), ("or", d_or)]}
        mean_rows.append(f"  {name:<28} codecanary {capped['cc']:5.2f}  bank oracle "
                         f"{capped['bank']:5.2f}  ratio {capped['cc'] / capped['bank']:4.2f}  "
                         f"single-stream oracle {capped['or']:5.2f}  ratio "
                         f"{capped['cc'] / capped['or']:4.2f}")
        med["detected"] = float(hit.mean())
        results[name] = med
        rows.append((f"{name} (median delay, days)", med["cc"], med["naive"], med["ci"],
                     med["recal"], med["or"], med["cc"] / med["or"], med["bank"],
                     med["cc"] / med["bank"], f"{correct:.0%} of {hit.mean():.0%}"))
        del y, rt, s_i
    print_table(rows, fa_cc, lo, hi, years)
    print(f"mean delays in days (undetected counted as {HORIZON + 1}; finer than the medians):")
    print("\n".join(mean_rows))
    print(f"sensitivity, budget {LOW_BUDGET}/yr (measured {fa_low:.2f}/yr; oracle at that rate), "
          "median delays in days:")
    print("\n".join(low_rows))
    oracle1, best1, split1 = day1_bound(panels, target_rate, SEED + 2)
    print(f"category -20 pts, day-1 detection at {target_rate:.2f} alarms/yr: oracle (known "
          f"category) {oracle1:.0%}; best possible test watching only the 6 categories "
          f"{best1:.0%}; one stream of 13 with 1/13 of the budget {split1:.0%} "
          "(a median delay <= 1.5 days needs >= 50%)")
    print(f"runtime {time.time() - start:.0f} s; targets for the default budget "
          f"{BUDGET}/yr:")
    verdict(fa_cc, results)


def day1_bound(panels: list[Panel], rate: float, seed: int) -> tuple[float, float, float]:
    """Best possible day-1 detection of the category drop at ``rate`` false alarms/yr.

    An alarm on the first changed run is a test of that run's outcomes (earlier
    runs are in control and carry no information about the change) whose size is
    the per-run false-alarm probability ``rate / 365`` when the change day is
    not known in advance. By Neyman–Pearson the best such test for "one of the 6
    categories dropped 20 points" (uniform prior over which one, true rates
    known) rejects for large values of the mixture likelihood ratio
    ``mean_j LR_j`` (Monte Carlo null quantile); the oracle's single-stream bound
    is the Poisson-binomial likelihood-ratio test on the known category.

    Returns:
        Mean day-1 power over panels: oracle (known category), best test that
        spends the whole budget on the 6 categories, and a single category
        stream holding 1/13 of the budget (13 slices share it equally).
    """
    rng = np.random.default_rng(seed)
    alpha = rate / 365.0
    mixture, single, split = [], [], []
    for pn in panels:
        q_all = [pn.p.copy() for _ in range(N_CAT)]
        for j in range(N_CAT):
            hit = pn.category == j
            q_all[j][hit] = logit_drop(pn.p[hit], 0.20)
        w1 = np.log(np.stack(q_all) / pn.p)
        w0 = np.log((1 - np.stack(q_all)) / (1 - pn.p))

        def mix(y: Array, w1: Array = w1, w0: Array = w0) -> Array:
            llr = y @ w1.T + (1 - y) @ w0.T
            top = llr.max(axis=1, keepdims=True)
            return np.asarray(top[:, 0] + np.log(np.exp(llr - top).mean(axis=1)))

        null = np.concatenate([mix((rng.random((25_000, N_TASKS)) < pn.p).astype(float))
                               for _ in range(6)])
        alt = mix((rng.random((4000, N_TASKS)) < q_all[0]).astype(float))
        mixture.append(float(np.mean(alt > np.quantile(null, 1.0 - alpha))))
        hit = pn.category == 0
        f0, f1 = poisson_binomial_pmf(pn.p[hit]), poisson_binomial_pmf(q_all[0][hit])
        single.append(np_power(f0, f1, alpha))
        split.append(np_power(f0, f1, alpha / 13))
    return float(np.mean(single)), float(np.mean(mixture)), float(np.mean(split))


def np_power(f0: Array, f1: Array, alpha: float) -> float:
    """Power of the randomised Neyman–Pearson test rejecting low pass counts."""
    c0, c1 = np.cumsum(f0), np.cumsum(f1)
    below = np.nonzero(c0 <= alpha)[0]
    c = int(below[-1]) if below.size else -1
    power = float(c1[c]) if c >= 0 else 0.0
    size = float(c0[c]) if c >= 0 else 0.0
    return power + (alpha - size) / float(f0[c + 1]) * float(f1[c + 1])


def poisson_interval(count: int, exposure: float) -> tuple[float, float]:
    """Exact (Garwood) 95% interval for a Poisson rate."""
    low = stats.chi2.ppf(0.025, 2 * count) / 2 / exposure if count else 0.0
    high = stats.chi2.ppf(0.975, 2 * count + 2) / 2 / exposure
    return float(low), float(high)


Row = tuple[str, float, float, float, float, float, float | str, float, float | str, str]


def print_table(rows: list[Row], fa: float,
                lo: float, hi: float, years: float) -> None:
    head = ("scenario", "codecanary", "naive z", "CI overlap", "naive@cc-FA", "oracle",
            "cc/oracle", "bank oracle", "cc/bank", "named right")
    print(f"{head[0]:<42}" + "".join(f"{h:>12}" for h in head[1:-1]) + f"{head[-1]:>14}")
    for name, *vals, extra in rows:
        cells = "".join(f"{v:>12.2f}" if isinstance(v, float) else f"{v:>12}" for v in vals)
        print(f"{name:<42}{cells}{extra:>14}")
    print(f"codecanary false alarms: {fa:.2f}/yr [95% CI {lo:.2f}, {hi:.2f}] over "
          f"{years:.0f} simulated years; oracle, bank oracle and naive@cc-FA use this rate")


def verdict(fa: float, results: dict[str, dict[str, float]]) -> None:
    checks = {"<= 1 false alarm/yr": fa <= 1.0}
    checks["<= 1.25x budget-matched oracle delay in every scenario"] = all(
        r["cc"] <= 1.25 * r["bank"] for r in results.values())
    info = {"<= 1.5x single-stream oracle delay (not a target: that oracle watches one known "
            "stream with the whole budget, see docs/statistics.md)": all(
                r["cc"] <= 1.5 * r["or"] for r in results.values())}
    checks["<= 4 days for overall -5 pts"] = results["overall -5 pts"]["cc"] <= 4
    checks[">= 90% slice named"] = all(r["named"] >= 0.9 for r in results.values())
    # A daily detector cannot alarm before the first changed run: where codecanary
    # already alarms on day 1 (median), the speed-up is capped and counted as met.
    checks[">= 2x faster than naive at equal FA (day-1 floor counts as met)"] = all(
        r["recal"] >= 2 * r["cc"] or r["cc"] <= 1.0 for r in results.values())
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    for name, ok in info.items():
        print(f"  {'ok  ' if ok else 'info'} {name}")
    missed = [n for n, ok in checks.items() if not ok]
    if missed:
        print("targets missed: " + "; ".join(missed))
    else:
        print("targets met: " + "; ".join(checks))


if __name__ == "__main__":
    main()
