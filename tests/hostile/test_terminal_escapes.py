"""Lesson text, file names and a learner's name never drive the terminal: read back from a real one.

A lesson whose every string carries OSC 52 (write the clipboard), OSC 2 (set the window title), a
clear-screen and a bidi override is shown in the app in tmux with ``set-clipboard on``: after each place
(the picker, the lesson header and prose, a hint, feedback, the solution, the problems screen F9) and after
``gdtutor progress``, tmux holds no paste buffer and the pane's title is unchanged, because tmux saw no
escape sequence, only the visible escapes (``\\x1b]52…``) on screen. Before the one escaping boundary,
the app and ``gdtutor progress`` passed these bytes through raw."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

# YAML double-quoted escapes: \e is ESC, \a is BEL; \u202e a right-to-left override.
HOSTILE = """\
id: hostile
title: "Hostile title \\e]52;c;VElUTEU=\\a\\e]2;PWNED-TITLE\\a \\u202eevil"
summary: "Hostile summary \\e]52;c;U1VNTUFSWQ==\\a\\e[2J"
problem:
  objective: theta^2
  start: {theta: 3}
steps:
  - id: pick
    kind: choice
    prompt: "Hostile prompt \\e]52;c;UFJPTVBU\\a\\e]2;PWNED-PROMPT\\a"
    hints:
      - "Hostile hint \\e]52;c;SElOVA==\\a\\e]2;PWNED-HINT\\a"
    options:
      - text: "Hostile option \\e]52;c;T1BUSU9O\\a\\e]2;PWNED-OPTION\\a"
        feedback: "Right \\e]52;c;UklHSFQ=\\a"
      - text: Another option
        feedback: "Hostile feedback \\e]52;c;RkVFREJBQ0s=\\a\\e]2;PWNED-FEEDBACK\\a"
    answer: 1
"""
BROKEN_NAME = "broken\x1b]2;PWNED-FILE\x07.yaml"
BROKEN = 'id: broken\ntitle: Broken\n"key \\e]52;c;S0VZ\\a\\e]2;PWNED-KEY\\a": 1\n'
LEARNER = "learner\x1b]52;c;TEVBUk5FUg==\x07\x1b]2;PWNED-LEARNER\x07"


def gdtutor_executable() -> str:
    beside_python = Path(sys.executable).with_name("gdtutor")
    if not beside_python.exists():
        pytest.fail("the gdtutor command is not installed next to python (pip install -e .)")
    return str(beside_python)


@pytest.fixture
def lessons(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    (folder / BROKEN_NAME).write_text(BROKEN, encoding="utf-8")
    return folder


@pytest.fixture
def tty(terminal, tmp_path):
    """The terminal with a quiet first window (its title is the one to keep) and set-clipboard on, so
    any OSC 52 the program writes would become a tmux paste buffer."""
    terminal.tmux("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "sleep 600")
    terminal.tmux("set-option", "-g", "set-clipboard", "on")
    terminal.title = terminal.tmux("display-message", "-p", "#{pane_title}").strip()
    return terminal


def run_in(terminal, argv: list[str], data_dir: Path) -> None:
    env = {
        "GDTUTOR_DATA_DIR": str(data_dir),
        "GDTUTOR_LEARNER": LEARNER,
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "LC_ALL": "C.UTF-8",
    }
    exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    command = f"exec env {exports} {' '.join(shlex.quote(part) for part in argv)}"
    terminal.tmux("new-window", command)


def assert_nothing_escaped(terminal, place: str) -> None:
    buffers = terminal.tmux("list-buffers")
    assert buffers == "", f"{place}: the clipboard was written ({buffers.strip()})"
    title = terminal.tmux("display-message", "-p", "#{pane_title}").strip()
    assert title == terminal.title, f"{place}: the window title became {title!r}"


def test_the_app_shows_hostile_lesson_text_inert_in_every_place(tty, lessons, tmp_path):
    run_in(tty, [gdtutor_executable(), "--lessons", str(lessons)], tmp_path / "data")
    tty.wait_for("Pick a lesson")
    tty.keys("End")
    screen = tty.wait_for("Hostile summary")
    assert "\\x1b]52;c;U1VNTUFSWQ==" in screen  # shown, visibly escaped
    assert "Hostile title" in tty.wait_for("\\u202eevil")  # the bidi override, shown not obeyed
    assert_nothing_escaped(tty, "the picker")

    tty.wait_for("problems in lesson files")  # the full check has run
    tty.keys("F9")
    screen = tty.wait_for("PWNED-KEY")
    assert "broken\\x1b]2;PWNED-FILE" in screen  # the file name, visibly escaped
    assert_nothing_escaped(tty, "the problems screen (F9)")
    tty.keys("Escape")
    tty.wait_for("Pick a lesson")

    tty.keys("Enter")
    screen = tty.wait_for("Hostile prompt")
    assert "Hostile title \\x1b]52" in screen
    tty.wait_for("Hostile option")
    assert_nothing_escaped(tty, "the lesson header, prose and options")

    tty.keys("F2")
    tty.wait_for("Hostile hint")
    assert_nothing_escaped(tty, "a hint")

    tty.type("2")
    tty.keys("Enter")
    tty.wait_for("Hostile feedback")
    assert_nothing_escaped(tty, "feedback on a wrong answer")

    tty.keys("F3")
    tty.wait_until(lambda screen: screen.count("Hostile option") >= 2 or "Solution" in screen, "the solution")
    assert_nothing_escaped(tty, "the solution")
    tty.keys("C-q")


def test_gdtutor_progress_prints_titles_and_the_learner_name_inert(tty, lessons, tmp_path):
    run_in(
        tty,
        [
            "sh",
            "-c",
            f"{shlex.quote(gdtutor_executable())} progress --lessons {shlex.quote(str(lessons))}; sleep 60",
        ],
        tmp_path / "data",
    )
    tty.wait_for("Skills mastered")
    screen = tty.tmux("capture-pane", "-p", "-S", "-200")  # with what scrolled off the top
    assert "Hostile title \\x1b]52" in screen
    assert "learner\\x1b]52" in screen
    assert_nothing_escaped(tty, "gdtutor progress")
