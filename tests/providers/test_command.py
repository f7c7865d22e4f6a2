"""The ``command`` provider with a small real Python script standing in for ``claude -p``."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from codecanary.providers.base import GenerateRequest, ProviderConfigError, ProviderError
from codecanary.providers.command import CommandProvider

REQUEST = GenerateRequest(task_id="t", prompt="Write 'add'.\nUse $HOME & \"quotes\".",
                          language="python")

AGENT = r'''
import json, os, subprocess, sys, time
args = sys.argv[1:]
if args and args[0] == "--version":
    with open(os.environ["CC_COUNT_FILE"], "a") as f:
        f.write("v\n")
    print("fake-agent 1.2.3 (build 42)")
    sys.exit(0)
mode = args[0] if args else "stdin"
if mode == "stdin":
    prompt = sys.stdin.read()
elif mode == "arg":
    prompt = args[2]
elif mode == "file":
    prompt = open(args[2], encoding="utf-8").read()
elif mode == "fail":
    sys.stderr.write("boom: quota exceeded\n")
    sys.exit(int(args[1]))
elif mode == "facts":
    print(json.dumps({"args": args[1:], "env": {k: v for k, v in os.environ.items()
                                                if k.startswith("CODECANARY_")}}))
    sys.exit(0)
elif mode == "hang":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with open(args[1], "w") as f:
        f.write(str(child.pid))
    time.sleep(60)
print(json.dumps({"prompt": prompt, "model": args[1] if len(args) > 1 else None,
                  "cwd": os.getcwd(), "files": sorted(os.listdir(".")),
                  "env": sorted(os.environ)}))
'''


@pytest.fixture
def agent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    script = tmp_path / "agent.py"
    script.write_text(AGENT, encoding="utf-8")
    monkeypatch.setenv("CC_COUNT_FILE", str(tmp_path / "count.txt"))
    return [sys.executable, str(script)]


def make(agent: list[str], *args: str, **options: Any) -> CommandProvider:
    return CommandProvider(model="opus-fake", options={"command": [*agent, *args], **options})


async def run(provider: CommandProvider) -> dict[str, Any]:
    response = await provider.generate(REQUEST)
    assert response.finish_reason == "stop" and response.latency_s > 0
    result: dict[str, Any] = json.loads(response.text)
    return result


async def test_prompt_on_stdin_in_a_fresh_temp_dir(agent: list[str]) -> None:
    provider = make(agent, "stdin", "{model}")
    first, second = await run(provider), await run(provider)
    assert first["prompt"] == REQUEST.prompt
    assert first["model"] == "opus-fake"
    assert first["cwd"] != second["cwd"]
    assert first["files"] == []
    assert not Path(first["cwd"]).exists()  # deleted after the call


async def test_prompt_as_argument(agent: list[str]) -> None:
    assert (await run(make(agent, "arg", "{model}", "{prompt}")))["prompt"] == REQUEST.prompt


async def test_prompt_in_a_file(agent: list[str]) -> None:
    result = await run(make(agent, "file", "{model}", "{prompt_file}"))
    assert result["prompt"] == REQUEST.prompt
    assert result["files"] == [".codecanary-prompt.txt"]


async def test_string_command_is_split_without_a_shell(agent: list[str]) -> None:
    command = f"{agent[0]} '{agent[1]}' arg 'the model' {{prompt}}"
    result = await run(CommandProvider(model="m", options={"command": command}))
    assert result["prompt"] == REQUEST.prompt and result["model"] == "the model"


async def test_shell_only_when_asked(agent: list[str]) -> None:
    command = f"{agent[0]} {agent[1]} arg shell-model {{prompt}} | cat"
    result = await run(CommandProvider(model="m", options={"command": command, "shell": True}))
    assert result["prompt"] == REQUEST.prompt  # quoted safely for the shell


async def test_task_id_language_and_index_reach_the_command(agent: list[str]) -> None:
    provider = make(agent, "facts", "{task_id}", "{language}", "{sample_index}", "{model}")
    request = GenerateRequest(task_id="HumanEval/7", prompt="p", language="rust", sample_index=3)
    result = json.loads((await provider.generate(request)).text)
    assert result["args"] == ["HumanEval/7", "rust", "3", "opus-fake"]
    assert result["env"] == {"CODECANARY_TASK_ID": "HumanEval/7", "CODECANARY_LANGUAGE": "rust",
                             "CODECANARY_SAMPLE_INDEX": "3"}


async def test_task_id_placeholder_is_quoted_for_a_shell(agent: list[str]) -> None:
    command = " ".join([*agent, "facts", "{task_id}"])
    provider = CommandProvider(model="m", options={"command": command, "shell": True})
    request = GenerateRequest(task_id="a b;$(x)", prompt="p", language="go")
    assert json.loads((await provider.generate(request)).text)["args"] == ["a b;$(x)"]


async def test_environment_is_an_allow_list(agent: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_SECRET_TOKEN", "do-not-pass")
    monkeypatch.setenv("CC_ALLOWED", "yes")
    result = await run(make(agent, "stdin", env=["CC_ALLOWED"], set_env={"CC_FIXED": "1"}))
    names = set(result["env"]) - {"LC_CTYPE", "PWD", "SHLVL", "_"}  # set by the OS/python
    facts = {"CODECANARY_TASK_ID", "CODECANARY_LANGUAGE", "CODECANARY_SAMPLE_INDEX"}
    assert names <= {"PATH", "HOME", "LANG", "CC_ALLOWED", "CC_FIXED", *facts}
    assert {"PATH", "CC_ALLOWED", "CC_FIXED"} <= names
    assert "CC_SECRET_TOKEN" not in result["env"]


async def test_nonzero_exit_is_an_error_with_stderr(agent: list[str]) -> None:
    with pytest.raises(ProviderError, match="exited with 3: boom: quota exceeded") as info:
        await make(agent, "fail", "3").generate(REQUEST)
    assert not info.value.retryable


async def test_listed_exit_codes_are_retryable(agent: list[str]) -> None:
    with pytest.raises(ProviderError) as info:
        await make(agent, "fail", "75", retryable_exit_codes=[75]).generate(REQUEST)
    assert info.value.retryable


async def test_timeout_kills_the_whole_tree(agent: list[str], tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    provider = make(agent, "hang", str(pid_file), timeout_s=1.0)
    start = time.monotonic()
    with pytest.raises(ProviderError, match="did not finish within 1s") as info:
        await provider.generate(REQUEST)
    assert time.monotonic() - start < 10
    assert not info.value.retryable
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child), "the agent's child survived the timeout"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child that its (also killed) parent never reaped is a zombie until
    # init collects it; it no longer runs, so it counts as dead here.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


async def test_timeout_can_be_retryable(agent: list[str], tmp_path: Path) -> None:
    provider = make(agent, "hang", str(tmp_path / "p"), timeout_s=0.5, retry_on_timeout=True)
    with pytest.raises(ProviderError) as info:
        await provider.generate(REQUEST)
    assert info.value.retryable


async def test_version_command_is_recorded_once(agent: list[str], tmp_path: Path) -> None:
    provider = make(agent, "stdin", version_command=[*agent, "--version"],
                    env=["CC_COUNT_FILE"])
    assert await provider.describe() == {"agent_version": "fake-agent 1.2.3 (build 42)"}
    assert await provider.describe() == {"agent_version": "fake-agent 1.2.3 (build 42)"}
    assert (tmp_path / "count.txt").read_text() == "v\n"


async def test_no_version_command_means_nothing_to_describe(agent: list[str]) -> None:
    provider = make(agent, "stdin")
    assert await provider.describe() == {}


async def test_missing_program_is_a_config_error() -> None:
    provider = CommandProvider(model="m", options={"command": ["/nonexistent/agent-cli", "-p"]})
    with pytest.raises(ProviderConfigError, match="cannot start '/nonexistent/agent-cli'"):
        await provider.generate(REQUEST)


@pytest.mark.parametrize(("options", "needle"), [
    ({}, "command: Field required"),
    ({"command": ""}, "command is empty"),
    ({"command": "agent 'unclosed"}, "cannot parse command"),
    ({"command": ["a"], "timeout_s": -1}, "timeout_s"),
])
def test_bad_options(options: dict[str, Any], needle: str) -> None:
    with pytest.raises(ProviderConfigError, match=needle) as info:
        CommandProvider(model="m", options=options)
    assert "\n" not in str(info.value)
