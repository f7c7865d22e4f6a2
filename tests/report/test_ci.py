"""JUnit XML and Markdown summaries are well-formed and carry the evidence."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from codecanary.monitor import CheckResult
from codecanary.report.ci import junit_xml, markdown_summary


def test_junit_is_valid_and_fails_exactly_the_regressions(
        fault_check: tuple[Path, CheckResult]) -> None:
    _, result = fault_check
    root = ET.fromstring(junit_xml(result))
    assert root.tag == "testsuite"
    cases = list(root.iter("testcase"))
    assert len(cases) == len(result.verdicts) == int(root.get("tests", "-1"))
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {v.slice for v in result.verdicts if v.status == "regressed"}
    assert int(root.get("failures", "-1")) == len(failed)
    js = next(c for c in cases if c.get("name") == "language:javascript")
    failure = js.find("failure")
    assert failure is not None and failure.text is not None
    assert "evidence samples:" in failure.text and "flipped pass->fail" in failure.text
    assert "(n=" in failure.get("message", "")  # rates carry n
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["run"] == result.run.id and props["status"] == "regressed"


def test_markdown_table_lists_every_verdict_with_intervals(
        fault_check: tuple[Path, CheckResult]) -> None:
    _, result = fault_check
    text = markdown_summary(result)
    rows = [line for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| slice")]
    assert len(rows) == len(result.verdicts)
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 10
        assert "[" in cells[3] and "(n=" in cells[8] and "(n=" in cells[9]
    assert text.startswith("## codecanary: jsfault — regressed")
    assert "### language:javascript pass_rate: regressed" in text
    assert "evidence samples:" in text
