"""Every `gdtutor ...` example in the README's code blocks and in every command's --help runs as written.

Each example runs from the repository's root folder, as a process with no terminal (stdin empty), with the
empty data folder every test gets, and must exit 0. The rule for examples that would open the app (the
first word after `gdtutor` is a lesson, not a command, and there is no --plain): they are run with --help
added, since the app needs a terminal. Examples that cannot finish by themselves are skipped by name in
LONG_RUNNING, with the reason.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.cli import COMMANDS, _command_parser, _tutor_parser

ROOT = Path(__file__).resolve().parents[3]
SHELLS = {"bash", "sh", "shell", "console"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
LONG_RUNNING = {"serve": "gdtutor serve listens for SSH connections until it is stopped"}


def gdtutor(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        line.strip()
        for language, block in FENCE.findall(text)
        if language in SHELLS
        for line in block.splitlines()
        if re.match(r"gdtutor( |$)", line.strip())
    ]


def help_texts() -> list[str]:
    """The --help of gdtutor itself, of each command, and of each subcommand of a command."""
    parsers = [_tutor_parser(), *(_command_parser(command)[0] for command in COMMANDS)]
    for parser in list(parsers):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
    return [parser.format_help() for parser in parsers]


def help_examples() -> list[str]:
    return [
        line.strip()
        for text in help_texts()
        for line in text.splitlines()
        if re.match(r"^\s+gdtutor( |$)", line) and not line.strip().startswith("gdtutor COMMAND")
    ]


def as_run(example: str) -> list[str]:
    """The arguments an example runs with: --help added when it would open the app (see the module doc)."""
    args = shlex.split(example)[1:]
    opens_app = (not args or args[0] not in COMMANDS) and not {"--plain", "--help", "--version"} & set(args)
    return [*args, "--help"] if opens_app else args


EXAMPLES = sorted(set(readme_examples()) | set(help_examples()))


def test_the_readme_and_the_help_have_examples_of_solve_on_the_shipped_data():
    assert any("examples/houses.csv" in example for example in readme_examples())
    assert any("examples/houses.csv" in example for example in help_examples())
    assert (ROOT / "examples" / "houses.csv").is_file()


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs_as_written(example):
    args = as_run(example)
    if args and args[0] in LONG_RUNNING:
        pytest.skip(LONG_RUNNING[args[0]])
    result = gdtutor(*args)
    assert result.returncode == 0, f"{example}\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_the_readmes_quick_test_commands_name_paths_that_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"`(python -m pytest [^`]+)`", text)
    paths = [word for command in commands for word in shlex.split(command)[3:] if not word.startswith("-")]
    assert "tests/unit" in paths
    assert all((ROOT / path).exists() for path in paths), paths


def test_the_readme_gives_exactly_two_set_up_commands_before_using_it():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up = text.partition("## Using it")[0]
    blocks = [block.strip() for _language, block in FENCE.findall(set_up)]
    assert len(blocks) == 2
    assert blocks[0].endswith("pip install . && gdtutor")
    assert blocks[1].endswith("pip install '.[test]' && python -m pytest")
    assert blocks[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")  # CI runs the same command
