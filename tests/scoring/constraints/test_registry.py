"""The registry of constraint kinds and how unknown kinds are reported."""

from __future__ import annotations

import pytest

from codecanary.errors import CodecanaryError
from codecanary.scoring.constraints import check_constraints
from codecanary.scoring.constraints.registry import CONSTRAINT_KINDS

BUILTIN = ["forbid_call", "forbid_import", "max_line_length", "max_lines",
           "no_global_mutation", "no_loops", "no_recursion", "require_call",
           "require_class", "require_docstring"]


def test_builtin_kinds_are_registered() -> None:
    assert set(BUILTIN) <= set(CONSTRAINT_KINDS.names())
    assert all(callable(CONSTRAINT_KINDS.get(kind)) for kind in BUILTIN)


def test_unknown_kind_lists_the_known_ones_even_without_a_grammar() -> None:
    with pytest.raises(CodecanaryError) as caught:
        check_constraints("x", "cobol", [{"kind": "no_loops"}, {"kind": "no_goto"}], "f")
    assert str(caught.value).startswith(
        "unknown constraint kind 'no_goto'; known: " + ", ".join(BUILTIN))


def test_malformed_table_is_one_clear_error() -> None:
    with pytest.raises(CodecanaryError, match="is malformed"):
        check_constraints("x = 1\n", "python", [{"kind": "max_lines"}], "f")
