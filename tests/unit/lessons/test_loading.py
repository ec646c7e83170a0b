"""Loading lessons: the strict YAML loader, the guide's example, variants, and the catalog of lessons."""

import re
import time
from pathlib import Path

import pytest

from gdtutor.engine.selftest import check_lesson
from gdtutor.errors import GdtutorError
from gdtutor.lessons import LessonError, discover, load_lesson, read_lesson, yaml_loader
from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.model import RandomNumber
from gdtutor.lessons.variants import draw, has_variants
from gdtutor.lessons.yaml_loader import LoadError, parse_yaml

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = ROOT / "lessons/02-descent-on-theta-squared.yaml"

MINIMAL = """\
id: {id}
title: {title}
problem:
  objective: theta^2
  start: {{theta: {start}}}
steps:
  - id: next-theta
    kind: number
    ask: theta
    prompt: What is θ after one update?
"""


def guide_example() -> str:
    guide = (ROOT / "docs/authoring.md").read_text(encoding="utf-8")
    return re.search(r"## A complete small lesson\n\n```yaml\n(.*?)```", guide, re.S).group(1)


def test_scalars_keep_their_positions_and_text():
    root = parse_yaml("a: 2.40\nb:\n  - 'x'\n", "f.yaml")
    _, value = root.entries["a"]
    assert (value.value, value.text, value.position.line, value.position.column) == (2.4, "2.40", 1, 4)
    item = root.entries["b"][1].items[0]
    assert (item.value, item.position.line, item.position.column, item.style) == ("x", 3, 5, "'")


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.yaml")), ids=lambda path: path.name)
def test_libyaml_and_the_python_loader_give_the_same_tree(path):
    """parse_yaml parses with libyaml for speed; every node, position, text and style must match."""
    text = path.read_text()
    python_loader = yaml_loader._StrictLoader(text)
    try:
        escapes = yaml_loader._Escapes(text, path.name, [])
        expected = yaml_loader._convert(
            python_loader.get_single_node(), python_loader, path.name, escapes, text.split("\n")
        )
    finally:
        python_loader.dispose()
    assert yaml_loader._CParser is not None, (
        "PyYAML without libyaml: lessons load at the Python scanner's speed"
    )
    assert parse_yaml(text, path.name) == expected


def test_billion_laughs_is_refused_at_the_first_anchor_without_expanding():
    text = (ROOT / "tests/fixtures/lessons/alias-bomb.yaml").read_text()
    started = time.perf_counter()
    with pytest.raises(LoadError) as error:
        parse_yaml(text, "bomb.yaml")
    assert str(error.value.problem) == "bomb.yaml:3:4: anchors are not allowed in lessons (&a)"
    assert time.perf_counter() - started < 5  # a generous bound: expanding it would need gigabytes


def test_a_python_tag_is_refused_and_never_constructed(tmp_path):
    marker = tmp_path / "ran"
    text = f'id: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(LoadError):
        parse_yaml(text, "tag.yaml")
    assert not marker.exists()


def test_an_alias_alone_is_refused():
    with pytest.raises(LoadError, match="anchors are not allowed"):
        parse_yaml("a: &x 1\nb: *x\n", "f.yaml")


def test_lesson_2_loads_and_passes_its_own_tests():
    lesson = load_lesson(LESSON_2)
    assert lesson.id == "descent-on-theta-squared"
    assert [step.kind for step in lesson.steps][:3] == ["read", "formula", "number"]
    assert check_lesson(lesson) == []


def test_the_guides_complete_example_passes_validate():
    lesson, problems = parse_lesson(guide_example(), "authoring.md")
    assert problems == []
    assert has_variants(lesson)
    assert [str(problem) for problem in check_lesson(lesson)] == []


def test_load_lesson_raises_with_every_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL.format(id="bad", title="t", start="fast"))
    with pytest.raises(LessonError) as error:
        load_lesson(path)
    assert error.value.problems[0].message == 'problem.start.theta must be a number, got "fast"'
    assert isinstance(error.value, GdtutorError)


def test_variants_are_deterministic_and_differ_between_seeds():
    lesson, _ = parse_lesson(guide_example(), "authoring.md")
    starts = [lesson.instantiate(seed).problem.start["theta"] for seed in range(20)]
    assert starts == [lesson.instantiate(seed).problem.start["theta"] for seed in range(20)]
    assert len(set(starts)) > 3
    assert all(1 <= value <= 5 and (value * 2) == int(value * 2) for value in starts)


def test_draws_stay_on_their_grid_and_in_range():
    number = RandomNumber(0.01, 0.1, 0.01)
    values = {draw(number, seed, "alpha") for seed in range(200)}
    assert values <= {round(0.01 * k, 2) for k in range(1, 11)}
    assert len(values) > 5
    assert all(0.2 <= draw(RandomNumber(0.2, 0.7), seed, "x") <= 0.7 for seed in range(50))


def test_catalog_reports_an_id_defined_twice(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINIMAL.format(id="same", title="First", start=3))
    (folder / "b.yaml").write_text(MINIMAL.format(id="same", title="Second", start=2))
    catalog = discover([folder])
    mine = [entry for entry in catalog.entries if entry.source.startswith("--lessons")]
    assert [(entry.id, entry.title) for entry in mine] == [("same", "First")]
    assert len(catalog.problems) == 1
    assert catalog.problems[0].line == 1 and catalog.problems[0].column == 5
    assert 'lesson id "same" is already defined in' in catalog.problems[0].message


def test_catalog_finds_shipped_user_and_extra_lessons(tmp_path, isolated_data_dir):
    user = isolated_data_dir / "lessons"
    user.mkdir()
    (user / "u.yaml").write_text(MINIMAL.format(id="user-one", title="Mine", start=3))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "e.yaml").write_text(MINIMAL.format(id="extra-one", title="Extra", start=3))
    catalog = discover([extra])
    sources = {entry.id: entry.source for entry in catalog.entries}
    assert sources["descent-on-theta-squared"] == "built-in"
    assert sources["user-one"] == "user"
    assert sources["extra-one"] == f"--lessons {extra}"
    assert catalog.find("extra").id == "extra-one"
    with pytest.raises(GdtutorError, match='no lesson "nothing-like-it"'):
        catalog.find("nothing-like-it")


def test_a_missing_lessons_folder_is_a_usage_error(tmp_path):
    with pytest.raises(GdtutorError, match="no such folder"):
        discover([tmp_path / "absent"])


def test_bkt_overrides_reach_the_progress_store(tmp_path):
    from gdtutor.progress.store import ProgressStore

    path = tmp_path / "bkt.yaml"
    path.write_text(
        MINIMAL.format(id="bkt", title="t", start=3)
        + "skills: [update-rule]\nbkt:\n  update-rule: {p_init: 0.5, p_guess: 0.1}\n"
    )
    lesson = load_lesson(path)
    assert lesson.bkt == {"update-rule": {"p_init": 0.5, "p_guess": 0.1}}
    store = ProgressStore.in_memory()
    store.use_lesson(lesson)
    assert store.params_for("bkt", "update-rule").p_init == 0.5


def test_bkt_for_an_unknown_skill_is_a_problem(tmp_path):
    text = MINIMAL.format(id="bkt", title="t", start=3) + "bkt:\n  nowhere: {p_init: 0.5}\n"
    _, problems = parse_lesson(text, "bkt.yaml")
    assert [str(p) for p in problems] == [
        "bkt.yaml:12:3: bkt.nowhere: not a skill of this lesson or its steps"
    ]


SELF_CHECKED = """\
id: self-checked
title: Claims checked against the solver
problem:
  objective: theta^2
  start: {theta: 3}
steps:
  - id: next-theta
    kind: number
    ask: theta
    prompt: What is θ after one update?
    mistakes:
      - id: same-as-right
        explain: This is the right answer written differently.
        value: theta*(1 - 2*alpha)
  - id: slow
    kind: explore
    alpha: 0.01
    iterations: 5
    predict: iterations
    until: {theta_within: 0.5}
    answer: 80
    prompt: How many updates until θ is within 0.5 of the minimum?
  - id: empty-table
    kind: iterate
    rows: [2, 2]
    columns: [theta]
    prompt: Nothing to fill in.
"""


def test_claims_are_checked_against_the_solver():
    _, problems = parse_lesson(SELF_CHECKED, "claims.yaml")
    assert [str(p) for p in problems] == [
        "claims.yaml:25:11: steps[2].rows (step empty-table): the first row's θ is given, so this"
        " table asks nothing"
    ]
    fixed, _ = parse_lesson(SELF_CHECKED.split("  - id: empty-table")[0], "claims.yaml")
    assert [str(p) for p in check_lesson(fixed)] == [
        'claims.yaml:12:9: warning: steps[0] (step next-theta): mistake "same-as-right" gives the'
        " right answer here"
        " (cannot diagnose it; list it in expect_coincident if that is meant)",
        # θ_k = 3·0.98^k first drops below 0.5 at k = 89
        "claims.yaml:21:13: steps[1].answer (step slow): the solver says 89, not 80"
        " (θ within 0.5 of the minimum first holds after 89 iterations.)",
    ]


DATA_FILE_LESSON = """\
id: from-a-file
title: Data from a file
problem:
  data_file: {name}
  cost: mse
  alpha: 0.05
steps:
  - id: first
    kind: number
    ask: theta
    prompt: θ₀ and θ₁ after one update?
"""


def test_data_file_is_read_relative_to_the_lesson(tmp_path):
    (tmp_path / "points.csv").write_text("x,y\n1,2\n2,4\n3,6\n")
    path = tmp_path / "lesson.yaml"
    path.write_text(DATA_FILE_LESSON.format(name="points.csv"))
    lesson = load_lesson(path)
    assert lesson.problem.data == ((1.0, 2.0), (2.0, 4.0), (3.0, 6.0))
    assert lesson.problem.start == {"theta0": 0.0, "theta1": 0.0}
    assert lesson.problem.data_file == "points.csv"


def test_a_bad_data_file_is_reported_where_it_is_named(tmp_path):
    (tmp_path / "points.csv").write_text("x,y\n1,2\n2,four\n")
    path = tmp_path / "lesson.yaml"
    path.write_text(DATA_FILE_LESSON.format(name="points.csv"))
    _, problems = read_lesson(path)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (4, 14)
    assert problems[0].message.startswith("problem.data_file: ")
    assert "points.csv:3" in problems[0].message
    path.write_text(DATA_FILE_LESSON.format(name="missing.csv"))
    _, problems = read_lesson(path)
    assert problems[0].message.startswith("problem.data_file: ")


def test_a_table_must_ask_theta_before_the_rest_of_a_row():
    table = "    kind: iterate\n    rows: [0, 3]\n    columns: [step, theta]\n"
    text = MINIMAL.format(id="table", title="t", start=3).replace("    kind: number\n    ask: theta\n", table)
    _, problems = parse_lesson(text, "table.yaml")
    assert [str(p) for p in problems] == [
        "table.yaml:10:14: steps[0].columns (step next-theta): theta must come first: the rest of a"
        " row is worked from its θ"
    ]


def test_messages_for_common_slips_suggest_the_fix():
    text = """\
id: slips
title: Common slips
problem:
  objective: theta^2
  start: 3
steps:
  - id: a
    kind: Number
    ask: theta
    prompt: x
  - id: b
    kind: choice
    prompt: z
    options: [one]
    answer: 1
  - id: d
    kind: number
    ask: theta
    prompt: d
    hints:
      - text: ok
        after: 2
"""
    lesson, problems = parse_lesson(text, "slips.yaml")
    assert [str(p) for p in problems] == [
        "slips.yaml:8:11: steps[0].kind (step a) must be one of read, number, formula, iterate,"
        " choice, explore,"
        ' derivation, got "Number" (did you mean "number"?)',
        "slips.yaml:14:14: steps[1].options (step b) must be a list of 2 to 26 options (one letter"
        " each), got 1 item",
        'slips.yaml:22:9: steps[2].hints[0] (step d): unknown key "after" (did you mean "after_attempts"?)',
    ]
    fixed = (
        text.replace("Number", "number").replace("[one]", "[one, two]").replace("after:", "after_attempts:")
    )
    lesson, problems = parse_lesson(fixed, "slips.yaml")
    assert problems == []
    assert lesson.problem.start == {"theta": 3.0}  # start: 3 for a problem with one parameter


def test_prose_with_math_that_will_not_show_is_warned_about():
    text = """\
id: math
title: Math slips
summary: The cost $J(\\\\theta) has one dollar
problem: {objective: theta^2, start: 3}
steps:
  - id: a
    kind: read
    prompt: "Here \\\\frac{1}{2} is outside, $$\\\\sum x$$ is not."
  - id: b
    kind: number
    ask: theta
    prompt: Fine $\\\\theta$ and $$\\\\theta^2$$.
"""
    lesson, problems = parse_lesson(text, "math.yaml")
    assert lesson is not None
    assert [str(p) for p in problems] == [
        "math.yaml:3:19: warning: summary: an unpaired $: math goes between two $ signs; write \\$ for a"
        " dollar sign",
        "math.yaml:8:19: warning: steps[0].prompt (step a): TeX outside $…$ is shown as typed",
    ]
