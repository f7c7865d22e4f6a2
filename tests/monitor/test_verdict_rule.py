"""One rule for what a verdict shows: its printed interval is the one it rests on.

For every slice of every check over a set of simulated histories (steady, a
language fault, a slow drift in a category), a ``regressed`` verdict's printed
interval lies wholly below 0 and an ``improved`` one's wholly above, in every
output: the verdict record, the JSON, the text headline, Markdown and JUnit.
"""

from __future__ import annotations

import re
from datetime import timedelta

from codecanary.detect import Verdict
from codecanary.monitor import run_check
from codecanary.report.ci import headline, junit_xml, markdown_summary
from codecanary.store import Store
from tests.monitor.panel import START, panel
from tests.monitor.synth import write_history

SUITE = panel(12)
BASE_DAYS = 20
NUMBERS = re.compile(r"([+-]\d+\.\d) pts \[([+-]\d+\.\d), ([+-]\d+\.\d)\]")


def _printed_interval(v: Verdict) -> tuple[float, float]:
    found = NUMBERS.search(headline(v))
    assert found is not None, headline(v)
    return float(found.group(2)), float(found.group(3))


def test_verdict_words_sit_on_their_side_of_zero(store: Store) -> None:
    histories = {
        "steady": {},
        "jsdrop": {"drop_language": "javascript", "drop_from": BASE_DAYS + 6, "drop": 0.6},
        "pydrift": {"drop_language": "python", "drop_from": BASE_DAYS + 2, "drop": 0.25},
    }
    days = BASE_DAYS + 18
    seen: dict[str, int] = {"regressed": 0, "improved": 0}
    for seed, (name, fault) in enumerate(histories.items()):
        runs = write_history(store, name, SUITE, days, seed=seed + 40,
                             samples=[3] * BASE_DAYS + [1] * (days - BASE_DAYS),
                             **fault)  # type: ignore[arg-type]
        store.pin_baseline(store.subject_id(name), runs[0].suite_version, START,
                           START + timedelta(days=BASE_DAYS - 1))
        for run in runs[BASE_DAYS:]:
            result = run_check(store, name, run_id=run.id)
            data = result.to_dict()
            markdown, junit = markdown_summary(result), junit_xml(result)
            for v, as_json in zip(result.ordered(), data["verdicts"], strict=True):
                if v.status not in seen or v.metric != "pass_rate":
                    continue
                seen[v.status] += 1
                low, high = _printed_interval(v)
                json_low, json_high = as_json["interval"]
                if v.status == "regressed":
                    assert v.interval.high < 0 and high <= 0 and json_high < 0, headline(v)
                else:
                    assert v.interval.low > 0 and low >= 0 and json_low > 0, headline(v)
                shown = f"[{low:+.1f}, {high:+.1f}]"
                assert shown in junit and shown in markdown
                if v.pooled:
                    assert v.basis in headline(v) and "latest run alone" in headline(v)
    assert seen["regressed"] > 0  # the faults were found, so the rule was exercised
