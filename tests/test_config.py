from pathlib import Path

import pytest

from codecanary.config import load_config
from codecanary.errors import ConfigError
from codecanary.suites import load_suite


def test_no_file_means_defaults() -> None:
    config = load_config()
    assert config.subject("simulated").provider == "simulated"
    assert config.panel(None).suite == "builtin"


def test_subjects_and_panels(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[subjects.gpt]\nprovider = "openai"\nmodel = "gpt-x"\nsamples = 3\n'
        '[subjects.gpt.options]\nbase_url = "http://127.0.0.1:1/v1"\ntemperature = 0.2\n'
        '[panels.daily]\nsuite = "humaneval"\ntasks = ["HumanEval/0", "HumanEval/1"]\n',
        encoding="utf-8")
    config = load_config(path)
    gpt = config.subject("gpt")
    assert gpt.samples == 3 and gpt.options["temperature"] == 0.2
    panel = config.panel("daily")
    assert panel.select(load_suite(panel.suite)) == ["HumanEval/0", "HumanEval/1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[subjects.a\n", "invalid TOML"),
        ("[subjects.a]\nmodel = 'x'\n", "subject 'a': provider: Field required"),
        ("[subjects.a]\nprovider='x'\nmodel='y'\nsamples=0\n", "samples"),
        ("colour = 'blue'\n", "colour: Extra inputs are not permitted"),
        ("[panels.p]\nsuite = 1\n", "panels.p.suite"),
    ],
)
def test_malformed_config_is_one_clear_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert "\n" not in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_unknown_subject_suggests_config() -> None:
    with pytest.raises(ConfigError, match=r"add \[subjects.zzz\]"):
        load_config().subject("zzz")


def test_panel_with_unknown_task(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[panels.p]\nsuite = "humaneval"\ntasks = ["nope"]\n', encoding="utf-8")
    panel = load_config(path).panel("p")
    with pytest.raises(ConfigError, match="not in suite"):
        panel.select(load_suite("humaneval"))
