"""A literal dollar sign in lesson prose: ``\\$`` is a dollar, never the edge of the math."""

from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.mathtext import to_unicode

LESSON = r"""id: prices
title: Prices
problem: {objective: theta^2, start: {theta: 3}}
steps:
  - id: intro
    kind: read
    prompt: |
      A truck that earns \$4,520 a month, at $\theta$ per sale.
"""


def test_an_escaped_dollar_is_a_dollar_and_the_math_beside_it_still_renders():
    assert to_unicode(r"earns \$4,520 a month, at $\theta$ per sale") == "earns $4,520 a month, at θ per sale"
    assert to_unicode(r"$\$5 + \theta$ and \$") == "$5 + θ and $"


def test_validate_does_not_count_an_escaped_dollar_as_math():
    lesson, problems = parse_lesson(LESSON, "prices.yaml")
    assert lesson is not None and problems == []
    assert to_unicode(lesson.steps[0].prompt) == "A truck that earns $4,520 a month, at θ per sale.\n"
    _, problems = parse_lesson(LESSON.replace(r"\$4,520", "$4,520"), "prices.yaml")
    assert [problem.message for problem in problems] == [
        r"steps[0].prompt (step intro): an unpaired $: math goes between two $ signs; write \$ for a"
        " dollar sign"
    ]
