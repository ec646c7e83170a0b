"""Plain `gdtutor` and `gdtutor LESSON` skip argparse: what they take for such a command line is what the
parser makes of it, and starting the app that way loads neither argparse nor gettext."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gdtutor.cli import _tutor_parser, _without_options


def test_an_empty_command_line_is_what_the_parser_makes_of_it():
    taken = _without_options([])
    assert taken is not None and vars(taken) == vars(_tutor_parser().parse_args([]))


@pytest.mark.parametrize("word", ["descent-on-theta-squared", "02", "lessons.yaml", "", "a b", "x-"])
def test_a_lesson_named_alone_is_what_the_parser_makes_of_it(word: str):
    taken = _without_options([word])
    assert taken is not None and vars(taken) == vars(_tutor_parser().parse_args([word]))


@pytest.mark.parametrize(
    "args", [["--plain"], ["-h"], ["--version"], ["-"], ["--", "x"], ["x", "--plain"], ["a", "b"]]
)
def test_any_other_command_line_goes_to_the_parser(args: list[str]):
    assert _without_options(args) is None


@pytest.mark.parametrize("argv", [[], ["descent-on-theta-squared"]])
def test_the_usual_starts_reach_the_app_without_argparse(argv: list[str]):
    """The app's module is replaced by one that reports what was loaded, so nothing is drawn."""
    probe = (
        "import sys, types\n"
        "fake = types.ModuleType('gdtutor.commands.tui')\n"
        "loaded = lambda name: name in sys.modules\n"
        "fake.run = lambda args: print(sorted(vars(args)), loaded('argparse'), loaded('gettext')) or 0\n"
        "sys.modules['gdtutor.commands.tui'] = fake\n"
        f"sys.argv = ['gdtutor', *{argv!r}]\n"
        "from gdtutor.cli import main\n"
        "raise SystemExit(main())\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["['lesson',", "'lessons',", "'plain',", "'store']", "False", "False"]
