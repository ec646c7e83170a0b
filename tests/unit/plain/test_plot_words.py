"""The plain front-end says in words where a wrong θ sits on the curve, as soon as it is typed."""

import io
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.plain.session import Session

DESCENT = Path(__file__).resolve().parents[2] / "app/lessons/descent.yaml"


def test_a_wrong_theta_is_described_against_the_solvers():
    tutor = Tutor.for_steps(load_lesson(DESCENT), ["first-theta", "second-theta"], seed=0)
    out = io.StringIO()
    Session(tutor, io.StringIO("3.6\n2.4\n2.5\n"), out).run()
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("Plot: ") and "Your θ = 3.6 sits higher on the curve than the solver's 3.0" in line
        for line in lines
    )
    # Compared with the last θ the plot shows, never with the answer still being asked for (1.92).
    assert any(
        "Your θ = 2.5 sits higher on the curve than the solver's 2.4 at iteration 1." in line
        for line in lines
    )
