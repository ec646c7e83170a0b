"""Training data from text: one example per line, features then y, separated by commas, tabs or spaces.

Blank lines and ``#`` comments are skipped; a first line with no number in it is a header naming the
columns. Every problem is reported as one line naming the file and the line: ``data.csv:7: ...``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gdtutor.errors import GdtutorError

_SEPARATOR = re.compile(r"\s*,\s*|\s+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})


@dataclass(frozen=True)
class Dataset:
    X: np.ndarray  # (m, n) features, C-contiguous float64
    y: np.ndarray  # (m,)
    columns: tuple[str, ...] | None  # header names, features then y, if the file had a header
    source: str

    @property
    def m(self) -> int:
        return self.X.shape[0]

    @property
    def n(self) -> int:
        return self.X.shape[1]


def _fields(line: str) -> list[str]:
    return _SEPARATOR.split(line.strip())


def _number(text: str, where: str) -> float:
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isinf(value):
            raise GdtutorError(f"{where}: '{text}' is too large")
        return value
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise GdtutorError(f"{where}: '{text}' is not a finite number")
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise GdtutorError(f"{where}: {shown!r} is not a number")


def _is_header(fields: list[str]) -> bool:
    return not any(_NUMBER.fullmatch(field) for field in fields)


def parse_table(text: str, source: str = "<data>") -> Dataset:
    """Parse the text of a data file; ``source`` names it in error messages."""
    rows: list[list[float]] = []
    columns: tuple[str, ...] | None = None
    width = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{number}"
        fields = _fields(line)
        if "" in fields:
            raise GdtutorError(f"{where}: empty value between separators")
        if not rows and columns is None and _is_header(fields):
            columns = tuple(fields)
            width = len(fields)
            continue
        if width == 0:
            width = len(fields)
        if len(fields) != width:
            raise GdtutorError(f"{where}: expected {width} numbers, got {len(fields)}")
        rows.append([_number(field, where) for field in fields])
    if not rows:
        raise GdtutorError(f"{source}: no data rows")
    if width < 2:
        raise GdtutorError(f"{source}: needs at least 2 columns (features, then y), found 1")
    table = np.array(rows, dtype=np.float64)
    return Dataset(
        X=np.ascontiguousarray(table[:, :-1]),
        y=np.ascontiguousarray(table[:, -1]),
        columns=columns,
        source=source,
    )


def load_table(path: str | Path) -> Dataset:
    """Read and parse a data file; every way it can fail becomes a one-line GdtutorError."""
    path = Path(path)
    name = str(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise GdtutorError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise GdtutorError(f"{name}: is a directory, not a data file") from None
    except PermissionError:
        raise GdtutorError(f"{name}: permission denied") from None
    except OSError as error:
        raise GdtutorError(f"{name}: cannot read ({error.strerror or error})") from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise GdtutorError(f"{name}:{line}: not UTF-8 text (byte 0x{content[error.start]:02x})") from None
    return parse_table(text, source=name)
