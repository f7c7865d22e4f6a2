"""Turning extracted snippets into the program text the harness appends tests to.

Three jobs: continue a code-prefix prompt (HumanEval) without duplicating it,
drop the candidate's own ``main``/``__main__`` driver (the harness brings its
own), and lay Go snippets out as one valid file.
"""

from __future__ import annotations

import re

from codecanary import languages
from codecanary.extract.langs import defined_names
from codecanary.extract.strings import string_interiors

_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:(?:from[ \t]+\S+[ \t]+)?import\b|#[ \t]*include\b|use[ \t]+[\w:{}*, ]+;"
    r"|using[ \t]+namespace\b|(?:const|let|var)[ \t]+\w+[ \t]*=[ \t]*require\()"
)
_PY_HEADER = re.compile(r"^[ \t]*(?:def|class|async|import|from|@|#)")


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _definition_line(prompt_lines: list[str], entry: str, language: str) -> int | None:
    for i, line in enumerate(prompt_lines):
        if entry in line and entry in defined_names(line, language):
            return i
    return None


def last_defined(prompt: str, language: str) -> str | None:
    """The name the prompt defines last: its entry point when none is given."""
    for line in reversed(prompt.split("\n")):
        names = defined_names(line, language, variables=False)
        if len(names) == 1:
            return names.pop()
    return None


def _merge_preamble(code: str, preamble: str, language: str) -> str:
    present = {line.strip() for line in code.split("\n")}
    kept = [
        line
        for line in preamble.split("\n")
        if not (_IMPORT_LINE.match(line) and line.strip() in present)
    ]
    # When the code defines everything the preamble does (HumanEval/64's ``FIX``
    # constant written out again), the preamble would only be a second copy: only
    # the imports the code lacks come along.
    if defined_names(preamble, language) <= defined_names(code, language):
        kept = [line for line in kept if _IMPORT_LINE.match(line)]
    extra = "\n".join(kept).strip("\n")
    return f"{extra}\n\n{code}" if extra.strip() else code


def _indent_body(code: str, prompt: str) -> str:
    """Indent a Python body the model wrote at column 0 under the prompt's function."""
    lines = code.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if not first or first[:1].isspace() or _PY_HEADER.match(first):
        return code
    tail = next((line for line in reversed(prompt.split("\n")) if line.strip()), "")
    depth = len(tail) - len(tail.lstrip())
    pad = tail[:depth] if depth else "    "
    inside = string_interiors(code, "python")  # a string's own lines keep their text
    return "\n".join(
        pad + line if line.strip() and i not in inside else line for i, line in enumerate(lines)
    )


def continue_prompt(
    code: str, prompt: str, language: str, entry: str | None, *, verbatim: bool
) -> tuple[str, str]:
    """Combine an answer with a code-prefix prompt: (program, note).

    ``verbatim`` means the answer is the model's raw continuation, so it is
    appended exactly (no newline added, no re-indentation).
    """
    if not prompt.strip():
        return code, ""
    code_n, prompt_n = _norm(code), _norm(prompt)
    if prompt_n and prompt_n in code_n:
        return code, "answer repeats the prompt"
    entry = entry or last_defined(prompt, language)
    if entry and entry in defined_names(code, language):
        prompt_lines = prompt.split("\n")
        at = _definition_line(prompt_lines, entry, language)
        preamble = "\n".join(prompt_lines[:at]) if at else ""
        if not preamble.strip() or preamble.count("{") != preamble.count("}"):
            return code, "answer is a full definition"
        merged = _merge_preamble(code, preamble, language)
        return merged, "prompt preamble added" if merged != code else "answer is a full definition"
    if verbatim:
        return prompt + code, "continues the prompt"
    if language == "python":
        code = _indent_body(code, prompt)
    joiner = "" if prompt.endswith("\n") else "\n"
    return prompt + joiner + code.lstrip("\n"), "continues the prompt"


_CHAR_LITERAL = re.compile(r"'(?:\\.[^'\n]{0,8}|[^'\\\n])'")


def _block_end(code: str, start: int, quote_strings: bool) -> int:
    """Index just after the brace block opened at or after ``start`` (C-like lexing)."""
    depth, i, n = 0, code.find("{", start), len(code)
    if i < 0:
        return n
    while i < n:
        c = code[i]
        if code.startswith("//", i):
            i = code.find("\n", i)
            if i < 0:
                return n
            continue
        if code.startswith("/*", i):
            j = code.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c == "'" and not quote_strings:
            lit = _CHAR_LITERAL.match(code, i)
            i = lit.end() if lit else i + 1  # a Rust lifetime, not a literal
            continue
        if c in "\"`'":
            j = i + 1
            while j < n and code[j] != c:
                j += 2 if code[j] == "\\" else 1
            i = j + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


_PY_MAIN = re.compile(
    r"^if[ \t]+(?:__name__[ \t]*==[ \t]*(['\"])__main__\1|(['\"])__main__\2[ \t]*==[ \t]*__name__)"
    r"[ \t]*:"
)


def strip_main(code: str, language: str) -> tuple[str, bool]:
    """Remove the candidate's own program driver; returns (code, removed)."""
    if language == "python":
        lines = code.split("\n")
        for i, line in enumerate(lines):
            if _PY_MAIN.match(line):
                end = i + 1
                while end < len(lines) and (not lines[end].strip() or lines[end][:1].isspace()):
                    end += 1
                out = "\n".join(lines[:i] + lines[end:])
                return (out, True) if out.strip() else (code, False)
        return code, False
    found = languages.find(language)
    pattern = found.extraction.main if found is not None and found.extraction else None
    match = pattern.search(code) if pattern else None
    if match is None:
        return code, False
    end = _block_end(code, match.start(), quote_strings=language in ("javascript", "typescript"))
    if language == "java" and "static void main" not in code[match.start() : end]:
        return code, False  # a class Main that is the solution itself
    out = code[: match.start()].rstrip() + "\n" + code[end:].lstrip("\n")
    if language == "java" and not re.search(r"\b(?:class|interface|record|enum)\b", out):
        return code, False
    return (out, True) if out.strip() else (code, False)


_GO_IMPORT_ONE = re.compile(r"^import[ \t]+(.+?)[ \t]*$")


def _go_split(code: str) -> tuple[str | None, list[str], str]:
    package, specs, body = None, [], []
    lines = code.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if package is None and (pm := re.match(r"^package[ \t]+(\w+)", line)):
            package = pm.group(1)
        elif re.match(r"^import[ \t]*\([ \t]*$", line):
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(")"):
                if lines[i].strip() and not lines[i].strip().startswith("//"):
                    specs.append(lines[i].strip())
                i += 1
        elif im := _GO_IMPORT_ONE.match(line):
            specs.append(im.group(1))
        else:
            body.append(line)
        i += 1
    return package, specs, "\n".join(body).strip("\n")


def _go_used(spec: str, body: str) -> bool:
    parts = spec.split()
    if len(parts) == 2 and parts[0] in ("_", "."):
        return True
    name = parts[0] if len(parts) == 2 else parts[-1].strip('"').rsplit("/", 1)[-1]
    name = re.sub(r"^go-|[.-]go$|/v\d+$", "", name)
    return re.search(rf"\b{re.escape(name)}\.", body) is not None


def go_program(parts: list[str], *, prune_imports: bool) -> tuple[str, bool]:
    """One Go file ``package main`` from snippets; returns (code, rewritten)."""
    split = [_go_split(part) for part in parts]
    if len(parts) == 1 and split[0][0] == "main" and not prune_imports:
        return parts[0], False
    specs: list[str] = []
    for _, part_specs, _ in split:
        specs.extend(s for s in part_specs if s not in specs)
    body = "\n\n".join(b for _, _, b in split if b.strip())
    if prune_imports:
        specs = [s for s in specs if _go_used(s, body)]
    imports = "import (\n" + "".join(f"\t{s}\n" for s in specs) + ")\n\n" if specs else ""
    return f"package main\n\n{imports}{body}\n", True
