"""Lesson headers read without a YAML parser agree with YAML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gdtutor.lessons.headers import read_header

HEADERS = [
    "id: plain\ntitle: A plain title with $\\theta$\nsummary: One line.\nproblem: {}\n",
    "# a comment first\nid: quoted\ntitle: \"Double: quoted\"\nsummary: 'It''s single-quoted'\nsteps: []\n",
    "id: literal\ntitle: Literal block\nsummary: |\n  First line,\n  second line.\n\n  New paragraph.\n"
    "problem: {}\n",
    "id: folded\ntitle: Folded block\nsummary: >\n  Folded\n  into one.\n\n  Second.\nsteps: []\n",
    'id: escaped\ntitle: "Say \\"caf\\u00e9\\" \\\\ there"\nsummary: [not, plain]\nsteps: []\n',
    "title: Title first\nid: order\nproblem: {}\n",
]


@pytest.mark.parametrize("text", HEADERS)
def test_headers_read_as_yaml_reads_them(tmp_path: Path, text: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    expected = yaml.safe_load(text)
    header = read_header(path)
    assert header is not None
    assert header.id == expected["id"]
    assert header.title == expected["title"]
    summary = expected.get("summary")
    assert header.summary.rstrip("\n") == (summary.rstrip("\n") if isinstance(summary, str) else "")


def test_a_head_without_id_and_title_is_left_to_the_full_check(tmp_path: Path):
    path = tmp_path / "lesson.yaml"
    path.write_text("problem: {}\nid: late\ntitle: Too late\n", encoding="utf-8")
    assert read_header(path) is None
    path.write_bytes(b"id: \xff\xfe\n")
    assert read_header(path) is None


HEAVY = ["numpy", "yaml", "gdtutor.core.expr", "gdtutor.lessons.model", "gdtutor.lessons.validate"]


def test_reading_the_app_s_lesson_list_loads_no_parser_validator_or_numpy():
    # The app's first screen is built from these two modules; anything heavy here slows its start-up.
    code = (
        "import sys\n"
        "from gdtutor.lessons.catalog import lesson_paths\n"
        "from gdtutor.lessons.headers import read_header\n"
        "headers = [read_header(path) for path, _ in lesson_paths()]\n"
        "assert all(headers), headers\n"
        f"print(sorted(name for name in {HEAVY} if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
