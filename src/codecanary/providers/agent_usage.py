"""Cost, tokens, turns and duration from what a CLI agent prints, when it prints them.

Two formats are read; for anything else every figure is absent (None), never
guessed:

* Claude Code ``-p --output-format json``: one result object with
  ``total_cost_usd``, ``usage`` (``input_tokens``, ``cache_creation_input_tokens``,
  ``cache_read_input_tokens``, ``output_tokens``), ``num_turns``, ``duration_ms``,
  ``result`` and ``is_error``.
* Codex CLI ``exec --json``: JSON Lines events; each ``turn.completed`` carries
  ``usage`` (``input_tokens`` — cached ones included — ``cached_input_tokens``,
  ``output_tokens``). Codex reports neither cost nor a turn count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgentUsage:
    format: str | None = None
    """``claude``, ``codex`` or None (not recognised)."""
    cost_usd: float | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    turns: int | None = None
    duration_s: float | None = None
    result: str | None = None
    is_error: bool = False


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _objects(stdout: str) -> list[dict[str, Any]]:
    """The JSON objects in ``stdout``: the whole text, or one per line."""
    text = stdout.strip()
    if not text:
        return []
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict):
        return [whole]
    if isinstance(whole, list):  # claude --output-format json in some versions: all messages
        return [o for o in whole if isinstance(o, dict)]
    found: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict):
                found.append(obj)
    return found


def parse_agent_output(stdout: str) -> AgentUsage:
    """What the agent reported about itself (all None when not recognised)."""
    objects = _objects(stdout)
    for obj in reversed(objects):
        if obj.get("type") == "result" and ("total_cost_usd" in obj or "num_turns" in obj):
            return _claude(obj)
    turns = [o for o in objects if o.get("type") == "turn.completed"]
    if turns:
        usages = [t.get("usage") or {} for t in turns]
        messages = [str((o.get("item") or {}).get("text") or "") for o in objects
                    if o.get("type") == "item.completed"
                    and (o.get("item") or {}).get("type") == "agent_message"]
        failed = any(o.get("type") in ("turn.failed", "error") for o in objects)
        return AgentUsage(format="codex",
                          tokens_in=sum(_int(u.get("input_tokens")) for u in usages),
                          tokens_out=sum(_int(u.get("output_tokens")) for u in usages),
                          result=messages[-1] if messages else None, is_error=failed)
    return AgentUsage()


def _claude(obj: dict[str, Any]) -> AgentUsage:
    usage = obj.get("usage") if isinstance(obj.get("usage"), dict) else None
    tokens_in = tokens_out = None
    if usage is not None:
        tokens_in = (_int(usage.get("input_tokens"))
                     + _int(usage.get("cache_creation_input_tokens"))
                     + _int(usage.get("cache_read_input_tokens")))
        tokens_out = _int(usage.get("output_tokens"))
    cost = obj.get("total_cost_usd")
    turns = obj.get("num_turns")
    duration = obj.get("duration_ms")
    result = obj.get("result")
    return AgentUsage(
        format="claude", cost_usd=float(cost) if isinstance(cost, int | float) else None,
        tokens_in=tokens_in, tokens_out=tokens_out,
        turns=int(turns) if isinstance(turns, int) else None,
        duration_s=duration / 1000.0 if isinstance(duration, int | float) else None,
        result=result if isinstance(result, str) else None,
        is_error=bool(obj.get("is_error")))
