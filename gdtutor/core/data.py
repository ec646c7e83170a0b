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

from gdtutor import limits
from gdtutor.errors import GdtutorError
from gdtutor.files import read_limited

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


def _number(text: str, where: str, column: int, quote: bool) -> float:
    # Without ``quote`` a message names the column only: a lesson's data file is not the author's to show.
    shown = repr(text if len(text) <= 40 else text[:37] + "...") if quote else f"column {column}"
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isinf(value):
            raise GdtutorError(f"{where}: {shown} is too large")
        return value
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise GdtutorError(f"{where}: {shown} is not a finite number")
    raise GdtutorError(f"{where}: {shown} is not a number")


def _is_header(fields: list[str]) -> bool:
    return not any(_NUMBER.fullmatch(field) for field in fields)


def parse_table(
    text: str,
    source: str = "<data>",
    max_rows: int = limits.SOLVE_DATA_ROWS,
    max_columns: int | None = None,
    quote: bool = True,
) -> Dataset:
    """Parse the text of a data file; ``source`` names it in error messages, which quote a bad value only
    when ``quote``. More than ``max_rows`` rows or ``max_columns`` columns is an error."""
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
        if max_columns is not None and width > max_columns:
            raise GdtutorError(f"{where}: {width} columns; a data set has at most {max_columns}")
        if len(fields) != width:
            raise GdtutorError(f"{where}: expected {width} numbers, got {len(fields)}")
        if len(rows) == max_rows:
            raise GdtutorError(f"{where}: more than {max_rows:,} data rows")
        rows.append([_number(field, where, column, quote) for column, field in enumerate(fields, start=1)])
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


def load_table(
    path: str | Path,
    *,
    max_bytes: int = limits.SOLVE_DATA_BYTES,
    max_rows: int = limits.SOLVE_DATA_ROWS,
    max_columns: int | None = None,
    source: str | None = None,
    quote: bool = True,
) -> Dataset:
    """Read and parse a data file (a regular file of at most ``max_bytes``); every way it can fail becomes
    a one-line GdtutorError naming ``source`` (default: the path), quoting a bad value only if ``quote``."""
    name = source or str(path)
    try:
        content = read_limited(path, max_bytes, "data file")
    except GdtutorError as error:
        raise GdtutorError(f"{name}: {error}") from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise GdtutorError(f"{name}:{line}: not UTF-8 text (byte 0x{content[error.start]:02x})") from None
    return parse_table(text, source=name, max_rows=max_rows, max_columns=max_columns, quote=quote)
