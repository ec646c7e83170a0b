"""A ``Lesson`` as JSON data and back, exactly: the same classes, tuples, dicts, numbers and strings.

Every JSON object written is tagged: ``{"tuple": [...]}``, ``{"dict": [[key, value], ...]}`` or
``{"class": name, "fields": {...}}``, where ``name`` is one of the lesson model's dataclasses. A value of any
other type (a numpy number, a list, a subclass of str) has no exact form here: ``encode`` raises
``NotEncodable`` rather than write something that would come back different.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from gdtutor.lessons import model

CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Lesson,
        model.ProblemSpec,
        model.ProblemOverride,
        model.RandomNumber,
        model.Position,
        model.Hint,
        model.Mistake,
        model.Option,
        model.Until,
        model.DerivationLine,
        model.LessonTest,
        *model.STEP_CLASSES.values(),
    )
}
FIELD_NAMES = {cls: tuple(field.name for field in fields(cls)) for cls in CLASSES.values()}
PLAIN = (type(None), bool, int, float, str)


class NotEncodable(ValueError):
    """The value holds something this format cannot give back exactly."""


def encode(value: Any) -> Any:
    """``value`` (a lesson or any part of one) as data for ``json.dumps``."""
    kind = type(value)
    if kind in PLAIN:
        return value
    if kind is tuple:
        return {"tuple": [encode(item) for item in value]}
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise NotEncodable("a mapping whose keys are not all strings")
        return {"dict": [[key, encode(item)] for key, item in value.items()]}
    if CLASSES.get(kind.__name__) is kind:
        encoded = {name: encode(getattr(value, name)) for name in FIELD_NAMES[kind]}
        return {"class": kind.__name__, "fields": encoded}
    raise NotEncodable(f"a {kind.__name__}")


def decode(data: Any) -> Any:
    """The value ``encode`` gave ``data`` for; ValueError, KeyError or TypeError when ``data`` is not such
    data."""
    if type(data) in PLAIN:
        return data
    if type(data) is not dict or len(data) not in (1, 2):
        raise ValueError("not encoded lesson data")
    if "tuple" in data:
        return tuple(decode(item) for item in data["tuple"])
    if "dict" in data:
        return {_key(key): decode(item) for key, item in data["dict"]}
    cls = CLASSES[data["class"]]
    return cls(**{_key(name): decode(item) for name, item in data["fields"].items()})


def _key(key: Any) -> str:
    if type(key) is not str:
        raise ValueError("not encoded lesson data")
    return key
