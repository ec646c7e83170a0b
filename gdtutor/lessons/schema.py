"""The lesson format, defined once: the shape checks of ``validate`` and ``lesson.schema.json`` both come from
here, built from the validator kit in ``checks``.

Checks that need maths (formulas parse, answers agree with the solver) live in ``validate``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from gdtutor import limits
from gdtutor.lessons.bkt import BKT_DEFAULTS
from gdtutor.lessons.checks import (
    Answer,
    Choice,
    Field,
    Flag,
    Formula,
    Integer,
    Invalid,
    ListOf,
    MapOf,
    Name,
    Named,
    Number,
    OneOf,
    OneOrList,
    Probability,
    Record,
    Report,
    StepType,
    Text,
    TextOrRecord,
    Type,
    as_float,
)
from gdtutor.lessons.model import (
    COSTS,
    EXPLORE_PREDICTIONS,
    FORMULA_ASKS,
    ITERATE_COLUMNS,
    NUMBER_ASKS,
    OUTCOMES,
    PROBLEM_KEYS,
    RULES,
    STEP_KINDS,
    VERDICTS,
)
from gdtutor.lessons.yaml_loader import Node
from gdtutor.safe_text import excerpt

PARAM_PATTERN = "^theta[0-9]*$"
FEATURE_PATTERN = "^x[0-9]*$"


@dataclass
class Start(Type):
    """Where descent starts: ``{theta: 3}`` (names to numbers) or ``[θ0, θ1]`` in parameter order."""

    doc: str = "where descent starts: {theta: 3}, {theta1: 1, theta2: -2}, [θ0, θ1] in parameter order, or 3"
    description: str = "a mapping of parameter names to numbers, a list of numbers, or one number"

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any] | list[Any]:
        number = Number(random=True)
        if node.kind == "sequence":
            return ListOf(number, min_items=1, max_items=limits.FEATURES + 1).check(node, path, report)
        if node.kind == "scalar" and as_float(node) is not None:
            return [number.check(node, path, report)]  # start: 3, for a problem with one parameter
        if node.kind != "mapping" or not node.entries:
            raise self.fail(node, path, report)
        values, ok = {}, True
        for name, (key, value) in node.entries.items():
            if not re.fullmatch(PARAM_PATTERN, name):
                report.error(
                    key.position,
                    f'{path}: "{excerpt(name)}" is not a parameter name (theta, theta0, theta1, ...)',
                )
                ok = False
                continue
            try:
                values[name] = number.check(value, f"{path}.{name}", report)
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return values

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        number = Number(random=True).json_schema(defs)
        return {
            "description": self.doc,
            "anyOf": [
                {
                    "type": "object",
                    "patternProperties": {PARAM_PATTERN: number},
                    "additionalProperties": False,
                },
                {"type": "array", "items": number, "minItems": 1},
                number,
            ],
        }


@dataclass
class Rules(Type):
    """The rule (or list of rules) that justifies a derivation line."""

    doc: str = "the rule, or list of rules, that takes the line above to this one"

    @property
    def description(self) -> str:
        return "a rule name or a list of them (" + ", ".join(RULES) + ")"

    def _check(self, node: Node, path: str, report: Report) -> list[str]:
        rule = Choice(tuple(RULES))
        if node.kind == "sequence":
            return ListOf(rule, min_items=1).check(node, path, report)
        return [rule.check(node, path, report)]

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        rule = {"type": "string", "enum": list(RULES)}
        return {"description": self.doc, "anyOf": [rule, {"type": "array", "items": rule, "minItems": 1}]}


# ---- the format

PROBLEM_FIELDS: dict[str, Field] = {
    "objective": Field(Formula(doc="J as a formula in theta (or theta1, theta2, ...), e.g. theta^2")),
    "data": Field(
        ListOf(
            ListOf(Number(random=True), min_items=2, max_items=limits.FEATURES + 1),
            min_items=1,
            max_items=limits.DATA_ROWS,
            doc="training set, one [x, y] (or [x1, ..., xn, y]) row per example",
        )
    ),
    "data_file": Field(Text(doc="a CSV/whitespace table of x ... y, relative to the lesson file")),
    "cost": Field(Choice(COSTS, doc="half-mse (1/2m Σ) or mse (1/m Σ); default half-mse")),
    "normalize": Field(Flag(doc="scale each feature to mean 0 and deviation 1 first; default false")),
    "ddof": Field(
        Integer(
            minimum=0,
            maximum=1,
            doc="the standard deviation divides by m − ddof: 1 (default, m − 1: the sample one) or 0 (m)",
        )
    ),
    "start": Field(Start()),
    "alpha": Field(Number(positive=True, random=True, doc="the learning rate α; default 0.1")),
    "iterations": Field(
        Integer(minimum=1, maximum=limits.ITERATIONS, doc="how many updates the solver runs; default 10")
    ),
}
assert tuple(PROBLEM_FIELDS) == PROBLEM_KEYS

# Where the data comes from: a lesson's problem names exactly one; a step or a comparison may replace it.
SOURCE = OneOf(("objective", "data", "data_file"))
PRECISION = OneOf(("decimals", "sigfigs"))

HINT = Named(
    "hint",
    TextOrRecord(
        Record(
            {
                "text": Field(Text(markdown=True), required=True),
                "after_attempts": Field(Integer(minimum=0, doc="reveal only after this many attempts")),
            }
        ),
        key="text",
        doc="a hint, or {text, after_attempts}",
    ),
)

MISTAKE = Named(
    "mistake",
    Record(
        {
            "id": Field(Name(doc="the mistake's id, used in tests"), required=True),
            "explain": Field(Text(markdown=True, doc="what the learner did, told kindly"), required=True),
            "value": Field(
                OneOrList(
                    Formula(),
                    max_items=limits.FEATURES + 1,
                    doc="for number and iterate steps: the mistaken number as a formula in theta, alpha, "
                    "...; a list of formulas, one per parameter, when the step asks for every parameter",
                )
            ),
            "formula": Field(Formula(doc="for formula steps: the mistaken formula")),
        },
        doc="a lesson-specific mistake",
    ),
)

COMMON_STEP_FIELDS: dict[str, Field] = {
    "id": Field(Name(doc="stable id: progress is kept by step id"), required=True),
    "prompt": Field(Text(markdown=True, doc="Markdown with $…$ math"), required=True),
    "skills": Field(
        ListOf(
            Name(), max_items=limits.LIST_ITEMS, doc="skill ids this step practises (default: the lesson's)"
        )
    ),
    "hints": Field(
        ListOf(
            HINT,
            max_items=limits.LIST_ITEMS,
            doc="the hint ladder, revealed one at a time",
            what="a list of hints (one per line, - ...)",
        )
    ),
    "mistakes": Field(
        ListOf(
            MISTAKE,
            max_items=limits.LIST_ITEMS,
            doc="mistakes particular to this step",
            what="a list of mistakes",
        )
    ),
    "expect_coincident": Field(
        ListOf(
            Name(doc="a mistake id"),
            max_items=limits.LIST_ITEMS,
            doc="mistakes that give the right answer at this step on purpose (validate does not warn)",
            what="a list of mistake ids",
        )
    ),
    "decimals": Field(Integer(minimum=0, maximum=12, doc="answers must be right to this many decimals")),
    "sigfigs": Field(
        Integer(minimum=1, maximum=15, doc="answers must be right to this many significant figures")
    ),
    **PROBLEM_FIELDS,
}


def _shared(fields: dict[str, Field], prefix: str) -> dict[str, Field]:
    """The same fields, written once in the JSON Schema's $defs (every step kind repeats them)."""
    return {name: Field(Named(f"{prefix}{name}", spec.type), spec.required) for name, spec in fields.items()}


COMMON_STEP_FIELDS = _shared(COMMON_STEP_FIELDS, "step-")

UNTIL = Record(
    {
        "cost_below": Field(Number(positive=True, doc="stop counting once J < this")),
        "theta_within": Field(Number(positive=True, doc="stop counting once every |θ − θ*| < this")),
    },
    doc="when the run counts as close enough",
)

STEP_KIND_FIELDS: dict[str, dict[str, Field]] = {
    "read": {},
    "number": {
        "ask": Field(Choice(NUMBER_ASKS, doc="which number"), required=True),
        "iteration": Field(
            Integer(minimum=0, maximum=limits.ITERATIONS, doc="after this many updates (0 is the start)")
        ),
        "param": Field(
            Name(pattern=PARAM_PATTERN, description="a parameter name (theta, theta0, theta1, ...)")
        ),
        "x": Field(
            OneOrList(
                Number(random=True),
                max_items=limits.FEATURES,
                doc="ask: prediction: the raw feature values, one per feature (x: 120, x: [120, 3]); "
                "ask: normalized: the raw value of the feature to scale",
            )
        ),
        "feature": Field(
            Name(
                pattern=FEATURE_PATTERN,
                description="a feature name (x, x1, x2, ...)",
                doc="ask: mean, deviation or normalized: which feature (x1, x2, ...; x when there is one)",
            )
        ),
    },
    "formula": {
        "ask": Field(Choice(FORMULA_ASKS, doc="which formula"), required=True),
        "param": Field(
            Name(pattern=PARAM_PATTERN, description="a parameter name (theta, theta0, theta1, ...)")
        ),
        "of": Field(Formula(doc="differentiate this instead of the problem's cost")),
    },
    "iterate": {
        "rows": Field(
            ListOf(
                Integer(minimum=0, maximum=limits.ITERATIONS),
                min_items=2,
                max_items=2,
                doc="[first, last] iteration, inclusive",
                what=f"[first, last]: two whole numbers from 0 to {limits.ITERATIONS:,}",
            ),
            required=True,
        ),
        "columns": Field(
            ListOf(Choice(ITERATE_COLUMNS), min_items=1, doc="columns in order; default theta, step")
        ),
        "param": Field(
            Name(pattern=PARAM_PATTERN, description="a parameter name (theta, theta0, theta1, ...)")
        ),
        "cell_attempts": Field(Integer(minimum=1, maximum=10, doc="wrong tries before the table moves on")),
    },
    "choice": {
        "options": Field(
            ListOf(
                TextOrRecord(
                    Record(
                        {
                            "text": Field(Text(markdown=True), required=True),
                            "feedback": Field(Text(markdown=True)),
                        }
                    ),
                    key="text",
                ),
                min_items=2,
                max_items=limits.CHOICE_OPTIONS,
                doc="the options, numbered 1, 2, ... for the learner",
                what=f"a list of 2 to {limits.CHOICE_OPTIONS} options (one letter each)",
            ),
            required=True,
        ),
        "answer": Field(
            Integer(minimum=1, doc="the number of the right option (the first is 1)"), required=True
        ),
    },
    "explore": {
        "predict": Field(Choice(EXPLORE_PREDICTIONS, doc="outcome or iterations"), required=True),
        "answer": Field(Answer(doc=f"{', '.join(OUTCOMES)}, or a number of iterations"), required=True),
        "until": Field(UNTIL),
        "slack": Field(Integer(minimum=0, doc="accept an iteration count this far off")),
        "compare": Field(
            Record(PROBLEM_FIELDS, doc="a second run drawn beside the first", exclusive=(SOURCE,))
        ),
    },
    "derivation": {
        "lines": Field(
            ListOf(
                Record(
                    {
                        "math": Field(Text(markdown=True, doc="the line, as $…$ math"), required=True),
                        "rules": Field(Rules()),
                        "note": Field(Text(markdown=True)),
                    }
                ),
                min_items=2,
                max_items=limits.LIST_ITEMS,
                doc="the chain; every line after the first names its rules",
            ),
            required=True,
        ),
    },
}

STEP = StepType(COMMON_STEP_FIELDS, STEP_KIND_FIELDS, exclusive=(PRECISION, SOURCE))
assert tuple(STEP_KIND_FIELDS) == STEP_KINDS

BKT_PARAMETERS = Record(
    {
        "p_init": Field(Probability(doc="chance the skill is known before any practice")),
        "p_transit": Field(Probability(doc="chance of learning it at each opportunity")),
        "p_slip": Field(Probability(doc="chance of a wrong answer though it is known")),
        "p_guess": Field(Probability(doc="chance of a right answer though it is not known")),
    }
)
assert tuple(BKT_PARAMETERS.fields) == tuple(BKT_DEFAULTS)

TEST = Record(
    {
        "step": Field(Name(doc="the step id"), required=True),
        "answer": Field(Answer(), required=True),
        "verdict": Field(Choice(VERDICTS), required=True),
        "mistake": Field(Name(doc="the mistake id the answer must be diagnosed as")),
        "seed": Field(Integer(minimum=0, doc="the variant to test; default 0")),
        "row": Field(Integer(minimum=0, doc="iterate steps: the row (iteration)")),
        "column": Field(Choice(ITERATE_COLUMNS, doc="iterate steps: the column")),
        "carried": Field(Start(doc="iterate steps: the learner's θ on the row above")),
    },
    doc="a sample answer and the verdict it must get",
)

LESSON = Record(
    {
        "id": Field(Name(doc="the lesson id, unique across all lessons"), required=True),
        "title": Field(Text(), required=True),
        "summary": Field(Text(markdown=True)),
        "skills": Field(ListOf(Name(), max_items=limits.LIST_ITEMS, doc="skill ids the lesson practises")),
        "problem": Field(
            Record(
                PROBLEM_FIELDS,
                doc="the problem, stated once; steps refer to it",
                exclusive=(OneOf(SOURCE.keys, required=True),),
            ),
            required=True,
        ),
        "decimals": Field(Integer(minimum=0, maximum=12, doc="default precision for numeric answers")),
        "sigfigs": Field(Integer(minimum=1, maximum=15, doc="default precision for numeric answers")),
        "feedback": Field(
            Record(
                {
                    "show_value": Field(
                        Flag(doc="diagnosed mistakes' feedback ends with the worked solution; default false")
                    ),
                },
                doc="how mistake feedback is given",
            )
        ),
        "steps": Field(
            ListOf(
                STEP,
                min_items=1,
                max_items=limits.STEPS,
                what=f"a list of 1 to {limits.STEPS} steps",
            ),
            required=True,
        ),
        "tests": Field(ListOf(TEST, max_items=limits.TESTS, doc="self-tests run by gdtutor validate")),
        "bkt": Field(
            MapOf(BKT_PARAMETERS, doc="knowledge-tracing parameters per skill id, overriding the defaults")
        ),
    },
    title="gdtutor lesson",
    exclusive=(PRECISION,),
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a lesson file (for editors' YAML language servers)."""
    defs: dict[str, Any] = {}  # every Named type's definition, filled as the schema is built
    schema = LESSON.json_schema(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gdtutor.invalid/lesson.schema.json",
        **schema,
        "$defs": dict(sorted(defs.items())),
    }


def render_json_schema() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
