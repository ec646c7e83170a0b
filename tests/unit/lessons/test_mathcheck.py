"""The maths warnings: what they catch inside ``$…$``, what TeX they leave alone, and where they point."""

from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.mathcheck import math_findings
from gdtutor.lessons.placeholders import placeholders_in_math


def findings(text: str) -> list[tuple[int, str]]:
    return [(finding.index, finding.message) for finding in math_findings(text)]


def test_an_unknown_command_is_named_with_the_known_one_it_is_closest_to():
    [(index, message)] = findings(r"move $\thet$ down")
    assert index == 6
    assert (
        message == '"\\thet" is not a TeX command gdtutor knows: it shows as "thet" (did you mean "\\theta"?)'
    )


def test_known_commands_escaped_braces_and_line_breaks_are_not_findings():
    text = r"$\frac{\partial J}{\partial \theta_0} = \{1, 2\}$ and $$a \\ b \quad \sin x \rho$$ cost \$3"
    assert findings(text) == []


def test_braces_that_do_not_pair_are_found_where_they_are():
    assert findings(r"$\frac{1}{2m$") == [(9, "a { in the math is never closed with }")]
    assert findings(r"$x}$") == [(2, "a } in the math closes no {")]


def test_a_lone_dollar_is_found_at_itself_and_tex_outside_math_at_the_command():
    assert findings(r"$\theta$ costs $4") == [
        (15, "an unpaired $: math goes between two $ signs; write \\$ for a dollar sign")
    ]
    assert findings(r"the slope \theta, $x$") == [(10, "TeX outside $…$ is shown as typed")]


def test_a_placeholder_inside_math_is_found_but_tex_arguments_and_scripts_are_not():
    text = r"$h({x})$ $\frac{x}{m}$ $x^{x}$ $\theta_{theta}$ $\text{x}$ ${theta}$ {x}"
    assert [match.start() for match in placeholders_in_math(text, ["x", "theta"])] == [3, 60]


def test_a_hint_written_as_text_and_after_attempts_is_pointed_at_inside_its_block():
    text = """\
id: hints
title: Hints
problem: {objective: theta^2, start: {theta: 3}}
steps:
  - id: a
    kind: number
    ask: theta
    prompt: What is θ after one update?
    hints:
      - text: |
          First the slope.
          Then $\\alpha \\cdot 2\\thet$.
        after_attempts: 1
      - 'Or $\\sqr{x}$.'
"""
    _, problems = parse_lesson(text, "hints.yaml")
    assert [f"{problem.line}:{problem.column}" for problem in problems] == ["12:31", "14:14"]
