"""The meaning of a lesson whose shape ``schema`` accepted: formulas parse, names refer to something, numbers
make sense. ``loading`` runs the passes in order (the shape, this, and for ``gdtutor validate`` the author's
claims against the solver in ``gdtutor.engine.selftest``), each only if the one before found nothing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gdtutor import limits
from gdtutor.core.expr import ExprError
from gdtutor.core.expr.names import DATA_NAMES
from gdtutor.errors import GdtutorError
from gdtutor.files import inside
from gdtutor.lessons.bkt import BKT_DEFAULTS
from gdtutor.lessons.checks import Report
from gdtutor.lessons.mathcheck import math_findings
from gdtutor.lessons.model import (
    DIRECT_ASKS,
    OUTCOMES,
    PROBLEM_KEYS,
    SCALING_ASKS,
    AnyStep,
    ChoiceStep,
    DerivationLine,
    DerivationStep,
    Diagnostic,
    ExploreStep,
    FormulaStep,
    Hint,
    IterateStep,
    Lesson,
    LessonTest,
    Mistake,
    NumberStep,
    Option,
    Position,
    ProblemOverride,
    ProblemSpec,
    RandomNumber,
    ReadStep,
    Step,
    Until,
    nearest_position,
)


def feature_count(problem: ProblemSpec | None) -> int:
    """How many features (columns before y) the problem's data has; 1 for a formula problem."""
    return len(problem.data[0]) - 1 if problem is not None and problem.data else 1


def data_names(problem: ProblemSpec | None) -> frozenset[str]:
    """The names a formula on ``problem`` may use besides its parameters and alpha: for data, the columns as
    the hypothesis sees them (x, x1 …), each feature as written (xraw, xraw1 …) with its mean and deviation
    (mu, sigma, mu1, sigma1 …), y, m and h."""
    if problem is None or not problem.is_regression:
        return frozenset()
    columns = {"", *(str(j) for j in range(1, feature_count(problem) + 1))}
    return DATA_NAMES | {f"{name}{j}" for name in ("x", "xraw", "mu", "sigma") for j in columns}


def check_meaning(values: Mapping[str, Any], file: str, report: Report, base_dir: Path) -> Lesson:
    """The ``Lesson`` that checked ``values`` (the shape ``schema.LESSON`` accepted) describe, with every
    problem of meaning added to ``report`` (the lesson is only usable when none is an error)."""
    return _Builder(file, report, base_dir).lesson(values)


class _Builder:
    """Turns checked values into model objects, reporting what the shape alone cannot catch."""

    def __init__(self, file: str, report: Report, base_dir: Path) -> None:
        self.file = file
        self.report = report
        self.base_dir = base_dir

    def at(self, path: str) -> Position:
        return nearest_position(self.report.positions, path, self.file)

    def error(self, path: str, message: str) -> None:
        """Report ``path: message`` where ``path`` (or its nearest written parent) was written."""
        self.report.error(self.at(path), f"{path}: {message}")

    def must_be(self, path: str, description: str, got: object) -> None:
        """Report a value that is not what ``path`` needs, in the words the shape checks use."""
        self.report.error(self.at(path), f"{path} must be {description}, got {got}")

    def warn(self, path: str, message: str) -> None:
        self.report.problems.append(Diagnostic.at(self.at(path), f"{path}: {message}", "warning"))

    def lesson(self, values: Mapping[str, Any]) -> Lesson:
        self.check_math(values, "")
        problem = self.problem(values["problem"], "problem")
        steps = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(values["steps"]):
            path = f"steps[{index}]"
            step = self.step(raw, path, problem)
            if step.id in seen:
                self.error(f"{path}.id", f'"{step.id}" is used twice (first at steps[{seen[step.id]}])')
            seen.setdefault(step.id, index)
            steps.append(step)
        lesson = Lesson(
            id=values["id"],
            title=values["title"],
            summary=values.get("summary", ""),
            # A lesson whose problem is broken is reported, never returned; any stand-in will do.
            problem=problem or ProblemSpec(),
            steps=tuple(steps),
            skills=tuple(values.get("skills", ())),
            decimals=values.get("decimals"),
            sigfigs=values.get("sigfigs"),
            show_value=values.get("feedback", {}).get("show_value", False),
            tests=(),
            source=self.file,
            positions=dict(self.report.positions),
            bkt=self.bkt(values.get("bkt", {}), values, steps),
        )
        tests = tuple(
            self.test(raw, f"tests[{index}]", lesson) for index, raw in enumerate(values.get("tests", ()))
        )
        return replace(lesson, tests=tests)

    def bkt(
        self, values: Mapping[str, Mapping[str, float]], lesson: Mapping[str, Any], steps: Sequence[Step]
    ) -> dict[str, dict[str, float]]:
        skills = set(lesson.get("skills", ())) | {skill for step in steps for skill in step.skills}
        for skill, params in values.items():
            if skill not in skills:
                self.error(f"bkt.{skill}", "not a skill of this lesson or its steps")
            merged = {**BKT_DEFAULTS, **params}
            if merged["p_slip"] + merged["p_guess"] >= 1:
                self.error(f"bkt.{skill}", "p_slip + p_guess must be below 1")
        return {skill: dict(params) for skill, params in values.items()}

    def check_math(self, value: Any, path: str) -> None:
        """Warn about prose whose math will not show as meant: a lone $, or TeX outside $…$."""
        if isinstance(value, Mapping):
            for key, item in value.items():
                self.check_math(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_math(item, f"{path}[{index}]")
        elif isinstance(value, str) and path in self.report.prose:
            for finding in math_findings(value):
                self.warn_at(path, value, finding.index, finding.message)

    def warn_at(self, path: str, text: str, index: int, message: str) -> None:
        """Warn about character ``index`` of the prose ``text`` at ``path``, at its own line and column."""
        where = self.text_position(path, text, index)
        self.report.problems.append(Diagnostic.at(where, f"{path}: {message}", "warning"))

    def text_position(self, path: str, text: str, index: int) -> Position:
        """Where character ``index`` of the text at ``path`` is in the file: exact inside a one-line value
        and a literal (|) block; otherwise where the value starts."""
        if path not in self.report.positions and f"{path}.text" in self.report.positions:
            path = f"{path}.text"  # a hint written as {text: ...}
        where = self.at(path)
        if path in self.report.blocks:
            first_line, indent = self.report.blocks[path]
            line_start = text.rfind("\n", 0, index) + 1
            return Position(
                where.file, first_line + text.count("\n", 0, index), indent + index - line_start + 1
            )
        offset = self.report.text_offsets.get(path)
        if offset is not None and "\n" not in text:
            return Position(where.file, where.line, where.column + offset + index)
        return where

    # ---- the problem

    def problem(self, values: Mapping[str, Any], path: str) -> ProblemSpec | None:
        return self._complete(ProblemSpec(), values, path)  # the shape has exactly one of its sources

    def _complete(self, spec: ProblemSpec, values: Mapping[str, Any], path: str) -> ProblemSpec | None:
        """``spec`` with ``values`` applied: a new objective or data set, and a start that fits its
        parameters. A step that changes the objective or data without a ``start`` keeps the lesson's start
        when the parameters are the same; a data set with other parameters starts at 0, with a warning."""
        changes: dict[str, Any] = {
            key: values[key] for key in ("cost", "normalize", "ddof", "alpha", "iterations") if key in values
        }
        new_source = True
        if "objective" in values:
            expr = self.formula(values["objective"], f"{path}.objective", names=frozenset())
            if expr is None:
                return None
            params = tuple(expr.parameters())
            if not params:
                self.error(f"{path}.objective", "no parameter to minimize over (theta, ...)")
                return None
            changes.update(objective=values["objective"], data=None, data_file=None)
        elif "data" in values or "data_file" in values:
            rows = self.data(values, path)
            if rows is None:
                return None
            changes.update(objective=None, data=rows, data_file=values.get("data_file"))
            params = tuple(f"theta{i}" for i in range(len(rows[0])))
        else:
            new_source = False
            params = tuple(spec.start)
        if "start" in values:
            start = self.start(values["start"], params, f"{path}.start")
            if start is None:
                return None
            changes["start"] = start
        elif new_source and spec.start and tuple(spec.start) == params:
            pass  # the same parameters: descent starts where the lesson's does
        elif new_source and changes.get("data") is not None:
            changes["start"] = dict.fromkeys(params, 0.0)
            if spec.start:
                self.warn(
                    f"{path}.data_file" if "data_file" in values else f"{path}.data",
                    f"the lesson's start ({', '.join(spec.start)}) does not fit this data set's "
                    f"parameters ({', '.join(params)}), so descent starts at 0; give start: to say where",
                )
        elif new_source:
            self.error(path, f'missing required key "start" (where descent begins, e.g. {{{params[0]}: 3}})')
            return None
        merged = ProblemSpec(**{**spec.__dict__, **changes})
        self.check_work(merged, merged.iterations, f"{path}.iterations" if "iterations" in values else path)
        return merged

    def check_work(self, spec: ProblemSpec, updates: int, path: str) -> None:
        """Report a run of ``updates`` on ``spec`` that is over the solver's work limit."""
        examples = len(spec.data) if spec.data else 1
        work = updates * examples * max(len(spec.start), 1)
        if work > limits.DESCENT_WORK:
            self.error(
                path,
                f"{updates:,} updates × {examples:,} examples × {len(spec.start)} parameters is more "
                f"work than a lesson may ask of the solver ({limits.DESCENT_WORK:,}); use fewer",
            )

    def data(self, values: Mapping[str, Any], path: str) -> tuple[tuple[Any, ...], ...] | None:
        if "data_file" in values:
            from gdtutor.core.data import load_table

            try:
                target = inside(self.base_dir, values["data_file"])
                if not target.exists():
                    self.error(f"{path}.data_file", self.no_data_file(values["data_file"]))
                    return None
                table = load_table(
                    target,
                    max_bytes=limits.DATA_BYTES,
                    max_rows=limits.DATA_ROWS,
                    max_columns=limits.FEATURES + 1,
                    source=values["data_file"],
                    quote=False,
                )
            except GdtutorError as error:
                self.error(f"{path}.data_file", str(error))
                return None
            return tuple(
                tuple(float(v) for v in (*row, label)) for row, label in zip(table.X, table.y, strict=True)
            )
        rows = values["data"]
        width = len(rows[0])
        for index, row in enumerate(rows):
            if len(row) != width:
                self.error(
                    f"{path}.data[{index}]",
                    f"{len(row)} values, where the first row has {width}",
                )
                return None
        return tuple(tuple(row) for row in rows)

    def no_data_file(self, name: str) -> str:
        """Where a missing data file was looked for: the lesson's folder, as the author would type it."""
        folder, here = self.base_dir.resolve(), Path.cwd().resolve()
        if folder == here:
            shown = "the current folder"
        else:
            shown = str(folder.relative_to(here) if here in folder.parents else folder)
        return f'no file "{name}" in {shown} (a data_file is read from the lesson\'s own folder)'

    def start(self, start: Any, params: tuple[str, ...], path: str) -> dict[str, Any] | None:
        if isinstance(start, list):
            if len(start) != len(params):
                self.error(path, f"{len(start)} values for {len(params)} parameters ({', '.join(params)})")
                return None
            return dict(zip(params, start, strict=True))
        unknown = [name for name in start if name not in params]
        if unknown:
            self.error(
                f"{path}.{unknown[0]}",
                f"not a parameter of this problem ({', '.join(params)})",
            )
            return None
        return {name: start.get(name, 0.0) for name in params}

    def formula(
        self,
        text: str,
        path: str,
        names: frozenset[str],
        params: tuple[str, ...] | None = None,
        features: int = 1,
    ) -> Any:
        """Parse a formula (h over ``features`` features); report a parse error or a name the problem does not
        have (when ``params`` are known: None when the problem has an error of its own). None when bad."""
        from gdtutor.core.expr import parse

        try:
            expr = parse(text, features=features)
        except ExprError as error:
            self.formula_error(path, error)
            return None
        if params is not None:
            allowed = set(params) | names | {"alpha"}
            stray = sorted(set(expr.free_names()) - allowed)
            if stray:
                self.error(path, f'uses "{stray[0]}", which this problem does not define')
                return None
        return expr

    def formula_error(self, path: str, error: ExprError) -> None:
        """Report a formula that does not parse, at the very character when the file shows it as typed."""
        offset = self.report.text_offsets.get(path)
        where, message = self.at(path), error.message
        if offset is not None and error.position is not None:
            where = Position(where.file, where.line, where.column + offset + error.position)
            message = re.sub(r" \(column \d+\)$", "", message)
        self.report.error(where, f"{path} does not parse: {message}")

    # ---- steps

    def step(self, values: Mapping[str, Any], path: str, problem: ProblemSpec | None) -> AnyStep:
        override_values = {key: values[key] for key in PROBLEM_KEYS if key in values}
        overrides, step_problem = self.override(override_values, path, problem)
        common: dict[str, Any] = {
            "id": values["id"],
            "prompt": values.get("prompt", ""),
            "skills": tuple(values.get("skills", ())),
            "hints": tuple(Hint(h["text"], h.get("after_attempts", 0)) for h in values.get("hints", ())),
            "decimals": values.get("decimals"),
            "sigfigs": values.get("sigfigs"),
            "overrides": overrides,
        }
        kind = values["kind"]
        # None when the problem itself has an error: it is reported once, and the checks that need to know
        # the parameters (names in formulas, which param) are skipped rather than each failing in its turn.
        params = step_problem.params if step_problem else None
        names = data_names(step_problem)
        features = feature_count(step_problem)
        common["mistakes"] = self.mistakes(values.get("mistakes", ()), path, kind, params, names, features)
        common["expect_coincident"] = self.expect_coincident(values, path, common["mistakes"])
        step = STEP_BUILDERS[kind](self, StepFields(values, path, common, step_problem))
        if step_problem is not None:
            self.check_placeholders(step, path, step_problem)
        return step

    def check_placeholders(self, step: AnyStep, path: str, problem: ProblemSpec) -> None:
        """Every ``{name}`` in a prompt or hint names a number of the step (its start, alpha, ...)."""
        from gdtutor.lessons.placeholders import names_for, placeholders, placeholders_in_math

        known = names_for(problem, step)
        texts = [(f"{path}.prompt", step.prompt)]
        texts += [(f"{path}.hints[{index}]", hint.text) for index, hint in enumerate(step.hints)]
        for where, text in texts:
            for match in placeholders(text):
                if match.group(1) not in known:
                    listed = ", ".join(f"{{{name}}}" for name in known)
                    shown = f"{match.group(0)} is not a number this step can show; it can show {listed}"
                    at = self.text_position(where, text, match.start())
                    self.report.error(at, f"{where}: {shown}")
            for match in placeholders_in_math(text, known):
                name = match.group(1)
                message = (
                    f"{match.group(0)} inside $…$ is not filled in: numbers are filled in only outside the "
                    f"math; write it outside, as in $x$ = {{{name}}}"
                )
                self.warn_at(where, text, match.start(), message)

    def expect_coincident(
        self, values: Mapping[str, Any], path: str, own: tuple[Mistake, ...]
    ) -> tuple[str, ...]:
        """The mistake ids an author expects to give the right answer at this step: known ids only."""
        from gdtutor.lessons.mistake_ids import library_ids

        known = library_ids() | {mistake.id for mistake in own}
        ids = tuple(values.get("expect_coincident", ()))
        for index, mistake_id in enumerate(ids):
            if mistake_id not in known:
                self.error(
                    f"{path}.expect_coincident[{index}]",
                    f'unknown mistake id "{mistake_id}" (neither in the library nor the step)',
                )
        return ids

    def override(
        self, values: Mapping[str, Any], path: str, problem: ProblemSpec | None
    ) -> tuple[ProblemOverride, ProblemSpec | None]:
        if not values or problem is None:
            return ProblemOverride(), problem
        merged = self._complete(problem, values, path)
        if merged is None:
            return ProblemOverride(), None
        changed = {key: getattr(merged, key) for key in PROBLEM_KEYS if key in values}
        if "objective" in values or "data" in values or "data_file" in values or "start" in values:
            changed["start"] = merged.start
            changed["data"] = merged.data
            changed["objective"] = merged.objective
            changed["data_file"] = merged.data_file
        return ProblemOverride(**changed), merged

    def mistakes(
        self,
        raw: Iterable[Mapping[str, Any]],
        path: str,
        kind: str,
        params: tuple[str, ...] | None,
        names: frozenset[str],
        features: int = 1,
    ) -> tuple[Mistake, ...]:
        found = []
        for index, values in enumerate(raw):
            where = f"{path}.mistakes[{index}]"
            wanted = "formula" if kind == "formula" else "value"
            if kind not in ("number", "formula", "iterate"):
                self.error(where, "only number, formula and iterate steps have mistakes")
                continue
            if wanted not in values:
                self.error(where, f'a {kind} step\'s mistake needs "{wanted}"')
                continue
            other = "value" if wanted == "formula" else "formula"
            if other in values:
                self.error(f"{where}.{other}", f'a {kind} step\'s mistake gives "{wanted}", not "{other}"')
                continue
            if wanted == "formula":
                self.formula(values["formula"], f"{where}.formula", names, params, features)
                found.append(Mistake(values["id"], values["explain"], formula=values["formula"]))
                continue
            formulas = values["value"]
            for index, text in enumerate(formulas):
                spot = f"{where}.value[{index}]" if len(formulas) > 1 else f"{where}.value"
                self.formula(text, spot, names, params, features)
            value = formulas[0] if len(formulas) == 1 else tuple(formulas)
            found.append(Mistake(values["id"], values["explain"], value=value))
        return tuple(found)

    def read_step(self, step: StepFields) -> AnyStep:
        if step.values.get("hints"):
            self.error(f"{step.path}.hints", "a read step has nothing to hint at")
        return ReadStep(**step.common)

    def _param(self, values: Mapping[str, Any], path: str, params: tuple[str, ...] | None) -> str | None:
        param = values.get("param")
        if param is not None and params and param not in params:
            self.error(
                f"{path}.param",
                f'"{param}" is not a parameter of this problem ({", ".join(params)})',
            )
        if param is None and params is not None and len(params) == 1:
            return params[0]
        return param

    def number_step(self, step: StepFields) -> AnyStep:
        values, path, problem, params = step.values, step.path, step.problem, step.params
        ask = values["ask"]
        iteration = values.get("iteration", 1 if ask == "theta" else 0)
        regression = problem is not None and problem.is_regression
        if ask == "theta" and iteration == 0:
            self.error(f"{path}.iteration", "must be at least 1 for theta (0 is the start)")
        if ask in ("prediction", *DIRECT_ASKS) and problem is not None and not regression:
            self.error(f"{path}.ask", f"{ask} needs a data problem")
        if ask in DIRECT_ASKS and "iteration" in values:
            self.error(f"{path}.iteration", f"does not apply to ask: {ask}: no descent runs")
        if ask in ("prediction", "normalized"):
            if "x" not in values:
                what = "the input to predict for" if ask == "prediction" else "the raw value to scale"
                self.error(path, f'ask: {ask} needs "x", {what}')
            elif ask == "prediction" and regression:
                assert problem is not None
                self.check_inputs(values["x"], problem, f"{path}.x")
            elif ask == "normalized" and len(values["x"]) != 1:
                self.error(f"{path}.x", "ask: normalized scales one raw value of its feature")
        elif "x" in values:
            self.error(f"{path}.x", "only for ask: prediction and ask: normalized")
        feature = self.feature(values, path, problem) if regression else None
        if problem is not None and ask not in DIRECT_ASKS:
            self.check_work(problem, iteration, f"{path}.iteration")
        scalar_asks = ("cost", "prediction", *SCALING_ASKS)
        param = None if ask in scalar_asks else self._param(values, path, params)
        if ask in scalar_asks and "param" in values:
            self.error(f"{path}.param", f"does not apply to ask: {ask}")
        if params is not None:
            every = ask not in scalar_asks and param is None and len(params) > 1
            self.check_mistake_values(step.common["mistakes"], path, params if every else ())
        x = tuple(values["x"]) if "x" in values else None
        return NumberStep(**step.common, ask=ask, iteration=iteration, param=param, x=x, feature=feature)

    def feature(self, values: Mapping[str, Any], path: str, problem: ProblemSpec | None) -> int | None:
        """The 1-based feature a scaling question is about (``x`` or ``x1`` when the data has one)."""
        features = feature_count(problem)
        if values["ask"] not in SCALING_ASKS:
            if "feature" in values:
                self.error(f"{path}.feature", "only for ask: mean, deviation, normalized")
            return None
        name = values.get("feature")
        if name is None and features > 1:
            names = ", ".join(f"x{j}" for j in range(1, features + 1))
            self.error(path, f'ask: {values["ask"]} needs "feature", one of {names}')
            return None
        index = 1 if name in (None, "x") else int(name[1:] or 0)
        if not 1 <= index <= features:
            self.error(
                f"{path}.feature",
                f"{name} is not a feature of this data (x1 … x{features})"
                if features > 1
                else "the data has one feature, x (or x1)",
            )
            return None
        return index

    def check_mistake_values(self, mistakes: Sequence[Mistake], path: str, every: tuple[str, ...]) -> None:
        """A mistake's ``value`` is one formula when the step asks one number, one per parameter (in order)
        when it asks for all of ``every``."""
        for index, mistake in enumerate(mistakes):
            if mistake.formula is not None:
                continue
            where = f"{path}.mistakes[{index}].value"
            given = len(mistake.value) if isinstance(mistake.value, tuple) else 1
            if every and given != len(every):
                self.error(
                    where,
                    f"this step asks for all of {', '.join(every)}, so the mistake's value is a "
                    f"list of {len(every)} formulas, one per parameter in that order (or add param to ask "
                    "for one)",
                )
            elif not every and given != 1:
                self.error(where, "this step asks for one number, so the value is one formula")

    def check_inputs(self, given: Sequence[Any], problem: ProblemSpec, path: str) -> None:
        """A prediction's input: one raw value per feature of the data."""
        features = len(problem.data[0]) - 1 if problem.data else 0
        if len(given) != features:
            names = ", ".join(f"x{j + 1}" for j in range(features))
            values = f"{len(given)} value{'s' * (len(given) != 1)}"
            self.error(
                path,
                f"{values}, but the data has {features} feature{'s' * (features != 1)} "
                f"({names}): give one raw value per feature, as x: [{names}]",
            )

    def formula_step(self, step: StepFields) -> AnyStep:
        values, path, problem, params = step.values, step.path, step.problem, step.params
        ask = values["ask"]
        param = self._param(values, path, params)
        if ask in ("derivative", "update") and param is None and params is not None:
            self.error(path, f'ask: {ask} needs "param" (one of {", ".join(params)})')
        if ask == "hypothesis" and problem is not None and not problem.is_regression:
            self.error(f"{path}.ask", "hypothesis needs a data problem")
        if "of" in values:
            if ask != "derivative":
                self.error(f"{path}.of", "only for ask: derivative")
            self.formula(values["of"], f"{path}.of", data_names(problem), params, feature_count(problem))
        return FormulaStep(**step.common, ask=ask, param=param, of=values.get("of"))

    def iterate_step(self, step: StepFields) -> AnyStep:
        values, path, problem, params = step.values, step.path, step.problem, step.params
        first, last = values["rows"]
        if first > last:
            self.must_be(f"{path}.rows", "[first, last] with first <= last", f"[{first}, {last}]")
        elif last - first + 1 > limits.ITERATE_ROWS:
            self.error(
                f"{path}.rows",
                f"{last - first + 1:,} rows, where a table has at most {limits.ITERATE_ROWS}",
            )
        elif problem is not None:
            self.check_work(problem, last, f"{path}.rows")
        columns = tuple(values.get("columns", ("theta", "step")))
        if len(set(columns)) != len(columns):
            self.error(f"{path}.columns", "a column is listed twice")
        elif "theta" in columns and columns[0] != "theta":
            self.error(
                f"{path}.columns",
                "theta must come first: the rest of a row is worked from its θ",
            )
        if first == last and columns == ("theta",):
            self.error(f"{path}.rows", "the first row's θ is given, so this table asks nothing")
        if "cost" in columns and "param" in values:
            self.error(f"{path}.param", "a table with a cost column is about all parameters; drop param")
        return IterateStep(
            **step.common,
            first=first,
            last=last,
            columns=columns,
            param=self._param(values, path, params),
            cell_attempts=values.get("cell_attempts", 2),
        )

    def choice_step(self, step: StepFields) -> AnyStep:
        values, path = step.values, step.path
        options = tuple(Option(o["text"], o.get("feedback", "")) for o in values["options"])
        if values["answer"] > len(options):
            self.must_be(f"{path}.answer", f"an option number from 1 to {len(options)}", values["answer"])
        return ChoiceStep(**step.common, options=options, answer=values["answer"])

    def explore_step(self, step: StepFields) -> AnyStep:
        values, path, problem = step.values, step.path, step.problem
        predict = values["predict"]
        answer: str | int = values["answer"]
        until = None
        if predict == "outcome":
            if answer not in OUTCOMES:
                self.must_be(f"{path}.answer", f"one of {', '.join(OUTCOMES)}", f'"{answer}"')
            if "until" in values or "slack" in values:
                self.error(path, "until and slack are only for predict: iterations")
        else:
            if not re.fullmatch(r"[0-9]+", str(answer)):
                self.must_be(f"{path}.answer", "a whole number of iterations", f'"{answer}"')
            else:
                answer = int(answer)
            bounds = values.get("until", {})
            if len(bounds) != 1:
                self.error(
                    path,
                    "predict: iterations needs until: {cost_below: ...} or {theta_within: ...}",
                )
            else:
                until = Until(**bounds)
        compare = None
        if "compare" in values and problem is not None:
            compare, _ = self.override(values["compare"], f"{path}.compare", problem)
        return ExploreStep(
            **step.common,
            predict=predict,
            answer=answer,
            until=until,
            slack=values.get("slack", 0),
            compare=compare,
        )

    def derivation_step(self, step: StepFields) -> AnyStep:
        values, path = step.values, step.path
        lines = []
        for index, line in enumerate(values["lines"]):
            where = f"{path}.lines[{index}]"
            rules = tuple(line.get("rules", ()))
            if index == 0 and rules:
                self.error(f"{where}.rules", "the first line is where the chain starts; it has no rules")
            if index > 0 and not rules:
                self.error(where, 'missing required key "rules" (what takes the line above to this one)')
            lines.append(DerivationLine(line["math"], rules, line.get("note", "")))
        return DerivationStep(**step.common, lines=tuple(lines))

    def carried(self, value: Any, path: str) -> tuple[float, ...] | None:
        if value is None:
            return None
        numbers = list(value.values()) if isinstance(value, dict) else list(value)
        if any(isinstance(number, RandomNumber) for number in numbers):
            self.must_be(path, "plain numbers", "a random draw")
            return None
        return tuple(float(number) for number in numbers)

    # ---- tests

    def test(self, values: Mapping[str, Any], path: str, lesson: Lesson) -> LessonTest:
        from gdtutor.lessons.mistake_ids import known_mistakes

        test = LessonTest(
            step=values["step"],
            answer=values["answer"],
            verdict=values["verdict"],
            mistake=values.get("mistake"),
            seed=values.get("seed", 0),
            row=values.get("row"),
            column=values.get("column"),
            carried=self.carried(values.get("carried"), f"{path}.carried"),
        )
        try:
            step = lesson.step(test.step)
        except KeyError:
            close = difflib.get_close_matches(test.step, [step.id for step in lesson.steps], n=1)
            suggestion = f' (did you mean "{close[0]}"?)' if close else ""
            self.error(f"{path}.step", f'no step has the id "{test.step}"{suggestion}')
            return test
        if not step.is_question:
            self.error(f"{path}.step", f'"{test.step}" is a read step; there is nothing to answer')
        if test.mistake is not None and test.mistake not in known_mistakes(step):
            self.error(
                f"{path}.mistake",
                f'unknown mistake id "{test.mistake}" (neither in the library nor the step)',
            )
        is_table = isinstance(step, IterateStep)
        if is_table and (test.row is None or test.column is None):
            self.error(path, "a test of an iterate step needs row and column")
        if not is_table and (test.row is not None or test.column is not None or test.carried is not None):
            self.error(path, "row, column and carried are only for iterate steps")
        if is_table and test.row is not None and test.column is not None:
            assert isinstance(step, IterateStep)
            if not step.first <= test.row <= step.last:
                self.must_be(f"{path}.row", f"from {step.first} to {step.last}", test.row)
            elif test.column not in step.columns:
                self.error(f"{path}.column", f'"{test.column}" is not a column of {step.id}')
            elif test.row == step.first and test.column == "theta":
                self.error(f"{path}.row", "the θ of the first row is given, not asked")
        return test


@dataclass(frozen=True)
class StepFields:
    """A step's checked values as one kind's builder reads them: ``common`` holds the fields every kind has,
    already built, and ``problem`` is the step's problem (None when that is broken and already reported)."""

    values: Mapping[str, Any]
    path: str
    common: dict[str, Any]
    problem: ProblemSpec | None

    @property
    def params(self) -> tuple[str, ...] | None:
        """The problem's parameters; None when the problem is broken, so checks that need them are skipped."""
        return self.problem.params if self.problem else None


# Each kind's builder: its checked fields -> its dataclass, reporting what their shape alone cannot catch.
STEP_BUILDERS: Mapping[str, Callable[[_Builder, StepFields], AnyStep]] = {
    "read": _Builder.read_step,
    "number": _Builder.number_step,
    "formula": _Builder.formula_step,
    "iterate": _Builder.iterate_step,
    "choice": _Builder.choice_step,
    "explore": _Builder.explore_step,
    "derivation": _Builder.derivation_step,
}
