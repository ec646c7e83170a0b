"""TeX in a double-quoted YAML string loses its backslashes to escapes; validate says where and how to fix."""

from gdtutor.lessons.loading import parse_lesson

FIX = "use single quotes or a | block for text with backslashes"

LESSON = """\
id: quoting
title: Quoting
problem:
  objective: theta^2
  start: {theta: 3}
steps:
  - id: intro
    kind: read
    prompt: %s
"""


def problems(prompt: str) -> list[str]:
    lesson, found = parse_lesson(LESSON % prompt, "q.yaml")
    assert (lesson is None) == any(problem.severity == "error" for problem in found)
    return [str(problem) for problem in found]


def test_each_swallowed_backslash_is_reported_at_its_column_with_what_it_became():
    assert problems(r'"The gradient $\nabla J$ at $\theta$ with rate $\alpha$, $\frac{1}{2}$."') == [
        f'q.yaml:9:28: "\\nabla" inside double quotes is read as a line break and "abla"; {FIX}',
        f'q.yaml:9:42: "\\theta" inside double quotes is read as a tab and "heta"; {FIX}',
        f'q.yaml:9:61: "\\alpha" inside double quotes is read as a bell character and "lpha"; {FIX}',
        f'q.yaml:9:71: "\\frac" inside double quotes is read as a form feed and "rac"; {FIX}',
    ]


def test_a_backslash_yaml_has_no_escape_for_is_named_with_the_fix():
    assert problems(r'"The product $a \cdot b$"') == [
        f'q.yaml:9:29: "\\cdot" is not an escape YAML knows inside double quotes; {FIX}'
    ]
    assert problems(r'"The letter $\xi$"') == [
        f'q.yaml:9:26: "\\xi" is not an escape YAML knows inside double quotes; {FIX}'
    ]


def test_meant_escapes_and_other_quoting_styles_are_left_alone():
    assert problems(r'"One line\nthe next, a backslash \\ and a quote \""') == []
    assert problems(r"'Single quotes keep $\theta$ and $\nabla J$'") == []
    assert problems("|\n      A block keeps $\\theta$ and $\\frac{1}{2}$.") == []


def test_a_string_spread_over_lines_is_reported_on_the_line_of_the_backslash():
    assert problems('"First line,\n      then $\\theta$"') == [
        f'q.yaml:10:13: "\\theta" inside double quotes is read as a tab and "heta"; {FIX}'
    ]
