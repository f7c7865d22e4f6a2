"""Pipeline-level behaviour: worker processes, shift statistics, gate decisions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from codecanary.audit.dataset.stats import Tally, compare
from tests.audit.dataset_helpers import code, run


def _records() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for k in range(40):
        body = f"def f{k}(a{k}, b):\n    c{k} = a{k} * {k} + b\n    return c{k} - {k * 7}\n"
        if k % 10 == 3:
            body = body[:-12]  # truncated
        out.append(code(f"r{k}", body))
    out.append(code("dup", out[0]["code"]))  # type: ignore[arg-type]
    return out


def test_worker_processes_give_the_same_flags_in_order(tmp_path: Path) -> None:
    one, flags_one = run(tmp_path, _records(), workers=1)
    two, flags_two = run(tmp_path, _records(), workers=2)
    assert flags_one == flags_two
    assert one.flag_counts == two.flag_counts
    assert "exact_duplicate" in flags_two["dup"]


def test_gate_max_flagged(tmp_path: Path) -> None:
    report, _ = run(tmp_path, _records(), max_flagged=0.5)
    assert report.gate == "pass"
    report, _ = run(tmp_path, _records(), max_flagged=0.05)
    assert report.gate == "fail" and "max-flagged" in report.gate_reasons[0]
    assert report.flagged_share.low is not None and report.flagged_share.n == 41


def test_shift_reports_ratio_effect_and_test() -> None:
    ref = Tally(records=1000, flag_counts=Counter(syntax_error=10),
                languages=Counter(python=900, go=100), lengths=[100 + k % 50 for k in range(1000)])
    new = Tally(records=1000, flag_counts=Counter(syntax_error=40),
                languages=Counter(python=500, go=500), lengths=[300 + k % 50 for k in range(1000)])
    shift = compare(ref, new)
    syntax = next(f for f in shift.flags if f.flag == "syntax_error")
    assert syntax.ratio is not None and abs(syntax.ratio - 4.0) < 1e-9
    assert syntax.p_value < 1e-4 and syntax.cohens_h > 0.1
    by_name = {d.name: d for d in shift.distributions}
    assert by_name["language"].p_value < 1e-6 and by_name["language"].effect > 0.3
    assert by_name["length"].effect == 1.0  # the two length ranges do not overlap
