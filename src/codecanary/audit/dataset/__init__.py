"""The fine-tuning dataset audit: validate training data before it is trained on.

:func:`audit_dataset` streams one or more dataset files, checks every record with
the same signals codecanary applies to model answers (syntax, truncation,
placeholders, corruption, lint) plus data-specific ones (secrets, insecure calls,
duplicates, contamination with evaluation tasks), and returns a
:class:`DatasetReport` whose ``gate`` tells a pipeline whether to train.
See ``docs/dataset-audit.md``.
"""

from codecanary.audit.dataset.models import FLAGS, AuditOptions, DatasetReport
from codecanary.audit.dataset.pipeline import audit_dataset
from codecanary.audit.dataset.readers import DatasetError

run_audit = audit_dataset
"""Alias for callers whose own name is ``audit_dataset`` (the CLI command)."""

__all__ = ["FLAGS", "AuditOptions", "DatasetError", "DatasetReport", "audit_dataset", "run_audit"]
