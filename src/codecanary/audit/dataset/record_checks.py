"""Per-record static checks: everything about one record that needs no other record.

Runs in worker processes: :func:`init_worker` builds the per-process state (the
contamination index), :func:`check_chunk` normalises and checks a batch of raw
records and returns their :class:`Finding`\\ s. The scoring's own functions give
``syntax_error`` (``check_syntax``), ``truncated``/``placeholder``
(``check_completeness``), ``corrupted`` (``check_corruption``) and
``wrong_language`` (``wrong_language``), behind the screens of
:mod:`~codecanary.audit.dataset.screens`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from codecanary.audit.dataset.contamination import EvalIndex
from codecanary.audit.dataset.insecure import find_insecure
from codecanary.audit.dataset.lang_tables import language_table
from codecanary.audit.dataset.lint import lint_batch, lint_flag
from codecanary.audit.dataset.models import AuditOptions, Finding, Flag, Sample
from codecanary.audit.dataset.normalize import normalise
from codecanary.audit.dataset.readers import RawRecord
from codecanary.audit.dataset.screens import completeness_screen, corruption_screen
from codecanary.audit.dataset.secret_scan import find_secrets
from codecanary.audit.dataset.shingles import (
    MIN_SHINGLES,
    lex,
    minhash,
    plain_stream,
    renamed_stream,
    shingles,
    signature_bytes,
    windows,
)
from codecanary.extract.langs import guess_language
from codecanary.mutate.lexer import lexed_languages
from codecanary.scoring.completeness import check_completeness
from codecanary.scoring.corruption import check_corruption, wrong_language
from codecanary.scoring.syntax import check_syntax

BUILTIN_TARGETS = ("builtin", "humaneval")
# Scripts a dataset's strings and comments may use without counting as corruption:
# accented Latin (names, prose) and Greek (maths). The scoring allows the task's own.
_ALLOWED_TEXT = "é α"
_MAX_EVIDENCE = 200
_MISSING = re.compile(r"implement (?:this|me|here)|not (?:yet )?implemented|your code here"
                      r"|TODO:?\s*implement", re.IGNORECASE)
_STUB_REASON = re.compile(r"body of (\w+) is only")


@functools.cache
def _lexed() -> frozenset[str]:
    """Languages whose syntax and completeness the scoring can judge (asked once)."""
    return frozenset(lexed_languages())


@dataclass
class WorkerState:
    options: AuditOptions
    targets: EvalIndex | None


_STATE: WorkerState | None = None


def init_worker(options: AuditOptions) -> None:
    """Build this process's state (called once per worker process)."""
    global _STATE
    suites = (BUILTIN_TARGETS if options.builtin_targets else ()) + options.against
    index = EvalIndex(suites, threshold=options.near_dup_threshold) if suites else None
    _STATE = WorkerState(options, index)


def check_chunk(chunk: list[tuple[int, RawRecord]]) -> list[tuple[Finding, Sample | None]]:
    """Check a batch of records; the sample comes back only when it has tests to run."""
    assert _STATE is not None, "init_worker was not called"
    opts = _STATE.options
    out: list[tuple[Finding, Sample | None]] = []
    python: dict[int, str] = {}
    for index, raw in chunk:
        sample = normalise(raw, index, fmt=opts.format, field=opts.field,
                           tests_field=opts.tests_field)
        finding, parses = check_sample(sample, _STATE)
        if parses and finding.language == "python":
            python[len(out)] = sample.code
        out.append((finding, sample if sample.tests and sample.code.strip() else None))
    for slot, findings in lint_batch(python).items():
        evidence = lint_flag(python[slot], findings, opts.lint_per_100_lines)
        if evidence:
            out[slot][0].flags.append(Flag("lint", evidence))
    return out


def _mere_note(reason: str) -> bool:
    """A TODO/FIXME/XXX comment in otherwise complete code: normal in real code.

    The scoring counts such comments in a model's answer; in a dataset only comments
    that say the code is missing ("implement this", "your code here") count.
    """
    text = reason.split(": ", 1)[-1].lstrip()
    return text.startswith(("#", "//", "/*", "*")) and not _MISSING.search(text)


def _nested_stub(reason: str, code: str) -> bool:
    """A stub function nested in another function or a class (a test double, a hook).

    Datasets are full of them (``def callback(): pass`` inside a test); the record's
    own code is complete. Top-level stubs are flagged.
    """
    m = _STUB_REASON.search(reason)
    if m is None:
        return False
    d = re.search(rf"^([ \t]*)(?:async[ \t]+)?def[ \t]+{re.escape(m.group(1))}\b", code,
                  re.MULTILINE)
    return d is not None and d.group(1) != ""


def _flag(finding: Finding, name: str, evidence: str) -> None:
    finding.flags.append(Flag(name, evidence[:_MAX_EVIDENCE]))


def check_sample(sample: Sample, state: WorkerState) -> tuple[Finding, bool]:
    """The record's static flags and sketches; also whether its code parses."""
    code = sample.code
    finding = Finding(index=sample.index, source=sample.source, record_id=sample.record_id,
                      language=sample.language, length=len(code))
    for problem in sample.problems:
        _flag(finding, "format_error", problem)
    if not code.strip():
        return finding, False
    lang = sample.language or guess_language(code)
    finding.language = lang
    tokens = lex(code)
    plain = plain_stream(tokens)
    parses = True
    if lang is not None and lang in _lexed():
        syntax = check_syntax(code, lang)
        parses = syntax.valid or not syntax.checked
        # Declared in the record or by the answer's fence tag: either way, a claim to check.
        other = wrong_language(code, lang) if sample.language and not parses else None
        if other is not None:
            _flag(finding, "wrong_language", f"declared {lang}, looks like {other}")
        else:
            if not parses:
                _flag(finding, "syntax_error", syntax.message)
            if completeness_screen(code, lang, parses):
                c = check_completeness(code, lang, entry_point="", finish_reason=None)
                if c.truncated:
                    _flag(finding, "truncated", "; ".join(c.truncation_reasons))
                stubs = [r for r in c.placeholder_reasons
                         if not _mere_note(r) and not _nested_stub(r, code)]
                if stubs:
                    _flag(finding, "placeholder", "; ".join(stubs[:3]))
    if corruption_screen(code, plain):
        corruption = check_corruption(code, lang or "python", allowed_text=_ALLOWED_TEXT)
        if corruption.corrupted:
            _flag(finding, "corrupted", "; ".join(corruption.reasons[:3]))
    secrets = find_secrets(code, lang)
    if secrets:
        _flag(finding, "secret", "; ".join(secrets[:3]))
    insecure = find_insecure(code, lang)
    if insecure:
        _flag(finding, "insecure", "; ".join(insecure))
    finding.digest = hashlib.blake2b(" ".join(code.split()).encode("utf-8", "surrogatepass"),
                                     digest_size=12).digest()
    sh = shingles(plain)
    sketch = minhash(sh) if len(sh) >= MIN_SHINGLES else None
    if sketch is not None:
        finding.signature = signature_bytes(sketch)
    if state.targets is not None:
        keywords = language_table(lang).keywords
        hits = state.targets.check(code, windows(renamed_stream(tokens, keywords)), sketch)
        if hits:
            _flag(finding, "contamination", "; ".join(hits[:3]))
    return finding, parses
