"""Tokenizer and embedding audit: did the tokenizer change, which code-critical tokens
moved, and would any of them read a wrong or untrained embedding row?

See ``docs/tokenizer-audit.md``.
"""

from codecanary.audit.tokenizer.errors import TokenizerFileError
from codecanary.audit.tokenizer.findings import AuditReport, Finding
from codecanary.audit.tokenizer.loading import LoadedTokenizer, load_tokenizer
from codecanary.audit.tokenizer.matrix import EmbeddingMatrix, load_embeddings
from codecanary.audit.tokenizer.pipeline import audit_tokenizer

__all__ = ["AuditReport", "EmbeddingMatrix", "Finding", "LoadedTokenizer", "TokenizerFileError",
           "audit_tokenizer", "load_embeddings", "load_tokenizer"]
