"""Property: every reference, in every answer shape, extracts to the intended program.

For each built-in reference and each HumanEval canonical solution, wrapped the
ways the extractor supports (fenced, unfenced, body-only, prose before/after),
the extracted program must be token-identical to the intended one: Python by
its own tokenizer, other languages up to whitespace between tokens.
"""

from __future__ import annotations

import io
import tokenize

import pytest

from codecanary.extract import extract_code
from codecanary.suites import load_suite
from codecanary.suites.models import Task

T = "```"
PROSE_BEFORE = "Here is my solution; it's short:\n\n"
PROSE_AFTER = "\n\nThis runs in O(n) time, because it looks at each element once.\n"


def _tokens(code: str, language: str) -> list[str]:
    if language != "python":
        return code.split()
    skip = {tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type in skip:
            continue
        # An INDENT's text is its width; a dedented copy is the same program.
        out.append(tokenize.tok_name[tok.type] if tok.type == tokenize.INDENT else tok.string)
    return out


def _shapes(task: Task) -> dict[str, str]:
    program, tag = task.reference, task.language
    shapes = {
        "fenced": f"{T}{tag}\n{program}{T}\n",
        "fenced-prose": f"{PROSE_BEFORE}{T}{tag}\n{program}{T}{PROSE_AFTER}",
        "unfenced": program,
        "unfenced-prose": PROSE_BEFORE + program + PROSE_AFTER,
    }
    if task.prompt_is_code_prefix:
        body = program[len(task.prompt):]
        shapes |= {
            "body": body,
            "fenced-body": f"{T}{tag}\n{body}{T}\n",
            "fenced-body-prose": f"{PROSE_BEFORE}{T}{tag}\n{body}{T}{PROSE_AFTER}",
            "body-prose-after": body.rstrip("\n") + "\n" + PROSE_AFTER,
        }
    return shapes


@pytest.mark.parametrize("suite_name", ["builtin", "humaneval"])
def test_every_reference_extracts_token_identical_in_every_shape(suite_name: str) -> None:
    failures = []
    checked = 0
    for task in load_suite(suite_name).tasks:
        assert task.reference, task.id
        intended = _tokens(task.reference, task.language)
        for shape, answer in _shapes(task).items():
            r = extract_code(answer, language=task.language, prompt=task.prompt,
                             prompt_is_code_prefix=task.prompt_is_code_prefix,
                             entry_point=task.entry_point or None)
            checked += 1
            if _tokens(r.code, task.language) != intended:
                failures.append(f"{task.id} [{shape}] notes={r.notes}")
    assert checked >= (164 * 8 if suite_name == "humaneval" else 200 * 4)
    assert not failures, f"{len(failures)} of {checked}:\n" + "\n".join(failures[:30])
