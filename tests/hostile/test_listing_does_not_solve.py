"""Listing lessons never runs the solver: `gdtutor lessons`, the app's lesson list (the catalog it loads)
and `gdtutor progress` read lessons but solve none, so a lesson at the limits lists as fast as a small one.

Each command runs in a child process whose solver raises if it is ever called. Before, a 100,000-row
table or a 1 MB lesson made every listing take 8-23 s."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AT_LIMITS = ROOT / "tests/fixtures/lessons/at-limits"

NO_SOLVER = """
import sys
import gdtutor.core.descent as descent

def refuse(*args, **kwargs):
    raise SystemExit("the solver ran while listing lessons")

descent.gradient_descent = refuse
from gdtutor.cli import main
{body}
"""

CATALOG = """
from gdtutor.lessons.catalog import Catalog, lesson_paths
catalog = Catalog.load(lesson_paths([sys.argv[1]]))
print(" ".join(catalog.ids()))
"""


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("gdtutor lessons", "sys.exit(main(['lessons', '--lessons', sys.argv[1]]))"),
        ("gdtutor progress", "sys.exit(main(['progress', '--lessons', sys.argv[1]]))"),
        ("the app's catalog", CATALOG),
    ],
)
def test_listing_lessons_at_the_limits_runs_no_solver(name, body):
    result = subprocess.run(
        [sys.executable, "-c", NO_SOLVER.format(body=body), str(AT_LIMITS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{name}: {result.stderr}"
    assert "at-limit-iterations" in result.stdout and "at-limit-table" in result.stdout, result.stdout
