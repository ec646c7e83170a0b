"""A problem about a step names it by its place, ``steps[3]``, and by the id its author gave it, which is what
the author searches the file for: ``steps[3].alpha (step too-big) must be a positive number``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from gdtutor.lessons.model import Diagnostic
from gdtutor.lessons.yaml_loader import Node

# The path a message starts with, when it is inside a step: steps[3], steps[3].mistakes[0].value ...
_STEP_PATH = re.compile(r"steps\[(\d+)\]((?:\.\w+|\[\d+\])*)")


def with_step_ids(problems: Iterable[Diagnostic], ids: Sequence[str | None]) -> list[Diagnostic]:
    """``problems`` whose message starts with a step's path, with the step's id after the path."""
    named = []
    for problem in problems:
        match = _STEP_PATH.match(problem.message)
        index = int(match.group(1)) if match else len(ids)
        step_id = ids[index] if index < len(ids) else None
        if match and step_id and match.group(2) != ".id":  # a message about the id quotes it already
            message = f"{match.group(0)} (step {step_id}){problem.message[match.end() :]}"
            problem = replace(problem, message=message)
        named.append(problem)
    return named


def written_step_ids(root: Node) -> list[str | None]:
    """Each step's id as the file writes it (None where it has none), even when the file has other errors."""
    steps = root.entries.get("steps") if root.kind == "mapping" else None
    if steps is None or steps[1].kind != "sequence":
        return []
    ids: list[str | None] = []
    for step in steps[1].items:
        entry = step.entries.get("id") if step.kind == "mapping" else None
        value = entry[1].value if entry is not None else None
        ids.append(value if isinstance(value, str) else None)
    return ids
