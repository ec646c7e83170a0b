"""Every malformed lesson in tests/fixtures/lessons/ is reported at its exact file:line:col."""

import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.commands.validate import validate_paths

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = "tests/fixtures/lessons"

EXPECTED = {
    "syntax-error.yaml": "6:6: YAML syntax error: expected ',' or '}', but got ':'",
    "duplicate-key.yaml": '7:3: duplicate key "alpha" (first at line 6)',
    "alias-bomb.yaml": "3:4: anchors are not allowed in lessons (&a)",
    "python-tag.yaml": "2:8: tags are not allowed in lessons (!!python/object/apply:os.system)",
    "alpha-not-a-number.yaml": '13:12: steps[1].alpha (step big) must be a positive number, got "fast"',
    "negative-alpha.yaml": "6:10: problem.alpha must be a positive number, got -0.1",
    "unknown-kind.yaml": (
        "8:11: steps[0].kind (step one) must be one of read, number, formula, iterate, choice,"
        " explore, derivation,"
        ' got "quiz"'
    ),
    "unknown-mistake-id.yaml": (
        '12:64: tests[0].mistake: unknown mistake id "went-uphill" (neither in the library nor the step)'
    ),
    "formula-does-not-parse.yaml": (
        "4:21: problem.objective does not parse: '^' needs a number or a name before it"
    ),
    "data-not-a-number.yaml": '6:11: problem.data[1][1] must be a number, got "four"',
    "missing-id.yaml": '1:1: the lesson: missing required key "id"',
    "duplicate-step-id.yaml": '10:9: steps[1].id: "welcome" is used twice (first at steps[0])',
    "hints-not-a-list.yaml": (
        "11:12: steps[0].hints (step next-theta) must be a list of hints (one per line, - ...), got"
        ' "Subtract the step."'
    ),
    "explore-wrong-answer.yaml": (
        "12:13: steps[0].answer (step too-big): the solver says diverges, not converges"
        " (J went from 9 to 531441 in 5 iterations: it diverges.)"
    ),
    "failing-test.yaml": (
        '14:5: tests[1]: answer "2.5" to next-theta got wrong, expected correct; the right answer is 2.4'
    ),
    "unknown-key.yaml": '6:3: problem: unknown key "alpah" (did you mean "alpha"?)',
    "choice-answer-out-of-range.yaml": "11:13: steps[0].answer (step which-way) must be an option"
    " number from 1 to 2, got 3",
    "start-unknown-parameter.yaml": (
        "5:30: problem.start.theta3: not a parameter of this problem (theta1, theta2)"
    ),
    "mistake-formula-unknown-name.yaml": (
        '14:16: steps[0].mistakes[0].value (step next-theta): uses "x", which this problem does not define'
    ),
    "derivation-missing-rules.yaml": (
        '12:9: steps[0].lines[1] (step chain): missing required key "rules" (what takes the line'
        " above to this one)"
    ),
    "not-utf8.yaml": "2:9: the file is not UTF-8 text",
    "empty.yaml": "1:1: the file is empty; a lesson is a mapping with id, title, steps",
    "control-character.yaml": "2:28: the file contains the control character U+0007",
    "tex-in-double-quotes.yaml": (
        '9:29: "\\theta" inside double quotes is read as a tab and "heta";'
        " use single quotes or a | block for text with backslashes"
    ),
    "indentation.yaml": (
        '9:4: indentation: "prompt: Hello." is indented 3 spaces, the line above 4; the keys of one mapping'
        " line up, and only what belongs to the key above goes further in"
    ),
    "value-holds-colon.yaml": (
        '2:15: the value of title holds ": ", so it needs quotes: title: "Descent: step by step"'
    ),
    "unquoted-answer.yaml": (
        '12:40: tests[0]: "0.6533" became a key of its own because of the comma; quote the answer:'
        ' answer: "0.0584, 0.6533"'
    ),
    "step-data-new-parameters.yaml": (
        "10:11: warning: steps[0].data (step two-features): the lesson's start (theta0, theta1) does"
        " not fit this data set's"
        " parameters (theta0, theta1, theta2), so descent starts at 0; give start: to say where"
    ),
    "quoted-number.yaml": (
        '6:10: problem.alpha must be a positive number, got "0.05"; a number in quotes is text: write it'
        " without quotes"
    ),
    # maths warnings point at the very character, also inside a | block
    "unknown-tex-command.yaml": (
        '11:26: warning: steps[0].prompt (step intro): "\\thet" is not a TeX command gdtutor knows: it'
        ' shows as "thet" (did you mean "\\theta"?)'
    ),
    "unbalanced-braces.yaml": (
        "12:22: warning: steps[0].prompt (step intro): a { in the math is never closed with }"
    ),
    "placeholder-in-math.yaml": (
        "11:51: warning: steps[0].prompt (step predict): {x} inside $…$ is not filled in: numbers are"
        " filled in only outside the math; write it outside, as in $x$ = {x}"
    ),
    "dollar-in-a-block.yaml": (
        "12:16: warning: steps[0].prompt (step intro): an unpaired $: math goes between two $ signs;"
        " write \\$ for a dollar sign"
    ),
}


@pytest.fixture(autouse=True)
def in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_every_fixture_has_an_expected_problem():
    assert sorted(EXPECTED) == sorted(p.name for p in (ROOT / FIXTURES).glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_reported_at_its_exact_position(name):
    count, problems = validate_paths([f"{FIXTURES}/{name}"])
    assert count == 1
    assert [str(problem) for problem in problems] == [f"{FIXTURES}/{name}:{EXPECTED[name]}"]


def run_validate(*args):
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", "validate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_validate_command_prints_one_line_per_problem_and_exits_1():
    result = run_validate(f"{FIXTURES}/negative-alpha.yaml", f"{FIXTURES}/unknown-key.yaml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{FIXTURES}/negative-alpha.yaml:{EXPECTED['negative-alpha.yaml']}",
        f"{FIXTURES}/unknown-key.yaml:{EXPECTED['unknown-key.yaml']}",
    ]


def test_validate_command_exits_0_on_the_shipped_lesson():
    result = run_validate("lessons/02-descent-on-theta-squared.yaml")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_validate_command_exits_2_on_a_missing_path():
    result = run_validate("no/such/lesson.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "gdtutor: no such file or folder: no/such/lesson.yaml"


def test_validate_command_exits_2_without_paths():
    result = run_validate()
    assert result.returncode == 2
    assert "validate needs at least one lesson file or folder" in result.stderr


def test_every_shipped_lesson_passes_validate_with_its_own_tests_and_clashes_with_none():
    """The whole built-in course, as `gdtutor validate lessons` checks it: its lessons' self-tests, and no
    id clash with another lesson nor with the built-in course it is."""
    count, problems = validate_paths(["lessons"])
    assert count >= 1
    assert [str(problem) for problem in problems if problem.severity == "error"] == []
