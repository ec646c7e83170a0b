"""``gdtutor [LESSON] [--lessons DIR]``: the Textual app (the arguments are parsed in ``gdtutor.cli``).

Only this command imports textual, and only inside ``run``, so every other command starts without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    import gc

    # Start-up creates many long-lived objects; freezing them keeps the collector from rescanning them.
    gc.disable()
    from gdtutor.tui.app import GdtutorApp
    from gdtutor.tui.course import Course

    course = Course.open([Path(directory) for directory in args.lessons])
    try:
        start_lesson = course.resolve(args.lesson) if args.lesson else None
        app = GdtutorApp(course, start_lesson=start_lesson)
        gc.freeze()
        gc.enable()
        app.run()
    finally:
        gc.enable()
        course.close()
    return app.return_code or 0
