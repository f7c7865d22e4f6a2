"""Two versions of cl100k_base: every injected addition, removal and remap is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from codecanary.audit.tokenizer import audit_tokenizer, load_tokenizer
from codecanary.audit.tokenizer.diff import diff_vocab
from codecanary.audit.tokenizer.loading import LoadedTokenizer
from tests.audit.tokenizer.conftest import APPENDED, BLOCK, REMOVED, SWAPPED, cl100k_ranks


@pytest.fixture(scope="module")
def old(cl100k: Path) -> LoadedTokenizer:
    return load_tokenizer(cl100k)


def test_appended_tokens_are_added_and_nothing_else(old: LoadedTokenizer,
                                                    variants: dict[str, Path]) -> None:
    diff = diff_vocab(old, load_tokenizer(variants["appended"]))
    assert {t.token.encode() for t in diff.added} == set(APPENDED)
    assert [t.id for t in diff.added] == list(range(100_256, 100_256 + len(APPENDED)))
    assert not diff.removed and not diff.remapped


def test_reordered_block_is_every_id_remapped(old: LoadedTokenizer,
                                              variants: dict[str, Path]) -> None:
    diff = diff_vocab(old, load_tokenizer(variants["reordered"]))
    moved = {(r.old_id, r.new_id) for r in diff.remapped}
    expected = {(i, j) for i, j in zip(BLOCK, reversed(BLOCK), strict=True) if i != j}
    assert moved == expected
    assert all(r.kind == "string-moved" for r in diff.remapped)
    assert not diff.added and not diff.removed


def test_moved_keywords_are_remapped_and_code_critical_first(old: LoadedTokenizer,
                                                             variants: dict[str, Path]) -> None:
    diff = diff_vocab(old, load_tokenizer(variants["keywords"]))
    ranks = cl100k_ranks()
    swapped = {t.decode() for pair in SWAPPED for t in pair}
    assert {r.token for r in diff.remapped} == swapped
    for r in diff.remapped:
        assert r.critical
        assert r.old_id == ranks[r.token.encode()]


def test_removed_tokens_are_found(old: LoadedTokenizer, variants: dict[str, Path]) -> None:
    diff = diff_vocab(old, load_tokenizer(variants["removed"]))
    assert [t.id for t in diff.removed] == list(REMOVED)
    assert not diff.added and not diff.remapped


def test_same_content_in_another_order_is_ok(cl100k: Path, variants: dict[str, Path]) -> None:
    report = audit_tokenizer(cl100k, variants["shuffled"])
    assert report.verdict == "ok", report.summary
    assert report.findings == []
    assert not report.added and not report.removed and not report.remapped
    assert all(c.changed_lines == 0 for c in report.segmentation_changed.values())


def test_the_incident_is_a_mismatch_with_keywords_first(cl100k: Path,
                                                        variants: dict[str, Path]) -> None:
    report = audit_tokenizer(cl100k, variants["incident"])
    assert report.verdict == "mismatch"
    assert len(report.added) == len(APPENDED)
    assert len(report.remapped) == len(BLOCK) + 2 * len(SWAPPED)
    assert set(report.code_critical_affected[:8]) == {t.decode() for p in SWAPPED for t in p}
    assert report.remapped[0].critical
    # Lines with `def`, `if`, indentation now carry other ids; appended tokens are
    # unreachable by merges, so the pieces themselves barely move.
    python = report.segmentation_changed["python"]
    assert python.share_id_changed > 0.3
    assert python.id_changed_lines >= python.changed_lines
    assert report.summary.startswith("mismatch: code-critical")
