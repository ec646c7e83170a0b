"""The capstone quotes where descent settles (the θ its pricing steps start from): that θ must be where the
lesson's own run with its α and iterations ends, and the minimum of its data, to the digits it shows."""

from pathlib import Path

import numpy as np

from gdtutor.lessons import load_lesson
from gdtutor.lessons.problem import setup_for

LESSON = Path(__file__).resolve().parents[3] / "lessons" / "18-capstone.yaml"


def test_the_quoted_theta_is_where_the_lessons_descent_settles():
    lesson = load_lesson(LESSON)
    setup = setup_for(lesson.problem)
    settled = setup.run().thetas[-1]
    minimum = setup.minimizer()
    for step_id in ("price-it", "practice-price"):
        quoted = np.array([float(v) for v in lesson.problem_for(lesson.step(step_id)).start.values()])
        assert np.allclose(quoted, settled, atol=5e-4), (step_id, settled)
        assert np.allclose(quoted, minimum, atol=5e-4), (step_id, minimum)
