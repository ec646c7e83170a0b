"""The tutor keeps the view it worked out until the learner's next action, and the plots while what they
are drawn from stays the same: a view or plots asked for again, after any action (an answer right or
wrong, a hint, a solution, back, skip, next, the end of the lesson), are those a tutor that never showed
them works out for the same state."""

from dataclasses import replace
from pathlib import Path

import pytest

from gdtutor.engine import StepView, Tutor, figures
from gdtutor.lessons import load_lesson

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")

# (action, argument): a learner who reads, asks for hints, errs, goes back, skips and asks for solutions.
PLAY_2 = [
    ("next", None),  # past the reading, to the derivative
    ("hint", None),
    ("submit", "2"),  # wrong: lost-theta
    ("hint", None),
    ("submit", "2*theta"),
    ("next", None),
    ("submit", "3"),  # wrong: factor-two
    ("submit", "6"),
    ("next", None),
    ("back", None),
    ("next", None),
    ("submit", "0.6"),
    ("next", None),
    ("submit", "3.6"),  # a wrong θ: the plot marks it
    ("submit", "2.4"),
    ("next", None),
    ("submit", "0.5"),  # a wrong cell of the table
    ("solution", None),  # the cell shown
    ("submit", "1.92"),
    ("skip", None),
    ("solution", None),
    ("next", None),
    ("submit", "1"),  # a wrong option
    ("skip", None),
    ("submit", "converges"),
    ("next", None),  # the lesson is finished
    ("back", None),
]


def timeless(view: StepView) -> StepView:
    """A view without the minutes its answers were given in (a replay may fall in the next minute)."""
    return replace(view, answers=tuple(replace(answer, when="") for answer in view.answers))


def act(tutor: Tutor, action: str, argument: str | None) -> None:
    method = getattr(tutor, action)
    method() if argument is None else method(argument)


def fresh(actions: list[tuple[str, str | None]]) -> Tutor:
    """A tutor taken through ``actions`` without being asked for a view on the way."""
    tutor = Tutor(LESSON_2, seed=3)
    for action, argument in actions:
        act(tutor, action, argument)
    return tutor


def test_every_view_and_plot_after_any_action_is_what_a_tutor_that_never_showed_them_works_out():
    tutor = Tutor(LESSON_2, seed=3)
    tutor.view()
    tutor.review()
    for done in range(1, len(PLAY_2) + 1):
        action, argument = PLAY_2[done - 1]
        act(tutor, action, argument)
        shown, reviewed, plots = tutor.view(), tutor.review(), tutor.plots()
        assert tutor.view() is shown  # kept: the same view, not worked out again
        other = fresh(PLAY_2[:done])
        assert timeless(shown) == timeless(other.view()), PLAY_2[:done]
        assert [timeless(view) for view in reviewed] == [timeless(view) for view in other.review()]
        assert plots == other.plots(), PLAY_2[:done]
        figures._PLOTS.clear()  # the plots worked out afresh, not taken from those kept for the same state
        assert tutor.plots() == plots, PLAY_2[:done]


@pytest.mark.parametrize("action", ["hint", "solution", "skip", "back"])
def test_a_view_kept_from_before_an_action_is_not_shown_after_it(action):
    tutor = Tutor(LESSON_2, seed=3)
    tutor.next()
    tutor.submit("7")  # a wrong derivative: the first attempt, so every hint is there to ask for
    before = tutor.view()
    act(tutor, action, None)
    assert tutor.view() != before
    assert timeless(tutor.view()) == timeless(fresh([("next", None), ("submit", "7"), (action, None)]).view())


def test_an_answer_changes_the_view_kept_of_its_step():
    tutor = Tutor(LESSON_2, seed=3)
    tutor.next()
    before = tutor.view()
    tutor.submit("2")
    after = tutor.view()
    assert (before.attempts, before.last) == (0, None)
    assert after.attempts == 1 and after.last is not None and after.last.mistake == "lost-theta"
    assert after.answers[-1].answer == "2"


def test_the_plots_after_a_wrong_theta_show_it_and_after_the_right_one_do_not_say_it():
    tutor = fresh(PLAY_2[:13])  # on first-update: θ after one update
    assert tutor.view().step_id == "first-update"
    tutor.plots()
    tutor.submit("3.6")
    curve = next(plot for plot in tutor.plots() if plot.kind == "curve")
    assert "Your θ = 3.6" in curve.summary
    assert any(series.label == "your answers" and 3.6 in series.xs for series in curve.series)
    tutor.submit("2.4")
    curve = next(plot for plot in tutor.plots() if plot.kind == "curve")
    assert "Your θ" not in curve.summary
