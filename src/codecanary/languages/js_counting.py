"""JavaScript/TypeScript side of :mod:`codecanary.scoring.testcount`.

Only *expression statements that start with an assertion call* and sit at the
harness's own level (the top level, or a bare ``{ ... }`` block there) are wrapped
in ``try``/``catch``: ``__eq(...)``, ``__throws(...)``, ``assert(...)``,
``assert.strictEqual(...)`` and other calls to a ``__``-prefixed or ``assert``
helper. Declarations such as ``const e = __throws(...)`` are left alone (wrapping
would hide the binding from later statements), as are checks inside loops and
function bodies; a failure there still ends the program as before (no counts line).
A caught error counts as a failed check when it is a harness failure (an ``Error``
whose message starts with ``FAIL``, or a ``node:assert`` ``ERR_ASSERTION``) or when
an earlier check already failed; anything else is re-thrown unchanged. The
statement scan uses the project's lexer, so strings, template literals, regex
literals and comments never confuse it; any statement whose end cannot be found
makes :func:`instrument` give up (None).
"""

from __future__ import annotations

from codecanary.mutate.lexer import tokenize

_OPEN = {"{": "}", "(": ")", "[": "]"}

_PRELUDE_JS = """
const __cc = { p: 0, f: 0 };
function __ccFail(e) {
  const check = e instanceof Error && (String(e.message).startsWith('FAIL') ||
    e.code === 'ERR_ASSERTION');
  if (!check && __cc.f === 0) throw e;
  __cc.f += 1;
  if (__cc.f === 1) console.error('{MARKER} failed');
  if (!check) console.error('FAIL: a check raised an error after an earlier check failed');
  else if (e.code === 'ERR_ASSERTION') console.error(String(e.stack));
}
"""

_PRELUDE_TS = """
const __cc = { p: 0, f: 0 };
function __ccFail(e: unknown): void {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  const check = e instanceof Error && (String(e.message).startsWith('FAIL') ||
    code === 'ERR_ASSERTION');
  if (!check && __cc.f === 0) throw e;
  __cc.f += 1;
  if (__cc.f === 1) console.error('{MARKER} failed');
  if (!check) console.error('FAIL: a check raised an error after an earlier check failed');
  else if (code === 'ERR_ASSERTION') console.error(String((e as Error).stack));
}
"""

_EPILOGUE = """
console.error('{MARKER} ' + __cc.p + ' ' + (__cc.p + __cc.f));
if (__cc.f > 0) {
  throw new Error('FAIL ' + __cc.f + ' of ' + (__cc.p + __cc.f) + ' checks failed');
}
"""


def _is_check_start(texts: list[str], k: int) -> bool:
    name = texts[k]
    if not (name.startswith("__") or name == "assert") or name.startswith("__cc"):
        return False
    return k + 1 < len(texts) and texts[k + 1] in ("(", ".")


def _check_spans(tests: str, language: str) -> list[tuple[int, int]] | None:
    """Character spans of the checks to wrap; None when the shape is not understood."""
    tokens = tokenize(tests, language)
    offsets: list[int] = []
    pos = 0
    for tok in tokens:
        offsets.append(pos)
        pos += len(tok.text)
    sig = [i for i, t in enumerate(tokens) if t.significant]
    texts = [tokens[i].text for i in sig]
    stack: list[tuple[str, bool]] = []  # (closer, is a harness-level bare block)
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(texts):
        text = texts[k]
        prev = texts[k - 1] if k else None
        harness = all(bare for _, bare in stack)
        starts = prev is None or prev in (";", "}") or (prev == "{" and harness and stack)
        if harness and starts and _is_check_start(texts, k):
            depth, j = len(stack), k
            while j < len(texts):
                if texts[j] in _OPEN:
                    depth += 1
                elif texts[j] in ("}", ")", "]"):
                    depth -= 1
                    if depth < len(stack):
                        return None  # the block closed before the statement ended
                elif texts[j] == ";" and depth == len(stack):
                    break
                j += 1
            if j == len(texts):
                return None
            spans.append((offsets[sig[k]], offsets[sig[j]] + 1))
            k = j + 1
            continue
        if text in _OPEN:
            stack.append((_OPEN[text], text == "{" and harness and bool(starts)))
        elif text in ("}", ")", "]"):
            if not stack or stack[-1][0] != text:
                return None
            stack.pop()
        k += 1
    return spans if not stack else None


def instrument(tests: str, language: str, marker: str) -> str | None:
    """The rewritten harness, or None (no wrappable check, or a shape not understood)."""
    if "__cc" in tests:
        return None
    spans = _check_spans(tests, language)
    if not spans:
        return None
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(tests[last:start])
        out.append(f"try {{ {tests[start:end]} __cc.p += 1; }} "
                   "catch (__ccE) { __ccFail(__ccE); }")
        last = end
    out.append(tests[last:])
    prelude = (_PRELUDE_TS if language == "typescript" else _PRELUDE_JS).replace("{MARKER}", marker)
    return f"{prelude}\n{''.join(out).rstrip()}\n{_EPILOGUE.replace('{MARKER}', marker)}"
