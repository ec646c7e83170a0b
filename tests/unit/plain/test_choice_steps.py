"""Choice steps in the plain front-end: options, prompt, errors and the echo all say the same thing."""

import io
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.plain.session import Session

ROOT = Path(__file__).resolve().parents[3]
LESSON_1 = load_lesson(ROOT / "lessons/01-notation-and-cost.yaml")
HOW = "its number (1–4), its letter (a–d) or its text"


def run_choice(answers: str) -> str:
    tutor = Tutor.for_steps(LESSON_1, ["superscript"], seed=0)
    out = io.StringIO()
    Session(tutor, io.StringIO(answers), out).run()
    return out.getvalue()


def test_prompt_and_errors_name_the_same_ways_to_pick_an_option():
    out = run_choice("zebra\n9\nz\n\n")
    assert f"Answer with an option: {HOW}." in out
    assert f"“zebra” is not one of the options: type {HOW}" in out
    assert f"There is no option 9: type {HOW}" in out
    assert f"There is no option z: type {HOW}" in out
    assert f"Pick an option: type {HOW}" in out


def test_options_are_numbered_and_echoed_by_their_number_however_picked():
    for answer in ("b", "2", "x squared"):
        out = run_choice(f"{answer}\n")
        assert "  2) x squared" in out
        assert "(read as: 2) x squared)" in out
