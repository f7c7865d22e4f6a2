"""The embedding table against the tokenizer(s): rows vs vocabulary, seed mismatch, untrained."""

from __future__ import annotations

from typing import Literal

from codecanary.audit.tokenizer.code_tokens import is_critical
from codecanary.audit.tokenizer.findings import EmbeddingReport, SeedMismatch, TokenRef
from codecanary.audit.tokenizer.loading import LoadedTokenizer
from codecanary.audit.tokenizer.matrix import EmbeddingMatrix
from codecanary.audit.tokenizer.untrained import (
    row_stats,
    thresholds,
    unreachable_ids,
    untrained_candidates,
)

TrainedFor = Literal["old", "new"]


def seed_mismatch(old: LoadedTokenizer, new: LoadedTokenizer) -> list[SeedMismatch]:
    """NEW used with rows trained for OLD: every id whose row was another string's, or none.

    Compared by surface text when the two files are of different formats.
    """
    same_format = old.format == new.format
    out: list[SeedMismatch] = []
    for i, key in new.keys.items():
        if i not in old.keys:
            trained_for = None
        elif (old.keys[i] == key) if same_format else (old.texts[i] == new.texts[i]):
            continue
        else:
            trained_for = old.texts[i]
        token = new.texts[i]
        out.append(SeedMismatch(id=i, token=token, trained_for=trained_for,
                                critical=is_critical(token) or
                                (trained_for is not None and is_critical(trained_for))))
    out.sort(key=lambda m: (not m.critical, m.id))
    return out


def audit_embeddings(matrix: EmbeddingMatrix, old: LoadedTokenizer,
                     new: LoadedTokenizer | None, *, trained_for: TrainedFor = "old",
                     sha256: str | None = None) -> EmbeddingReport:
    """Everything about ``matrix`` as the table for NEW (or OLD alone).

    ``trained_for`` says which tokenizer's ids the rows were trained with: ``old``
    is the deploy-time question (the last good checkpoint's table, about to be
    used with NEW); ``new`` means the table was already re-aligned for NEW.
    """
    deployed = new or old
    trained = old if trained_for == "old" or new is None else new
    beyond = [TokenRef(token=deployed.texts[i], id=i) for i in sorted(deployed.keys)
              if i >= matrix.rows]
    beyond.sort(key=lambda t: (not is_critical(t.token), t.id))
    mismatch = seed_mismatch(old, new) if new is not None and trained is old else []
    # Reference unused rows: padding beyond the trained vocabulary, and unreachable tokens.
    reference = [*unreachable_ids(trained), *range(trained.vocab_size, matrix.rows)]
    stats = row_stats(matrix, reference)
    return EmbeddingReport(
        path=str(matrix.path), sha256=sha256, tensor=matrix.tensor, rows=matrix.rows,
        dim=matrix.dim, dtype=matrix.dtype, vocab_size=deployed.vocab_size,
        trained_for=trained_for if new is not None else "old",
        ids_beyond_rows=beyond, seed_mismatch=mismatch,
        untrained_candidates=untrained_candidates(stats, trained),
        reference_unused_rows=len([r for r in reference if r < matrix.rows]),
        thresholds=thresholds(matrix.dim))
