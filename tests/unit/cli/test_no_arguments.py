"""Plain `gdtutor` skips argparse: what it takes for an empty command line is what the parser makes of it,
and starting the app that way loads neither argparse nor gettext."""

from __future__ import annotations

import subprocess
import sys

from gdtutor.cli import _tutor_parser, no_arguments


def test_an_empty_command_line_is_what_the_parser_makes_of_it():
    assert vars(no_arguments()) == vars(_tutor_parser().parse_args([]))


def test_plain_gdtutor_reaches_the_app_without_argparse():
    """The app's module is replaced by one that reports what was loaded, so nothing is drawn."""
    probe = (
        "import sys, types\n"
        "fake = types.ModuleType('gdtutor.commands.tui')\n"
        "loaded = lambda name: name in sys.modules\n"
        "fake.run = lambda args: print(sorted(vars(args)), loaded('argparse'), loaded('gettext')) or 0\n"
        "sys.modules['gdtutor.commands.tui'] = fake\n"
        "sys.argv = ['gdtutor']\n"
        "from gdtutor.cli import main\n"
        "raise SystemExit(main())\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["['lesson',", "'lessons',", "'plain',", "'store']", "False", "False"]
