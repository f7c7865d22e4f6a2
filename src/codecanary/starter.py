"""``codecanary init``: a commented starter ``codecanary.toml`` for one provider."""

from __future__ import annotations

from pathlib import Path

from codecanary.config_check import Finding, validate_file
from codecanary.errors import ConfigError

_HEAD = """\
# codecanary.toml: what to watch and how. Precedence: command-line flags >
# this file > environment (CODECANARY_DB, ...). Check it: codecanary config validate
#
# db = "sqlite:///codecanary.db"   # default: $CODECANARY_DB, else the data dir
# sandbox = "bwrap"                # "local" runs answers UNISOLATED: only for trusted code
"""

_SUBJECTS = {
    "openai": """\
# Any OpenAI-compatible server: OpenAI, vLLM, Ollama, llama.cpp, LM Studio.
[subjects.main]
provider = "openai"
model = "gpt-4o-mini"
samples = 1                        # samples per task and run
concurrency = 8                    # calls in flight
# system_prompt = "You are a careful programmer."

[subjects.main.options]
api_key_env = "OPENAI_API_KEY"     # the NAME of the variable; never put the key here
# base_url = "http://localhost:8000/v1"   # a local server; then maybe require_key = false
temperature = 0.2
# max_tokens = 2048
""",
    "anthropic": """\
[subjects.main]
provider = "anthropic"
model = "claude-sonnet-4-5"
samples = 1                        # samples per task and run
concurrency = 4                    # calls in flight

[subjects.main.options]
api_key_env = "ANTHROPIC_API_KEY"  # the NAME of the variable; never put the key here
max_tokens = 2048
temperature = 0.2
""",
    "command": """\
# Any CLI agent: the prompt goes to stdin, the answer is read from stdout.
[subjects.main]
provider = "command"
model = "claude-code"              # a label for this agent and its version
samples = 1
concurrency = 2                    # agents are heavy: few at once

[subjects.main.options]
command = ["claude", "-p"]
timeout_s = 600
env = ["ANTHROPIC_API_KEY"]        # variables passed through (besides PATH, HOME, LANG)
# version_command = ["claude", "--version"]   # recorded in each run's fingerprint
""",
    "simulated": """\
# Offline: answers come from the reference solutions with seeded faults.
# Good for trying codecanary and for tests; swap in a real provider later.
[subjects.main]
provider = "simulated"
model = "simulated-1"
concurrency = 16

[subjects.main.options]
seed = 0
skill = 0.8                        # share of tasks answered correctly
""",
}

_PANEL = """
# The fixed list of tasks run every time (paired design: keep it stable).
[panels.daily]
suite = "builtin"                  # or "humaneval", a .jsonl file, a task directory
# languages = ["python", "go"]     # optional filters
# categories = ["algorithms"]
samples = 1

# Daily:   codecanary run --subject main --panel daily && codecanary check --subject main
"""

PROVIDER_CHOICES = tuple(_SUBJECTS)


def starter_config(provider: str) -> str:
    """The commented TOML text for ``provider``."""
    if provider not in _SUBJECTS:
        raise ConfigError(f"no starter for provider {provider!r} "
                          f"(choose {', '.join(PROVIDER_CHOICES)})")
    return f"{_HEAD}\n{_SUBJECTS[provider]}{_PANEL}"


def write_starter(path: Path, provider: str, *, force: bool = False) -> list[Finding]:
    """Write the starter to ``path`` and validate it; return its findings (warnings)."""
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists; pass --force to overwrite it")
    try:
        path.write_text(starter_config(provider), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from exc
    return validate_file(path)[1]
