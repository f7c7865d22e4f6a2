"""The audit's expected failures: one line naming the file and the problem (exit 2)."""

from __future__ import annotations

from codecanary.errors import CodecanaryError


class TokenizerFileError(CodecanaryError):
    """A tokenizer or embedding file that cannot be read as what it claims to be."""
