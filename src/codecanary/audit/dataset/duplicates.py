"""``exact_duplicate`` and ``near_duplicate``: each record against all earlier ones.

Exact: a 96-bit BLAKE2b digest of the code with whitespace runs collapsed (so
re-indented copies count as exact). Near: MinHash over 5-token shingles (128
permutations, datasketch) in a ``MinHashLSH`` at Jaccard threshold 0.7 -- the
shingle size and threshold BigCode used for The Stack (see
:mod:`~codecanary.audit.dataset.shingles`) -- with every LSH candidate confirmed
by its estimated Jaccard similarity. The first record of a group is kept (not
flagged); every later one is flagged with the index of the record it repeats.

Memory grows with the number of distinct records (a digest, the LSH band keys and
a 512-byte signature each), not with their size: about 2 KB per record.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHashLSH

from codecanary.audit.dataset.models import Finding, Flag
from codecanary.audit.dataset.shingles import LSH_WEIGHTS, NUM_PERM, from_signature


class DuplicateIndex:
    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        self._exact: dict[bytes, int] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
        self._signatures: dict[int, bytes] = {}

    def add(self, finding: Finding) -> None:
        """Flag the finding if it repeats an earlier record, then remember it."""
        if not finding.digest:
            return
        first = self._exact.get(finding.digest)
        if first is not None:
            finding.flags.append(Flag("exact_duplicate", f"same code as record {first}"))
            return
        self._exact[finding.digest] = finding.index
        if not finding.signature:
            return
        sketch = from_signature(finding.signature)
        best, best_j = -1, 0.0
        for key in self._lsh.query(sketch):
            other = np.frombuffer(self._signatures[key], dtype=np.uint32)
            j = float(np.mean(other == sketch.hashvalues.astype(np.uint32)))
            if j >= self.threshold and j > best_j:
                best, best_j = key, j
        if best >= 0:
            finding.flags.append(Flag("near_duplicate",
                                      f"Jaccard ~{best_j:.2f} with record {best}"))
            return  # a near copy is not a new representative of its group
        self._lsh.insert(finding.index, sketch, check_duplication=False)
        # affine32 MinHash values fit in 32 bits: keep them at half the size.
        self._signatures[finding.index] = sketch.hashvalues.astype(np.uint32).tobytes()
