"""``gdtutor preview LESSON.yaml``: open a lesson file in the app for its author and reload it on every save.

See ``gdtutor.tui.preview``. Nothing is recorded in the author's progress; problems show in the app.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gdtutor.errors import GdtutorError


def _seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {seed}")
    return seed


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson", metavar="LESSON.yaml", help="the lesson file to preview")
    parser.add_argument(
        "--seed",
        type=_seed,
        default=0,
        help="whose random numbers to draw (default 0, the draw `tests:` use unless they give a seed)",
    )


def run(args: argparse.Namespace) -> int:
    path = Path(args.lesson)
    if not path.is_file():
        raise GdtutorError(f"preview: {args.lesson}: no such lesson file")
    from gdtutor.tui.preview import PreviewApp

    app = PreviewApp(path, seed=args.seed)
    app.run()
    return app.return_code or 0
