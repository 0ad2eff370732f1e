"""README and CI agree: the quick start has two commands, and .ci/run runs the test one."""

from __future__ import annotations

import re

from click.testing import CliRunner

from analyser.cli.main import main

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "rapport analyse samples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert quick_start_commands()[1] in ci_lines


def test_every_command_is_documented_in_readme():
    for name in main.list_commands(None):  # type: ignore[arg-type]
        assert f"rapport {name}" in README


def test_every_analyse_option_is_documented_in_readme():
    result = CliRunner().invoke(main, ["analyse", "--help"])
    options = set(re.findall(r"(--[a-z][a-z-]+)", result.output)) - {"--help"}
    assert options
    for option in options:
        assert option in README, option
