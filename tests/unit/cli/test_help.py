"""What the commands' --help promises a new user: what descent needs, and what a reset keeps."""

from __future__ import annotations

import subprocess
import sys


def help_of(command: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", command, "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def option_line(text: str, option: str) -> str:
    """The option's help, with the line after it when argparse put the help there."""
    lines = text.splitlines()
    index = next(number for number, line in enumerate(lines) if line.strip().startswith(option))
    return " ".join(lines[index : index + 2])


def test_solve_help_says_descent_needs_alpha_and_iterations_and_gives_the_defaults():
    text = help_of("solve")
    assert "required for gradient descent" in option_line(text, "--alpha A")
    assert "required for gradient descent" in option_line(text, "--iterations N")
    assert "default all zeros" in option_line(text, "--start START")
    assert "default: run all N updates" in option_line(text, "--tol T")
    assert "Iteration 0 is the start" in text


def test_reset_help_says_the_record_of_attempts_is_kept_and_no_is_not_a_failure():
    text = help_of("reset")
    assert "Your record of attempts is kept" in text
    assert "Answering no changes nothing and exits 0." in text
