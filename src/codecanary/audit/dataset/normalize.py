"""Turn a decoded record into a :class:`Sample`: its format, language and code.

Formats (``auto`` picks the first that fits):

* ``chat``: ``messages`` is a list of ``{"role", "content"}``; an optional
  ``system`` first, then ``user``/``assistant`` turns alternating, starting with
  ``user`` and ending with ``assistant``. The code is extracted from the last
  assistant answer with the project's own extraction (:func:`codecanary.extract.
  extract_code`: fences, language tags, prose removed).
* ``prompt-completion``: ``prompt`` and ``completion`` strings; the code is
  extracted from the completion the same way.
* ``code``: a bare code string (``code``, ``content``, ``source`` or ``text``).

``--field PATH`` (dots for nesting, e.g. ``data.answer``) names the field holding
the code (or, for chat, the message list). The declared language is read from
``language``/``lang``; the record id from ``id``/``task_id``/``uid``.
"""

from __future__ import annotations

from typing import Any

from codecanary.audit.dataset.models import Sample
from codecanary.audit.dataset.readers import RawRecord
from codecanary.extract import canonical_language, extract_code

_CODE_FIELDS = ("code", "content", "source", "text")
_ID_FIELDS = ("id", "task_id", "uid")
_LANG_FIELDS = ("language", "lang")


def lookup(value: Any, path: str) -> tuple[bool, Any]:
    """(found, value) at a dotted ``path`` inside nested dicts (and list indices)."""
    current = value
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


def detect_format(value: dict[str, Any], field: str | None) -> str | None:
    if "messages" in value or (field and isinstance(lookup(value, field)[1], list)):
        return "chat"
    if "prompt" in value and "completion" in value:
        return "prompt-completion"
    if (field and lookup(value, field)[0]) or any(k in value for k in _CODE_FIELDS):
        return "code"
    return None


def _declared(value: dict[str, Any]) -> str | None:
    for key in _LANG_FIELDS:
        raw = value.get(key)
        if isinstance(raw, str) and raw.strip():
            return canonical_language(raw) or raw.strip().lower()
    return None


def _record_id(value: dict[str, Any]) -> str | None:
    for key in _ID_FIELDS:
        raw = value.get(key)
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            return str(raw)
    return None


def _chat(messages: Any, problems: list[str]) -> str | None:
    """The last assistant answer, checking roles and contents on the way."""
    if not isinstance(messages, list) or not messages:
        problems.append("messages is missing or empty")
        return None
    roles: list[str] = []
    for k, msg in enumerate(messages):
        if not isinstance(msg, dict):
            problems.append(f"message {k} is not an object")
            return None
        role, content = msg.get("role"), msg.get("content")
        if not isinstance(content, str):
            problems.append(f"message {k} ({role}) has non-string content")
        elif not content.strip():
            problems.append(f"message {k} ({role}) is empty")
        roles.append(role if isinstance(role, str) else repr(role))
    turns = roles[1:] if roles[0] == "system" else roles
    expected = ["user" if k % 2 == 0 else "assistant" for k in range(len(turns))]
    if turns != expected or not turns or turns[-1] != "assistant":
        problems.append(f"wrong role order: {' > '.join(roles)[:80]}")
    answers = [m.get("content") for m in messages
               if isinstance(m, dict) and m.get("role") == "assistant"]
    last = answers[-1] if answers else None
    return last if isinstance(last, str) else None


def normalise(raw: RawRecord, index: int, *, fmt: str = "auto", field: str | None = None,
              tests_field: str | None = None) -> Sample:
    """The sample of one raw record (never raises: problems become ``format_error``)."""
    def bad(problem: str, value: dict[str, Any] | None = None) -> Sample:
        return Sample(index=index, source=raw.source,
                      record_id=_record_id(value) if value else None, format=fmt,
                      declared_language=None, language=None, code="", problems=(problem,))

    if raw.problem is not None:
        return bad(raw.problem)
    value = raw.value
    if not isinstance(value, dict):
        return bad(f"record is a JSON {type(value).__name__}, not an object")
    kind = detect_format(value, field) if fmt == "auto" else fmt
    if kind is None:
        return bad("no code field (expected messages, prompt/completion, or code)", value)
    problems: list[str] = []
    declared = _declared(value)
    answer: Any
    if kind == "chat":
        answer = _chat(lookup(value, field)[1] if field else value.get("messages"), problems)
    elif kind == "prompt-completion":
        prompt, answer = value.get("prompt"), value.get("completion")
        if not isinstance(prompt, str) or not prompt.strip():
            problems.append("prompt is missing, empty or not a string")
    else:
        found, answer = lookup(value, field) if field else next(
            ((True, value[k]) for k in _CODE_FIELDS if k in value), (False, None))
        if not found:
            problems.append(f"no field {field!r}")
    code, fence = "", None
    if answer is None and not problems:
        problems.append("the answer is missing (null)")
    elif answer is not None and not isinstance(answer, str):
        problems.append(f"answer is a {type(answer).__name__}, not a string")
    elif isinstance(answer, str) and not answer.strip():
        problems.append("answer is empty")
    elif isinstance(answer, str):
        if "\x00" in answer:
            problems.append("answer holds NUL bytes")
        if kind == "code":
            code = answer
        else:
            extraction = extract_code(answer, language=declared or "")
            code, fence = extraction.code, extraction.fence_language
            if not code.strip():
                problems.append("no code in the answer")
    tests: str | None = None
    if tests_field:
        found, raw_tests = lookup(value, tests_field)
        tests = raw_tests if found and isinstance(raw_tests, str) and raw_tests.strip() else None
    language = declared or (canonical_language(fence) if fence else None)
    return Sample(index=index, source=raw.source, record_id=_record_id(value), format=kind,
                  declared_language=declared, language=language, code=code, tests=tests,
                  problems=tuple(problems))
