"""``gdtutor [LESSON] [--lessons DIR]``: the Textual app (the arguments are parsed in ``gdtutor.cli``).

Only this command imports textual, and only inside ``run``, so every other command starts without it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdtutor.plain.text import printable_for
from gdtutor.stopping import status_after_closing

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace


def run(args: argparse.Namespace | SimpleNamespace, prepare: Callable[[Any], None] | None = None) -> int:
    """Run the app; ``prepare(app)`` is called before it starts (the SSH server hooks its idle warning)."""
    import gc

    # Start-up creates many long-lived objects: the collector stays off until the app's first frame is on
    # the terminal (rather than collecting, tens of times, what start-up still holds), and what start-up
    # made is frozen then, so that the collector does not rescan it.
    gc.disable()
    from gdtutor.tui.app import GdtutorApp
    from gdtutor.tui.course import Course

    course = Course.open([Path(directory) for directory in args.lessons])
    try:
        start_lesson = course.resolve(args.lesson) if args.lesson else None
        # `gdtutor practice` on a terminal sets practice (and maybe skill); other callers leave them out.
        practice, skill = getattr(args, "practice", False), getattr(args, "skill", None)
        app = GdtutorApp(
            course, start_lesson, start_practice=practice, practice_skill=skill, when_shown=_collect_from_now
        )
        if prepare is not None:
            prepare(app)
        app.run()
    finally:
        gc.enable()
        saved, said = course.close()
        for line in said:  # the app is gone: the terminal is the shell's again
            print(printable_for(sys.stderr, line), file=sys.stderr)
    return status_after_closing(app.return_code or 0, saved)


def _collect_from_now() -> None:
    import gc

    gc.freeze()
    gc.enable()
