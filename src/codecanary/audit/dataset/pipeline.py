"""Run the audit: stream the files, check records in worker processes, judge the whole.

Records are read in order and sent to a process pool in chunks, with at most a
few chunks in flight (so memory stays bounded however large the input). Results
come back in order; duplicates are judged here, against every earlier record,
so "the first copy is kept" holds across files. Flagged records are written to
the ``--flags`` stream as soon as they are judged.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult
from typing import IO

from codecanary.audit.dataset import record_checks
from codecanary.audit.dataset.duplicates import DuplicateIndex
from codecanary.audit.dataset.models import (
    BLOCKING_FLAGS,
    FLAGS,
    SCHEMA_VERSION,
    AuditOptions,
    DatasetReport,
    Finding,
    Flag,
    Sample,
)
from codecanary.audit.dataset.own_tests import OwnTestRunner
from codecanary.audit.dataset.readers import DatasetError, RawRecord, iter_file
from codecanary.audit.dataset.stats import Tally, compare, length_stats
from codecanary.report.rates import wilson

CHUNK = 256
_IN_FLIGHT_PER_WORKER = 2
_MAX_MALFORMED_SHOWN = 20

Batch = list[tuple[Finding, Sample | None]]


def _chunks(paths: list[str]) -> Iterator[list[tuple[int, RawRecord]]]:
    index = 0
    chunk: list[tuple[int, RawRecord]] = []
    for path in paths:
        for raw in iter_file(path):
            chunk.append((index, raw))
            index += 1
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _batches(paths: list[str], options: AuditOptions) -> Iterator[Batch]:
    """Checked chunks in input order, from a bounded pool (or in-process for 1 worker)."""
    workers = options.workers or os.cpu_count() or 1
    if workers <= 1:
        record_checks.init_worker(options)
        for chunk in _chunks(paths):
            yield record_checks.check_chunk(chunk)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=record_checks.init_worker, initargs=(options,)) as pool:
        pending: deque[AsyncResult[Batch]] = deque()
        for chunk in _chunks(paths):
            pending.append(pool.apply_async(record_checks.check_chunk, (chunk,)))
            while len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _flags_line(finding: Finding) -> str:
    return json.dumps({
        "schema_version": SCHEMA_VERSION, "index": finding.index, "source": finding.source,
        "id": finding.record_id, "flags": [f.name for f in finding.flags],
        "evidence": {f.name: f.evidence for f in finding.flags},
    }, ensure_ascii=False)


def _tally(paths: list[str], options: AuditOptions, flags_out: IO[str] | None,
           notes: list[str]) -> tuple[Tally, list[str]]:
    tally = Tally()
    dups = DuplicateIndex(options.near_dup_threshold)
    malformed: list[str] = []
    runner = OwnTestRunner(options.test_timeout_s) if options.run_tests \
        and options.tests_field else None
    try:
        for batch in _batches(paths, options):
            with_tests = [s for _, s in batch if s is not None]
            failed = runner.run(with_tests) if runner is not None else {}
            for finding, _ in batch:
                dups.add(finding)
                if finding.index in failed:
                    finding.flags.append(Flag("fails_own_tests", failed[finding.index]))
                tally.records += 1
                if finding.language:
                    tally.languages[finding.language] += 1
                if finding.length:
                    tally.add_length(finding.length, finding.index)
                names = dict.fromkeys(f.name for f in finding.flags)
                for name in names:
                    tally.flag_counts[name] += 1
                if names:
                    tally.flagged += 1
                    if flags_out is not None:
                        flags_out.write(_flags_line(finding) + "\n")
                unreadable = [f.evidence for f in finding.flags if f.name == "format_error"
                              and f.evidence.startswith(("not JSON", "invalid UTF-8"))]
                if unreadable and len(malformed) < _MAX_MALFORMED_SHOWN:
                    malformed.append(f"{finding.source}: {unreadable[0]}")
    finally:
        if runner is not None:
            notes.extend(runner.notes[:10])
            runner.close()
    return tally, malformed


def audit_dataset(paths: list[str], options: AuditOptions | None = None, *,
                  reference: list[str] | None = None,
                  flags_out: IO[str] | None = None) -> DatasetReport:
    """Audit dataset files and decide the gate.

    Args:
        paths: JSONL / JSON-array / Parquet files, plain or gzip, audited as one dataset.
        options: Formats, thresholds, contamination targets, gate settings.
        reference: A previous, trusted dataset; adds the ``shift`` section.
        flags_out: Where to write one JSON line per flagged record.

    Raises:
        DatasetError: A file is missing, unreadable or holds no record.
    """
    opts = options or AuditOptions()
    if not paths:
        raise DatasetError("no dataset file given")
    started = time.perf_counter()
    notes: list[str] = []
    tally, malformed = _tally(paths, opts, flags_out, notes)
    shift = None
    if reference:
        ref_opts = dataclasses.replace(opts, run_tests=False)
        ref_tally, _ = _tally(reference, ref_opts, None, notes)
        shift = compare(ref_tally, tally)
    reasons: list[str] = []
    share = wilson(tally.flagged, tally.records)
    if opts.max_flagged is not None and share.value is not None \
            and share.value > opts.max_flagged:
        reasons.append(f"flagged share {share} exceeds --max-flagged {opts.max_flagged:.1%}")
    for name in BLOCKING_FLAGS:
        if tally.flag_counts.get(name) and name not in opts.allow:
            reasons.append(f"{tally.flag_counts[name]} record(s) flagged {name}")
    return DatasetReport(
        files=list(paths), records=tally.records, flagged=tally.flagged, flagged_share=share,
        flag_counts={f: tally.flag_counts.get(f, 0) for f in FLAGS},
        flag_rates={f: wilson(tally.flag_counts.get(f, 0), tally.records) for f in FLAGS},
        languages=dict(tally.languages.most_common()), length=length_stats(tally.lengths),
        malformed_lines=malformed, gate="fail" if reasons else "pass", gate_reasons=reasons,
        shift=shift, elapsed_s=time.perf_counter() - started, notes=notes)


__all__ = ["DatasetError", "audit_dataset"]
