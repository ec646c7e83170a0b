"""Per-learner numbers: draw every ``{random: [low, high], step: s}`` in a lesson from one seed.

Each draw gets its own generator, seeded from the lesson seed and the draw's place in the lesson
(``problem.alpha``, ``steps[3].start.theta`` ...), so adding a random number to one step never changes the
numbers of another. The seed itself comes from the front-end (per learner and lesson, see
``gdtutor.progress.learner.lesson_seed``), so classmates get different numbers and a learner always the same.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from typing import Any

import numpy as np

from gdtutor.lessons.model import Lesson, RandomNumber


def draw(number: RandomNumber, seed: int, place: str) -> float:
    """The value of one random number for ``seed`` at ``place`` (on the ``step`` grid, if any)."""
    digest = hashlib.sha256(f"{seed}\0{place}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
    if number.step is None:
        return float(rng.uniform(number.low, number.high))
    count = math.floor((number.high - number.low) / number.step + 1e-9)
    value = number.low + number.step * int(rng.integers(0, count + 1))
    # Keep grid values clean (0.1 * 3 is 0.30000000000000004), to the step's own decimals.
    return round(value, _decimals(number.step) + _decimals(number.low))


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 12


def instantiate(lesson: Lesson, seed: int) -> Lesson:
    """``lesson`` with every RandomNumber replaced by its draw for ``seed``, and ``seed`` recorded."""
    resolved = _resolve(lesson, seed, "", [])
    return replace(resolved, seed=seed)


def draws(lesson: Lesson, seed: int) -> list[tuple[str, float]]:
    """Every number drawn for ``seed``, in lesson order, with the path the file writes it at
    (``problem.start.theta``, ``steps[3].alpha``, ``steps[5].x``)."""
    found: list[tuple[str, float]] = []
    _resolve(lesson, seed, "", found)
    return [(place.replace(".overrides.", "."), value) for place, value in found]


def _resolve(value: Any, seed: int, place: str, found: list[tuple[str, float]]) -> Any:
    if isinstance(value, RandomNumber):
        number = draw(value, seed, place)
        found.append((place, number))
        return number
    if isinstance(value, Lesson):
        changes = {
            "problem": _resolve(value.problem, seed, "problem", found),
            "steps": tuple(_resolve(step, seed, f"steps[{i}]", found) for i, step in enumerate(value.steps)),
        }
        return replace(value, **changes)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for spec in fields(value):
            if not spec.init:
                continue
            current = getattr(value, spec.name)
            resolved = _resolve(current, seed, f"{place}.{spec.name}", found)
            if resolved is not current:
                changes[spec.name] = resolved
        return replace(value, **changes) if changes else value
    if isinstance(value, Mapping):
        resolved_map = {key: _resolve(item, seed, f"{place}.{key}", found) for key, item in value.items()}
        return resolved_map if any(resolved_map[k] is not value[k] for k in value) else value
    if isinstance(value, tuple):
        items = tuple(_resolve(item, seed, f"{place}[{i}]", found) for i, item in enumerate(value))
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


def has_variants(lesson: Lesson) -> bool:
    """Whether any number in the lesson is drawn per learner."""
    return _contains_random(lesson.problem) or _contains_random(lesson.steps)


def _contains_random(value: Any) -> bool:
    if isinstance(value, RandomNumber):
        return True
    if is_dataclass(value) and not isinstance(value, type):
        return any(_contains_random(getattr(value, spec.name)) for spec in fields(value))
    if isinstance(value, Mapping):
        return any(_contains_random(item) for item in value.values())
    if isinstance(value, tuple):
        return any(_contains_random(item) for item in value)
    return False
