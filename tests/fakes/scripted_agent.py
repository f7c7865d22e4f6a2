"""A real (scripted) coding agent for the ``agent`` provider's end-to-end tests.

Usage: ``scripted_agent.py SUITE_DIR [--claude-json | --codex-json] [INSTRUCTION]``.
It reads the instruction (argument or stdin), finds the task's directory in
SUITE_DIR by ``$CODECANARY_TASK_ID`` and applies its ``solution.patch`` to the
current directory with ``git apply``. Its own deliberate bugs:

* on ``demo-go-clamp`` it "simplifies" the fix, turning ``v > hi`` into ``v >= lo``
  (the hidden tests catch it);
* with ``$SCRIPTED_AGENT_BUG`` = ``touch-tests`` it also edits a test file (outside
  the allowed paths), ``sleep`` hangs past any limit, ``crash`` exits 3 unedited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    suite = Path(argv[1])
    flags = [a for a in argv[2:] if a.startswith("--")]
    rest = [a for a in argv[2:] if not a.startswith("--")]
    instruction = rest[0] if rest else sys.stdin.read()
    if not instruction.strip():
        print("no instruction", file=sys.stderr)
        return 2
    bug = os.environ.get("SCRIPTED_AGENT_BUG", "")
    if bug == "crash":
        print("scripted agent: internal error", file=sys.stderr)
        return 3
    if bug == "sleep":
        time.sleep(600)
    name = os.environ["CODECANARY_TASK_ID"].split("/", 1)[-1]
    patch = (suite / name / "solution.patch").read_text(encoding="utf-8")
    subprocess.run(["git", "apply", "-"], input=patch, text=True, check=True)
    if name == "demo-go-clamp":
        path = Path("mathx/clamp.go")
        path.write_text(path.read_text().replace("v > hi", "v >= lo"))
    if bug == "touch-tests":
        for path in sorted(Path(".").rglob("test*")):
            if path.is_file():
                with path.open("a") as fh:
                    fh.write("\n")
                break
    summary = f"applied the fix for {name} ({len(instruction.split())} words of instruction)"
    if "--claude-json" in flags:
        print(json.dumps({"type": "result", "subtype": "success", "is_error": False,
                          "duration_ms": 1234, "num_turns": 4, "result": summary,
                          "total_cost_usd": 0.0123,
                          "usage": {"input_tokens": 100, "cache_creation_input_tokens": 20,
                                    "cache_read_input_tokens": 300, "output_tokens": 50}}))
    elif "--codex-json" in flags:
        events = [{"type": "thread.started", "thread_id": "t1"}, {"type": "turn.started"},
                  {"type": "item.completed",
                   "item": {"id": "i0", "type": "agent_message", "text": summary}},
                  {"type": "turn.completed",
                   "usage": {"input_tokens": 900, "cached_input_tokens": 700,
                             "output_tokens": 80}}]
        print("\n".join(json.dumps(e) for e in events))
    else:
        print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
