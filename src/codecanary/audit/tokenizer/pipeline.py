"""The whole audit in one call: load, profile, diff, embeddings, verdict."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from codecanary.audit.tokenizer.analysis import profile
from codecanary.audit.tokenizer.corpus import load_corpus
from codecanary.audit.tokenizer.diff import diff_segmentation, diff_vocab
from codecanary.audit.tokenizer.embeddings import TrainedFor, audit_embeddings
from codecanary.audit.tokenizer.findings import AuditReport
from codecanary.audit.tokenizer.loading import load_tokenizer
from codecanary.audit.tokenizer.matrix import load_embeddings
from codecanary.audit.tokenizer.verdict import critical_affected, findings, summary, verdict_of


def audit_tokenizer(old: str | Path, new: str | Path | None = None, *,
                    embeddings: str | Path | None = None, tensor: str | None = None,
                    corpus: Iterable[str | Path] = (), builtin_corpus: bool = True,
                    trained_for: TrainedFor = "old") -> AuditReport:
    """Audit ``old`` alone, or ``new`` against ``old``, optionally with an embedding table.

    Args:
        old: the tokenizer the model was trained with (any supported format).
        new: the tokenizer about to be deployed, if it differs.
        embeddings: ``.safetensors`` or ``.npy`` rows × dim matrix, memory-mapped.
        tensor: which tensor of a ``.safetensors`` file holds the embeddings.
        corpus: extra directories of code to encode besides the built-in panel.
        builtin_corpus: include the built-in panel's reference solutions.
        trained_for: which tokenizer the embedding rows were trained with.

    Raises:
        TokenizerFileError: a file that cannot be read as what it claims to be.
    """
    old_tok = load_tokenizer(old)
    new_tok = load_tokenizer(new) if new is not None else None
    matrix = load_embeddings(embeddings, tensor) if embeddings is not None else None
    code = load_corpus(corpus, builtin=builtin_corpus)
    old_profile, old_encoded = profile(old_tok, code)
    new_profile, new_encoded = profile(new_tok, code) if new_tok else (None, None)
    diff = diff_vocab(old_tok, new_tok) if new_tok else None
    segmentation = (diff_segmentation(old_tok, new_tok, code, old_encoded, new_encoded)
                    if new_tok and new_encoded else {})
    deployed_profile, deployed_encoded = ((new_profile, new_encoded) if new_profile and new_encoded
                                          else (old_profile, old_encoded))
    emb = (audit_embeddings(matrix, old_tok, new_tok, trained_for=trained_for)
           if matrix is not None else None)
    used = {i for lines in deployed_encoded.ids.values() for ids in lines for i in ids}
    found = findings(deployed_profile, diff, segmentation, emb, used)
    critical = critical_affected(diff, emb)
    verdict = verdict_of(found)
    return AuditReport(
        verdict=verdict, summary=summary(verdict, found, critical),
        code_critical_affected=critical, findings=found,
        vocab_old=old_tok.vocab_size, vocab_new=new_tok.vocab_size if new_tok else None,
        added=diff.added if diff else [], removed=diff.removed if diff else [],
        remapped=diff.remapped if diff else [],
        roundtrip_failures=deployed_profile.roundtrip_failures,
        segmentation_changed=segmentation, embedding_rows=emb.rows if emb else None,
        untrained_candidates=emb.untrained_candidates if emb else [], embeddings=emb,
        old=old_profile, new=new_profile)
