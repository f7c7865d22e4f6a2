"""Under-trained embedding rows, with the indicators of Land & Bartolo (2024).

"Fishing for Magikarp: Automatically detecting under-trained tokens in large
language models" finds tokens whose rows barely moved from initialisation with
(1) the cosine similarity of each row to the mean row of tokens known to be
unused, after removing the shared direction, and (2) the row norm. We use:

* ``low-norm``: robust z-score of ``log(norm)`` (median/MAD) ≤ ``NORM_Z`` (-5: about one
  false alarm in 3 million Gaussian rows);
  untrained rows keep their small initialisation norm while trained rows grow.
* ``like-unused``: cosine to the mean of the reference unused rows (both centred
  on the mean of all rows, our stand-in for removing the first principal
  component) ≥ ``max(COSINE_MIN, 5 / sqrt(dim))`` (5 standard deviations of the
  cosine between random directions: small tables need a higher bar); needs
  ≥ ``MIN_REFERENCE`` reference rows. The reference rows are the padding rows
  beyond the vocabulary and the tokens the tokenizer can never produce (a token
  whose own text encodes to other ids).
* ``duplicate``/``zero``: a row bit-identical to another row, or all zeros:
  a row that was initialised to a constant and never updated.

Every candidate carries its norm percentile among the vocabulary's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from codecanary.audit.tokenizer.code_tokens import is_critical
from codecanary.audit.tokenizer.findings import UntrainedRow
from codecanary.audit.tokenizer.loading import LoadedTokenizer
from codecanary.audit.tokenizer.matrix import EmbeddingMatrix

NORM_Z = -5.0
COSINE_MIN = 0.5
MIN_REFERENCE = 8


@dataclass(frozen=True)
class RowStats:
    norms: npt.NDArray[np.float64]
    cosine: npt.NDArray[np.float64] | None
    cosine_min: float
    duplicates: dict[int, int]
    """Row -> the first row it is bit-identical to."""


def cosine_min(dim: int) -> float:
    return max(COSINE_MIN, 5.0 / float(np.sqrt(dim)))


def thresholds(dim: int) -> dict[str, float]:
    return {"norm_z": NORM_Z, "cosine_min": round(cosine_min(dim), 4),
            "min_reference": MIN_REFERENCE}


def unreachable_ids(tokenizer: LoadedTokenizer) -> list[int]:
    """Ordinary tokens the tokenizer never emits: their own text encodes to other ids."""
    candidates: list[int] = []
    texts: list[str] = []
    skip = set(tokenizer.special) | set(tokenizer.byte_ids.values())
    for i, key in tokenizer.keys.items():
        if i in skip:
            continue
        text = tokenizer.texts[i]
        if "\\x" in text and text.encode("utf-8", "backslashreplace") != key:
            continue  # a partial UTF-8 sequence: only ever emitted inside longer text
        candidates.append(i)
        texts.append(text)
    encoded = tokenizer.encode_batch(texts)
    return [i for i, ids in zip(candidates, encoded, strict=True) if ids != [i]]


def row_stats(matrix: EmbeddingMatrix, reference: list[int]) -> RowStats:
    """Norms, centred cosine to the unused mean, duplicate rows: two chunked passes.

    Pass 1 sums rows (all and reference), squared norms and a random projection for
    duplicates; pass 2 projects every row on (unused direction, mean row). The
    centred cosine follows from those: ``(r·d − m·d) / sqrt(|r|² − 2 r·m + |m|²)``.
    """
    rows = matrix.rows
    squares = np.empty(rows, dtype=np.float64)
    total = np.zeros(matrix.dim, dtype=np.float64)
    is_ref = np.zeros(rows, dtype=bool)
    is_ref[[r for r in reference if r < rows]] = True
    ref_total = np.zeros(matrix.dim, dtype=np.float64)
    # Elementwise product then a per-row sum: equal rows give equal prints wherever they
    # sit (a BLAS product may round rows differently by position).
    probe = np.random.default_rng(0).standard_normal(matrix.dim).astype(np.float32)
    prints = np.empty(rows, dtype=np.float64)
    for start, block in matrix.chunks():
        stop = start + len(block)
        squares[start:stop] = np.einsum("ij,ij->i", block, block)
        prints[start:stop] = (block * probe).sum(axis=1)
        total += block.sum(axis=0)
        if is_ref[start:stop].any():
            ref_total += block[is_ref[start:stop]].sum(axis=0)
    n_ref = int(is_ref.sum())
    mean = total / rows
    direction = ref_total / n_ref - mean if n_ref >= MIN_REFERENCE else np.zeros_like(mean)
    scale = float(np.linalg.norm(direction))
    direction = direction / scale if scale > 0 else direction
    axes = np.stack([direction, mean], axis=1).astype(np.float32)
    projected = np.empty((rows, 2), dtype=np.float64)
    for start, block in matrix.chunks():
        projected[start:start + len(block)] = block @ axes
    cosine = None
    if scale > 0:
        lengths = np.sqrt(np.maximum(squares - 2 * projected[:, 1] + float(mean @ mean), 0.0))
        lengths[lengths == 0] = 1.0
        cosine = (projected[:, 0] - float(mean @ direction)) / lengths
    return RowStats(norms=np.sqrt(squares), cosine=cosine, cosine_min=cosine_min(matrix.dim),
                    duplicates=_duplicates(matrix, prints))


def _duplicates(matrix: EmbeddingMatrix, prints: npt.NDArray[np.float64]) -> dict[int, int]:
    """Rows equal to an earlier row; the projection narrows, a byte compare confirms."""
    order = np.argsort(prints, kind="stable")
    same = np.flatnonzero(prints[order][1:] == prints[order][:-1])
    out: dict[int, int] = {}
    for k in same:
        a, b = sorted((int(order[k]), int(order[k + 1])))
        first = out.get(a, a)
        if np.array_equal(matrix.data[first], matrix.data[b]):
            out[b] = first
    return out


def untrained_candidates(stats: RowStats, tokenizer: LoadedTokenizer,
                         ) -> list[UntrainedRow]:
    """Rows of ``tokenizer``'s ids that look untrained, code-critical ones first."""
    n = min(len(stats.norms), tokenizer.vocab_size)
    ids = np.array([i for i in tokenizer.keys if i < n], dtype=np.int64)
    if ids.size == 0:
        return []
    norms = stats.norms[ids]
    logs = np.log(np.maximum(norms, 1e-30))
    median = float(np.median(logs))
    mad = float(np.median(np.abs(logs - median))) * 1.4826 or 1e-12
    z = (logs - median) / mad
    ranks = np.argsort(np.argsort(norms, kind="stable"), kind="stable")
    percentile = 100.0 * ranks / max(len(ids) - 1, 1)
    cosine = stats.cosine[ids] if stats.cosine is not None else None
    duplicated = np.zeros(len(ids), dtype=bool)
    if stats.duplicates:
        dup_rows = np.array(sorted(set(stats.duplicates) | set(stats.duplicates.values())))
        duplicated = np.isin(ids, dup_rows)
    flagged = (norms == 0) | (z <= NORM_Z) | duplicated
    if cosine is not None:
        flagged |= cosine >= stats.cosine_min
    out: list[UntrainedRow] = []
    for k in np.flatnonzero(flagged).tolist():
        i = int(ids[k])
        indicators: list[str] = []
        if norms[k] == 0:
            indicators.append("zero")
        elif z[k] <= NORM_Z:
            indicators.append("low-norm")
        cos = None if cosine is None else float(cosine[k])
        if cos is not None and cos >= stats.cosine_min:
            indicators.append("like-unused")
        if duplicated[k]:
            indicators.append("duplicate")
        out.append(UntrainedRow(id=i, token=tokenizer.texts.get(i, ""),
                                norm=round(float(norms[k]), 6),
                                norm_percentile=round(float(percentile[k]), 3),
                                cosine_to_unused=None if cos is None else round(cos, 4),
                                indicators=indicators))
    out.sort(key=lambda r: (not is_critical(r.token), r.id))
    return out
