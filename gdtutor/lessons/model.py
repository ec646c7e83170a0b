"""The lesson objects every other layer reads: a lesson, its problem and its typed steps.

These are plain frozen dataclasses. The loader (``yaml_loader`` + ``validate``) builds them from a YAML file
and guarantees the invariants written beside each field; nothing here reads files or checks anything. A number
that a teacher wrote as ``{random: [1, 5], step: 0.5}`` is a ``RandomNumber`` until
``Lesson.instantiate(seed)`` replaces it by a drawn float (see ``variants``), so the engine only ever sees
floats.

Iteration numbers follow the solver's trace: iteration k is the point reached after k updates, so iteration 0
is the start, ``theta`` at iteration 1 is the first new θ, and ``step`` at iteration k is the amount α·∇J(θ_k)
that takes θ_k to θ_{k+1}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import ClassVar, Literal, get_args

from gdtutor.safe_text import escape_controls

NUMBER_ASKS = (
    "theta",
    "step",
    "gradient",
    "cost",
    "prediction",
    "mean",
    "deviation",
    "normalized",
    "minimizer",
)
# Numbers about the data's features (feature scaling), asked of one feature and worked out without descent.
SCALING_ASKS = ("mean", "deviation", "normalized")
# Numbers worked out directly rather than by descent: no library mistake applies, and no iteration.
DIRECT_ASKS = (*SCALING_ASKS, "minimizer")
FORMULA_ASKS = ("derivative", "update", "cost", "hypothesis")
ITERATE_COLUMNS = ("theta", "step", "gradient", "cost")
EXPLORE_PREDICTIONS = ("outcome", "iterations")
OUTCOMES = ("converges", "diverges", "oscillates")
COSTS = ("half-mse", "mse")
VERDICTS = ("correct", "almost", "wrong", "invalid")

# The rules a derivation line can cite. The learner picks them by number or by name.
RULES: Mapping[str, str] = {
    "constant-multiple": "constant multiple rule: d/dx (c·u) = c · du/dx",
    "sum": "sum rule: d/dx (u + v) = du/dx + dv/dx, and d/dx Σ u = Σ du/dx",
    # As lessons 0 and 11 teach it: the power rule alone, with the inside's derivative left to the chain rule.
    "power": "power rule: d/dx xⁿ = n·xⁿ⁻¹ (for a power of an expression u, the chain rule adds du/dx)",
    "chain": "chain rule: d/dx f(g(x)) = f′(g(x)) · g′(x)",
    "constant": "a constant's derivative is 0",
    "linear": "the derivative of c·x with respect to x is c (and of x itself, 1)",
    "definition": "substitute a definition (for example h(x) = θ₀ + θ₁x)",
    "algebra": "algebra: simplify, expand or collect terms",
}


@dataclass(frozen=True)
class Position:
    """Where something was written: file and 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def nearest_position(positions: Mapping[str, Position], path: str, file: str) -> Position:
    """Where ``path`` (``steps[2].alpha``) was written, or else its nearest written parent (``steps[2]``),
    or else the start of ``file``."""
    while path and path not in positions:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return positions.get(path, Position(file, 1, 1))


@dataclass(frozen=True)
class Diagnostic:
    """Something wrong with a lesson file, printed as ``file:line:col: message``.

    A warning (``severity="warning"``) is printed with ``warning:`` before the message and does not fail
    validation.
    """

    file: str
    line: int
    column: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __post_init__(self) -> None:
        # The escaping boundary: a file name or a message quoting a lesson (an unknown key) is one inert line.
        object.__setattr__(self, "file", escape_controls(self.file))
        object.__setattr__(self, "message", escape_controls(self.message))

    @classmethod
    def at(
        cls, position: Position, message: str, severity: Literal["error", "warning"] = "error"
    ) -> Diagnostic:
        return cls(position.file, position.line, position.column, message, severity)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"


@dataclass(frozen=True)
class RandomNumber:
    """A number drawn per learner: uniformly from [low, high], on a grid of ``step`` when given."""

    low: float
    high: float
    step: float | None = None


# A number as written in a lesson: a float, or a draw that instantiate() turns into a float.
Value = float | RandomNumber


def drawn(value: Value | None) -> float:
    """A number of an instantiated lesson, where every ``{random: …}`` has been drawn."""
    if not isinstance(value, (int, float)):
        raise TypeError(f"{value!r} is not a number: instantiate the lesson first")
    return float(value)


@dataclass(frozen=True)
class Hint:
    """One rung of a hint ladder; it can only be revealed once the learner has tried ``after_attempts``
    times."""

    text: str
    after_attempts: int = 0


@dataclass(frozen=True)
class Mistake:
    """A lesson's own named mistake.

    For number questions ``value`` is a formula for the mistaken number, in the names of the point the learner
    stands on (``theta`` or ``theta0``, ``theta1`` ...), ``alpha`` and, for data problems, ``x``, ``y``,
    ``m``, ``h`` and ``sum(...)``; a tuple of formulas, one per parameter, for an answer that gives every
    parameter. For formula questions ``formula`` is the mistaken formula itself."""

    id: str
    explain: str
    value: str | tuple[str, ...] | None = None
    formula: str | None = None


@dataclass(frozen=True)
class ProblemSpec:
    """What the lesson minimizes, stated once. Exactly one of ``objective`` and ``data`` is set.

    ``start`` maps parameter names (``theta``, or ``theta0``, ``theta1`` ...) to numbers, in parameter order.
    A ``data_file`` is read by the loader into ``data``; the name is kept to show where it came from.
    """

    objective: str | None = None
    data: tuple[tuple[Value, ...], ...] | None = None
    data_file: str | None = None
    cost: Literal["half-mse", "mse"] = "half-mse"
    normalize: bool = False
    ddof: int = 1  # the standard deviation divides by m − ddof (1: the sample deviation; 0: N)
    start: Mapping[str, Value] = field(default_factory=dict)
    alpha: Value = 0.1
    iterations: int = 10

    @property
    def is_regression(self) -> bool:
        return self.data is not None

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(self.start)


@dataclass(frozen=True)
class ProblemOverride:
    """The parts of the problem one step changes (for example ``alpha: 2``); None keeps the lesson's value."""

    objective: str | None = None
    data: tuple[tuple[Value, ...], ...] | None = None
    data_file: str | None = None
    cost: Literal["half-mse", "mse"] | None = None
    normalize: bool | None = None
    ddof: int | None = None
    start: Mapping[str, Value] | None = None
    alpha: Value | None = None
    iterations: int | None = None

    def apply(self, problem: ProblemSpec) -> ProblemSpec:
        changes = {name: getattr(self, name) for name in PROBLEM_KEYS if getattr(self, name) is not None}
        if self.objective is not None:
            changes.update(data=None, data_file=None)
        if self.data is not None:
            changes["objective"] = None
        return replace(problem, **changes)


# The keys of a lesson's ``problem:``, which a step may also set to change it for that step.
PROBLEM_KEYS = tuple(item.name for item in fields(ProblemOverride))


@dataclass(frozen=True, kw_only=True)
class Step:
    """What every step has. ``prompt`` is Markdown with ``$…$`` math; ``decimals``/``sigfigs`` set the
    precision a numeric answer must reach (at most one of the two)."""

    kind: ClassVar[str] = ""
    id: str
    prompt: str = ""
    skills: tuple[str, ...] = ()
    hints: tuple[Hint, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    expect_coincident: tuple[str, ...] = ()  # mistake ids that give the right answer here on purpose
    decimals: int | None = None
    sigfigs: int | None = None
    overrides: ProblemOverride = field(default_factory=ProblemOverride)

    @property
    def is_question(self) -> bool:
        return True


@dataclass(frozen=True, kw_only=True)
class ReadStep(Step):
    """Prose to read; nothing to answer."""

    kind: ClassVar[str] = "read"

    @property
    def is_question(self) -> bool:
        return False


@dataclass(frozen=True, kw_only=True)
class NumberStep(Step):
    """One number from the descent at ``iteration`` (see the module docstring for the numbering).

    ``param`` picks one parameter of a multi-parameter problem; without it the answer is the whole vector.
    ``x`` is the input for ``ask: prediction`` (h(x) at θ_iteration): one raw value per feature; for
    ``ask: normalized``, the one raw value of ``feature`` to scale. ``mean``, ``deviation`` and
    ``normalized`` are about ``feature`` (``x1`` …) of the data; ``minimizer`` is θ* from the normal equation.
    """

    kind: ClassVar[str] = "number"
    ask: Literal[
        "theta", "step", "gradient", "cost", "prediction", "mean", "deviation", "normalized", "minimizer"
    ]
    iteration: int = 0
    param: str | None = None
    x: tuple[Value, ...] | None = None
    feature: int | None = None  # 1-based, for the scaling asks


@dataclass(frozen=True, kw_only=True)
class FormulaStep(Step):
    """A formula the expression engine derives: the derivative (of ``of``, default the problem's cost) with
    respect to ``param``, the update rule for ``param``, the cost itself, or the hypothesis."""

    kind: ClassVar[str] = "formula"
    ask: Literal["derivative", "update", "cost", "hypothesis"]
    param: str | None = None
    of: str | None = None


@dataclass(frozen=True, kw_only=True)
class IterateStep(Step):
    """A table to fill in: one row per iteration from ``first`` to ``last``, the listed ``columns`` in order.

    The θ of the first row is given. Every other cell is graded from the θ the table shows in the row above
    (the learner's own, perhaps rounded). A cell stays open while the learner retries; after ``cell_attempts``
    wrong answers the right value is filled in (marked shown) and the table moves on from it."""

    kind: ClassVar[str] = "iterate"
    first: int = 0
    last: int = 4
    columns: tuple[str, ...] = ("theta", "step")
    param: str | None = None
    cell_attempts: int = 2


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str = ""


@dataclass(frozen=True, kw_only=True)
class ChoiceStep(Step):
    """Pick one of ``options``; ``answer`` is the 1-based number of the right one, as the learner sees it."""

    kind: ClassVar[str] = "choice"
    options: tuple[Option, ...]
    answer: int


@dataclass(frozen=True)
class Until:
    """When an explore run counts as close enough: J below ``cost_below``, or every |θ − θ*| below
    ``theta_within`` (θ* the minimizer)."""

    cost_below: float | None = None
    theta_within: float | None = None


@dataclass(frozen=True, kw_only=True)
class ExploreStep(Step):
    """Run the solver on the step's problem and ask for a prediction, which the solver then confirms.

    ``predict: outcome`` expects converges / diverges / oscillates; ``predict: iterations`` expects the number
    of updates until ``until`` holds, accepted within ``slack``. ``answer`` is the author's statement, which
    validation checks against the solver. ``compare`` runs a second problem beside the first for the plot."""

    kind: ClassVar[str] = "explore"
    predict: Literal["outcome", "iterations"]
    answer: str | int
    until: Until | None = None
    slack: int = 0
    compare: ProblemOverride | None = None


@dataclass(frozen=True)
class DerivationLine:
    """One line of a derivation: the math shown (``$…$`` TeX-lite) and the rules that lead to it from the line
    above (empty for the first line)."""

    math: str
    rules: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DerivationStep(Step):
    """A chain of lines; for each line after the first the learner names the rule(s) that justify it."""

    kind: ClassVar[str] = "derivation"
    lines: tuple[DerivationLine, ...]


@dataclass(frozen=True)
class LessonTest:
    """An author's self-test: this answer to this step must get this verdict (and mistake id).

    For an iterate step, ``row`` and ``column`` name the cell and ``carried`` the learner's θ in the row
    above. The test runs on the variant drawn from ``seed``."""

    step: str
    answer: str
    verdict: Literal["correct", "almost", "wrong", "invalid"]
    mistake: str | None = None
    seed: int = 0
    row: int | None = None
    column: str | None = None
    carried: tuple[float, ...] | None = None


AnyStep = ReadStep | NumberStep | FormulaStep | IterateStep | ChoiceStep | ExploreStep | DerivationStep
# Each kind's dataclass by its ``kind``, in the order the format lists them.
STEP_CLASSES: Mapping[str, type[AnyStep]] = {cls.kind: cls for cls in get_args(AnyStep)}
STEP_KINDS = tuple(STEP_CLASSES)


@dataclass(frozen=True)
class Lesson:
    """A validated lesson. ``positions`` maps a path such as ``steps[2].alpha`` to where it was written."""

    id: str
    title: str
    summary: str
    problem: ProblemSpec
    steps: tuple[AnyStep, ...]
    skills: tuple[str, ...] = ()
    decimals: int | None = None
    sigfigs: int | None = None
    # feedback.show_value: a diagnosed mistake's feedback may show the right value (by default it never does).
    show_value: bool = False
    tests: tuple[LessonTest, ...] = ()
    source: str = ""
    seed: int | None = None
    # Knowledge-tracing parameters per skill (p_init, p_transit, p_slip, p_guess), read by the progress store.
    bkt: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)

    def step(self, step_id: str) -> AnyStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def problem_for(self, step: Step) -> ProblemSpec:
        """The lesson's problem with the step's overrides applied."""
        return step.overrides.apply(self.problem)

    def precision(self, step: Step) -> tuple[int | None, int | None]:
        """(decimals, sigfigs) for a step: its own, else the lesson's."""
        if step.decimals is not None or step.sigfigs is not None:
            return step.decimals, step.sigfigs
        return self.decimals, self.sigfigs

    def skills_for(self, step: Step) -> tuple[str, ...]:
        """A step's skills, or the lesson's when the step names none."""
        return step.skills or self.skills

    def where(self, path: str) -> Position:
        """The position of ``path``, or of its nearest written parent (the file start when nothing
        matches)."""
        return nearest_position(self.positions, path, self.source)

    def instantiate(self, seed: int) -> Lesson:
        """This lesson with every random number drawn from ``seed`` (the same seed gives the same numbers)."""
        from gdtutor.lessons.variants import instantiate

        return instantiate(self, seed)
