"""Training data from text: one example per line, features then y, separated by commas, tabs or spaces.

Blank lines and ``#`` comments are skipped; a first line with no number in it is a header naming the
columns. Every problem is reported as one line naming the file and the line: ``data.csv:7: ...``.
"""

from __future__ import annotations

import io
import math
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from gdtutor import limits
from gdtutor.errors import GdtutorError
from gdtutor.files import FileRefused, limited_chunks, open_limited

if TYPE_CHECKING:
    from pathlib import Path

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


# Bytes a chunk of data rows may hold for numpy to read it: digits, signs, points, exponents, separators.
_NUMERIC_BYTES = b"0123456789+-.eE \t,\r\n"
_COMMENT = re.compile(rb"#[^\n]*")
# Bytes on which numpy reads a whole file as the line reader does (letters included: see _plain_text).
_PLAIN_TEXT = bytes(range(0x20, 0x7F)) + b"\t\r\n"
_BOM = b"\xef\xbb\xbf"
CHUNK_BYTES = 1 << 20
_LINE_BREAK = ord("\n")


class _TableReader:
    """Reads a table a chunk of whole lines at a time, each straight into the rows of X and y.

    A chunk goes to numpy's C reader (``np.loadtxt``) when nothing in it needs more than that: only
    number characters and separators, every line break a ``\n`` (``\r\n`` too), one kind of separator.
    numpy then checks that every line has the same number of fields and that every field is a number; a
    chunk it refuses, or whose values are not finite, is read again line by line (``_read_lines``), which
    names the first bad line, or reads what numpy could not (commas and spaces mixed, say). Header,
    comments and blank lines follow the same rules either way.
    """

    def __init__(
        self, source: str, max_rows: int, max_columns: int | None, quote: bool, size: int, fast: bool = True
    ) -> None:
        self.source = source
        self.fast = fast  # False: every line read one by one (what the tests compare numpy's reading with)
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.quote = quote
        self.size = size  # of the file in bytes: bounds the number of rows
        self.columns: tuple[str, ...] | None = None
        self.width = 0
        self.rows = 0
        self.lines = 0  # lines read so far, as str.splitlines counts them
        self.delimiter: str | None = None
        self._X = np.empty((0, 0))
        self._y = np.empty(0)

    def feed(self, chunk: bytes) -> None:
        """Read the next whole lines of the file (the last chunk may end without a line break)."""
        if self.rows == 0:
            chunk = self._read_up_to_first_row(chunk)
        if chunk and not (self.fast and self._read_fast(chunk)):
            self._read_lines(chunk)

    def dataset(self) -> Dataset:
        if self.rows == 0:
            raise GdtutorError(f"{self.source}: no data rows")
        if self.width < 2:
            raise GdtutorError(f"{self.source}: needs at least 2 columns (features, then y), found 1")
        rows = self.rows
        return Dataset(X=self._X[:rows], y=self._y[:rows], columns=self.columns, source=self.source)

    def _read_up_to_first_row(self, chunk: bytes) -> bytes:
        """Reads lines one by one until the first data row, which fixes the width; returns the rest."""
        while chunk and self.rows == 0:
            end = chunk.find(b"\n") + 1 or len(chunk)
            self._read_lines(chunk[:end])
            chunk = chunk[end:]
        return chunk

    def _read_fast(self, chunk: bytes) -> bool:
        """True when numpy read the chunk and every value in it is fine; nothing is kept otherwise."""
        numeric = _COMMENT.sub(b"", chunk) if b"#" in chunk else chunk
        if numeric.translate(None, _NUMERIC_BYTES):
            return False
        if b"\r" in numeric and numeric.count(b"\r") != numeric.count(b"\r\n"):
            return False  # a lone \r ends a line for the line reader, not for numpy
        if not numeric.strip():
            return self._count(chunk)  # blank lines and comments
        if (self.delimiter == ",") != (b"," in numeric):
            return False
        try:
            values = np.loadtxt(
                io.BytesIO(chunk), delimiter=self.delimiter, comments="#", ndmin=2, encoding="ascii"
            )
        except ValueError:
            return False
        if values.size and (values.shape[1] != self.width or not np.isfinite(values).all()):
            return False
        if self.rows + len(values) > self.max_rows:
            return False
        self._append(values)
        return self._count(chunk)

    def _count(self, chunk: bytes) -> bool:
        # numpy counts a chunk's line breaks several times faster than bytes.count does
        breaks = int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == _LINE_BREAK))
        self.lines += breaks + (not chunk.endswith(b"\n"))
        return True

    def _read_lines(self, chunk: bytes) -> None:
        """The chunk line by line: each bad line is a one-line GdtutorError naming it."""
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as error:
            bad_line = self.lines + chunk[: error.start].count(b"\n") + 1
            raise GdtutorError(
                f"{self.source}:{bad_line}: not UTF-8 text (byte 0x{chunk[error.start]:02x})"
            ) from None
        lines = text.splitlines()
        for number, raw in enumerate(lines, start=self.lines + 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            where = f"{self.source}:{number}"
            fields = _fields(line)
            if "" in fields:
                raise GdtutorError(f"{where}: empty value between separators")
            if self.rows == 0 and self.columns is None and self.width == 0 and _is_header(fields):
                self.columns = tuple(fields)
                self.width = len(fields)
                continue
            if self.rows == 0 and self.width == 0:
                self.width = len(fields)
            most = self.max_columns
            if most is not None and self.width > most:
                raise GdtutorError(f"{where}: {self.width} columns; a data set has at most {most}")
            if len(fields) != self.width:
                raise GdtutorError(f"{where}: expected {self.width} numbers, got {len(fields)}")
            if self.rows == self.max_rows:
                raise GdtutorError(f"{where}: more than {self.max_rows:,} data rows")
            row = [_number(field, where, column, self.quote) for column, field in enumerate(fields, start=1)]
            if self.rows == 0:
                self.delimiter = "," if "," in line else None
            self._append(np.array([row]))
        self.lines += len(lines)

    def _append(self, values: np.ndarray) -> None:
        """Rows go straight into X and y, so the data is never held twice."""
        end = self.rows + len(values)
        if end > len(self._y):
            # Room for as many rows as the file can hold (a row takes at least two bytes a column), up to
            # the limit: np.empty only reserves it, and the pages never written are never resident.
            capacity = max(end, min(self.max_rows, self.size // (2 * self.width) + 1))
            X, y = np.empty((capacity, self.width - 1)), np.empty(capacity)
            if self.rows:
                X[: self.rows], y[: self.rows] = self._X[: self.rows], self._y[: self.rows]
            self._X, self._y = X, y
        self._X[self.rows : end] = values[:, :-1]
        self._y[self.rows : end] = values[:, -1]
        self.rows = end


def parse_table(
    text: str,
    source: str = "<data>",
    max_rows: int = limits.SOLVE_DATA_ROWS,
    max_columns: int | None = None,
    quote: bool = True,
) -> Dataset:
    """Parse the text of a data file; ``source`` names it in error messages, which quote a bad value only
    when ``quote``. More than ``max_rows`` rows or ``max_columns`` columns is an error."""
    content = text.encode("utf-8")
    reader = _TableReader(source, max_rows, max_columns, quote, len(content))
    for chunk in _whole_lines([content]):
        reader.feed(chunk)
    return reader.dataset()


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
        with open_limited(path, max_bytes, "data file") as stream:
            size = os.fstat(stream.fileno()).st_size
            probe = _TableReader(name, max_rows, max_columns, quote, size)
            whole = _read_whole_file(stream, probe, max_bytes)
            if whole is not None:
                return whole
            stream.seek(0)
            reader = _TableReader(name, max_rows, max_columns, quote, size)
            for chunk in _whole_lines(limited_chunks(stream, max_bytes, "data file", CHUNK_BYTES), True):
                reader.feed(chunk)
    except FileRefused as error:
        raise GdtutorError(f"{name}: {error}") from None
    return reader.dataset()


def _read_whole_file(stream: BinaryIO, probe: _TableReader, max_bytes: int) -> Dataset | None:
    """The file read by numpy's C reader in one call, which reads it in blocks (given pieces of it, numpy
    reads a line at a time, at about 1.4 times the CPU); None when numpy refuses it, or a value is not
    finite, or the file holds anything numpy could read otherwise than the line reader, and the caller
    reads it again.

    The lines up to the first data row are read first, by the line reader (header, comments, blank lines:
    their errors are the line reader's own). X and y come out of numpy's one array of rows, in place.
    """
    if not os.path.isdir("/dev/fd"):
        return None
    first = next(_pieces(stream, max_bytes), b"")
    lines_before = 0  # before the first data row, each ended by its own line break
    while first and probe.rows == 0:
        end = first.find(b"\n") + 1
        if not end and len(first) == CHUNK_BYTES:
            return None  # the first data row is not whole in the first piece
        probe.feed(first[: end or len(first)])
        first = first[end:] if end else b""
        lines_before += probe.rows == 0
    if probe.rows == 0 or probe.width < 2 or probe.lines != lines_before + 1:
        return None  # the line reader says what is missing, or counts lines otherwise than numpy
    try:
        stream.seek(0)  # where /dev/fd/N is the same open file, not the same file opened again
        with warnings.catch_warnings():
            # max_rows counts rows, not blank lines, which is what is meant; numpy warns that it once did not
            warnings.filterwarnings("ignore", "Input line", UserWarning)
            values = np.loadtxt(
                f"/dev/fd/{stream.fileno()}",  # the file already opened and checked, even if its path changed
                delimiter=probe.delimiter,
                skiprows=lines_before,
                max_rows=probe.max_rows + 1,  # rows a writer appends meanwhile cannot grow it unbounded
                ndmin=2,
                encoding="utf-8-sig",
            )
    except (ValueError, OSError):
        return None
    # a sum is finite only if every value is (or it overflows: then the line reader reads the file)
    if values.shape[1] != probe.width or len(values) > probe.max_rows or not np.isfinite(values.sum()):
        return None
    if not _plain_text(stream, max_bytes, lines_before + len(values)):
        return None
    X, y = _split_columns(values)
    return Dataset(X=X, y=y, columns=probe.columns, source=probe.source)


def _pieces(stream: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """The file from its start, a CHUNK_BYTES piece at a time, without a UTF-8 byte order mark."""
    stream.seek(0)
    pieces = limited_chunks(stream, max_bytes, "data file", CHUNK_BYTES)
    yield next(pieces, b"").removeprefix(_BOM)
    yield from pieces


def _plain_text(stream: BinaryIO, max_bytes: int, lines: int) -> bool:
    """True when the file holds nothing but printable ASCII, tabs and line breaks (\\n, \\r, \\r\\n alike), on
    which numpy reads what the line reader reads; ``lines``: those numpy read, skipped ones and rows.

    Letters are left to numpy: the only values it reads from them ("nan", "inf", ...) are not finite.
    Mostly one pass of numpy decides: every line break numpy read is one of the bytes below a space or
    beyond ASCII, so if there are no more of them than its lines (the last one may end without one),
    each of them is one of its line breaks. Tabs, \\r\\n, blank lines or comment lines make more of them:
    then bytes.translate, which takes about twice as long, looks at every byte."""
    below_space, last = 0, b""
    for piece in _pieces(stream, max_bytes):
        below_space += int(np.count_nonzero(np.frombuffer(piece, np.int8) < 0x20))
        last = piece[-1:] or last
    if below_space == lines - (last not in (b"\n", b"\r")):
        return True
    return not any(piece.translate(None, _PLAIN_TEXT) for piece in _pieces(stream, max_bytes))


def _split_columns(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """X and y out of numpy's (m, n + 1) rows, rearranged in the rows' own memory: X C-contiguous at its
    front, y C-contiguous right after it, nothing kept beside them but one block of rows.

    A block of rows at a time is copied out and its features written after those moved so far. The y values
    moved so far wait, as blocks, in the space between the features and the rows still to move, which is
    always just their size: the first n blocks there make room for the new features and move up to the
    space the block's rows left, with the block's own y values after them. The waiting blocks end out of
    order; they are put in order once, at the end (a ragged last block is moved as one)."""
    m, width = values.shape
    n = width - 1
    if not (values.flags.owndata and values.flags.c_contiguous):
        return np.ascontiguousarray(values[:, :-1]), values[:, -1].copy()
    flat = values.reshape(-1)
    size = max(1, min(m, CHUNK_BYTES // (8 * width)))
    blocks, ragged = divmod(m, size)
    rows = np.empty((size, width))
    waiting: list[int] = []  # the y blocks between the features and the rows still to move, in their order
    for block in range(blocks):
        start, end = block * size, (block + 1) * size
        rows[...] = values[start:end]
        moved = min(start, size * n)  # the waiting y values in the way of this block's features
        to = end * n + start - moved
        flat[to : to + moved] = flat[start * n : start * n + moved]
        flat[to + moved : end * width] = rows[:, n]
        flat[start * n : end * n].reshape(size, n)[...] = rows[:, :n]
        waiting = waiting[n:] + waiting[:n] + [block]
    start = blocks * size
    _in_order(flat[start * n : start * width], waiting, size, rows.reshape(-1)[:size])
    if ragged:
        last = rows[:ragged]
        last[...] = values[start:m]
        flat[m * n : m * n + start] = flat[start * n : start * width]  # numpy moves an overlap in place
        flat[start * n : m * n].reshape(ragged, n)[...] = last[:, :n]
        flat[m * n + start :] = last[:, n]
    return flat[: m * n].reshape(m, n), flat[m * n :]


def _in_order(blocks: np.ndarray, order: list[int], size: int, spare: np.ndarray) -> None:
    """Puts the blocks of ``size`` values, block ``order[i]`` now at place i, in order, one cycle of the
    permutation at a time: each block moves once, the first of its cycle twice (through ``spare``)."""
    place = {block: at for at, block in enumerate(order)}

    def at(index: int) -> np.ndarray:
        return blocks[index * size : (index + 1) * size]

    for first in range(len(order)):
        if place[first] == first:
            continue
        spare[...] = at(first)
        index = first
        while place[index] != first:  # the block that belongs at ``index`` is not the one in ``spare``
            source = place[index]
            at(index)[...] = at(source)
            place[index] = index
            index = source
        at(index)[...] = spare
        place[index] = index


def _whole_lines(pieces: Iterable[bytes], strip_bom: bool = False) -> Iterator[bytes]:
    """The pieces regrouped to end at line breaks (the last one may not)."""
    rest = b""
    first = True
    for piece in pieces:
        if first and strip_bom:
            piece = piece.removeprefix(_BOM)
        first = False
        piece = rest + piece
        end = piece.rfind(b"\n") + 1
        rest = piece[end:]
        if end:
            yield piece[:end]
    if rest:
        yield rest
