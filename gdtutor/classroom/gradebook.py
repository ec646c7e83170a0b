"""The gradebook: one score per learner and lesson, by a scheme the teacher writes in a small YAML file.

```yaml
scale: 100            # the best score (default 100)
decimals: 1           # digits after the point (default 1)
weights:              # how the score is made (default: steps_done 0.7, first_try 0.3)
  steps_done: 0.7     # the share of the lesson's steps the learner has done
  first_try: 0.3      # the share of the lesson's questions they got right at the first try, without a hint
lessons: [notation-and-cost, descent-on-theta-squared]   # columns, in this order (default: every lesson
                                                         # someone started, in course order)
steps:                # how many steps and questions a lesson has, for lessons gdtutor cannot find
  my-lesson: {steps: 8, questions: 6}
```

score = scale × (w_done × done/steps + w_first × first_try/questions) / (w_done + w_first). A lesson the
learner never opened scores 0. The CSV is laid out as learning platforms import a gradebook: a first column
``name``, then one column per lesson headed by its title (and id), one row per learner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from gdtutor.classroom.course import Outline
from gdtutor.classroom.report import ClassReport
from gdtutor.errors import GdtutorError
from gdtutor.lessons.yaml_loader import LoadError, Node, parse_yaml

DEFAULT_WEIGHTS = {"steps_done": 0.7, "first_try": 0.3}
SCHEME_KEYS = ("scale", "decimals", "weights", "lessons", "steps")


@dataclass(frozen=True)
class Scheme:
    scale: float = 100.0
    decimals: int = 1
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    lessons: tuple[str, ...] = ()
    sizes: Mapping[str, Outline] = field(default_factory=dict)


def load_scheme(path: Path) -> Scheme:
    """The scheme in ``path``; GdtutorError naming ``file:line:col`` for anything wrong in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GdtutorError(
            f"--scheme {path}: cannot be read ({getattr(error, 'strerror', None) or error})"
        ) from None
    try:
        root = parse_yaml(text, str(path))
    except LoadError as error:
        raise GdtutorError(str(error.problem)) from None
    mapping = _mapping(root, "the scheme")
    for key, (key_node, _) in mapping.items():
        if key not in SCHEME_KEYS:
            raise _problem(key_node, f'unknown key "{key}" (known: {", ".join(SCHEME_KEYS)})')
    scheme = Scheme()
    if "scale" in mapping:
        scheme = replace(scheme, scale=_number(mapping["scale"][1], "scale", positive=True))
    if "decimals" in mapping:
        node = mapping["decimals"][1]
        if not isinstance(node.value, int) or isinstance(node.value, bool) or not 0 <= node.value <= 6:
            raise _problem(node, "decimals must be a whole number from 0 to 6")
        scheme = replace(scheme, decimals=node.value)
    if "weights" in mapping:
        weights = {}
        for key, (key_node, value) in _mapping(mapping["weights"][1], "weights").items():
            if key not in DEFAULT_WEIGHTS:
                raise _problem(key_node, f'unknown weight "{key}" (known: {", ".join(DEFAULT_WEIGHTS)})')
            weights[key] = _number(value, f"weights.{key}")
        if sum(weights.values()) <= 0:
            raise _problem(mapping["weights"][1], "the weights must add up to more than 0")
        scheme = replace(scheme, weights={name: weights.get(name, 0.0) for name in DEFAULT_WEIGHTS})
    if "lessons" in mapping:
        node = mapping["lessons"][1]
        if node.kind != "sequence" or not all(isinstance(item.value, str) for item in node.items):
            raise _problem(node, "lessons must be a list of lesson ids")
        scheme = replace(scheme, lessons=tuple(str(item.value) for item in node.items))
    if "steps" in mapping:
        sizes = {}
        for lesson_id, (_, value) in _mapping(mapping["steps"][1], "steps").items():
            counts = _mapping(value, f"steps.{lesson_id}")
            steps = int(_number(counts["steps"][1], "steps", positive=True)) if "steps" in counts else 0
            questions = int(_number(counts["questions"][1], "questions")) if "questions" in counts else steps
            if steps <= 0:
                raise _problem(value, f"steps.{lesson_id} needs steps: N")
            sizes[lesson_id] = Outline(tuple(f"step {n}" for n in range(1, steps + 1)), questions)
        scheme = replace(scheme, sizes=sizes)
    return scheme


def score(done: int, first_try: int, size: Outline | None, scheme: Scheme) -> float:
    """The score of one lesson (see the module docstring); 0 when the lesson's size is unknown."""
    if size is None or not size.steps:
        return 0.0
    done_share = min(done / len(size.steps), 1.0)
    first_share = min(first_try / size.questions, 1.0) if size.questions else done_share
    w_done, w_first = scheme.weights["steps_done"], scheme.weights["first_try"]
    value = scheme.scale * (w_done * done_share + w_first * first_share) / (w_done + w_first)
    return round(value, scheme.decimals)


def gradebook_rows(
    report: ClassReport,
    scheme: Scheme,
    sizes: Mapping[str, Outline],
    titles: Mapping[str, str],
) -> list[list[object]]:
    """The header ``name, <title> (<id>), ...`` and one row of scores per learner."""
    lessons: Sequence[str] = scheme.lessons or report.lesson_order
    known = {**sizes, **scheme.sizes}
    header: list[object] = ["name"]
    header += [
        f"{titles[lesson_id]} ({lesson_id})" if lesson_id in titles else lesson_id for lesson_id in lessons
    ]
    by_learner = {(row.learner, row.lesson_id): row for row in report.lessons}
    rows: list[list[object]] = [header]
    for learner in report.learners:
        cells: list[object] = [learner]
        for lesson_id in lessons:
            row = by_learner.get((learner, lesson_id))
            if row is None:
                cells.append(score(0, 0, known.get(lesson_id), scheme))
            else:
                cells.append(score(row.steps_done, row.first_try_correct, known.get(lesson_id), scheme))
        rows.append(cells)
    return rows


def _mapping(node: Node, what: str) -> dict[str, tuple[Node, Node]]:
    if node.kind != "mapping":
        raise _problem(node, f"{what} must be a mapping of keys to values")
    return node.entries


def _number(node: Node, what: str, *, positive: bool = False) -> float:
    value = node.value
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value < 0
        or (positive and value == 0)
    ):
        raise _problem(node, f"{what} must be a {'positive' if positive else 'non-negative'} number")
    return float(value)


def _problem(node: Node, message: str) -> GdtutorError:
    return GdtutorError(f"{node.position}: {message}")
