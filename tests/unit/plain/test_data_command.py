"""`data` in the plain front-end prints the step's data set as written in the lesson (raw, never scaled)."""

from io import StringIO
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.lessons.loading import parse_lesson
from gdtutor.plain.session import Session

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/lessons/formats/houses-scaled.yaml"


def run(tutor: Tutor, typed: str) -> str:
    out = StringIO()
    Session(tutor, StringIO(typed), out).run()
    return out.getvalue()


def test_data_prints_every_example_from_the_lessons_file_unscaled():
    out = run(Tutor(load_lesson(FIXTURE), seed=0), "data\nquit\n")
    assert (
        "> The data (8 examples, from houses.csv):\n"
        "  x₁   | x₂ | y\n"
        "  -----+----+------\n"
        "  1850 | 3  | 342.5\n"
        "  1320 | 2  | 241\n"
    ) in out
    assert "  1240 | 2  | 226.9\n" in out
    assert "(commands: hint, solution, skip, back, show, plot, data, help, quit)" in run(
        Tutor(load_lesson(FIXTURE), seed=0), "\nquit\n"
    )


def test_data_on_a_formula_problem_says_there_is_none():
    lesson, _ = parse_lesson(
        "id: bowl\ntitle: Bowl\nproblem: {objective: theta^2, start: {theta: 3}}\n"
        "steps:\n  - {id: go, kind: number, ask: theta, prompt: Go.}\n",
        "bowl.yaml",
    )
    out = run(Tutor(lesson, seed=0), "data\nquit\n")
    assert "> This step has no data set: it minimizes a formula.\n" in out
    assert "(commands: hint, solution, skip, back, show, plot, help, quit)" in out
