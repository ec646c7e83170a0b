"""numpy's fast reading of a data file gives what reading it line by line gives: the same table, or the
same one-line error naming the same line, whatever the layout, the chunk boundaries and the mistakes."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdtutor.core import data
from gdtutor.errors import GdtutorError

NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.floats(1e-300, 1e300).map(lambda v: f"{v:.3e}"),
    st.sampled_from(["+1", "-.5", "5.", "1E-2", "-0", "007"]),
)
MISTAKES = st.sampled_from(
    ["abc", "nan", "-inf", "1e999", "", "1.2.3", "--1", "0x10", "1_0", "\u0663", "1e", "é", "1,", "\x0b2"]
)
# numpy is given every file of printable ASCII: letters, comments and quotes too, and controls beside them
MISTAKES_AMONG_TEXT = st.sampled_from(
    ["2\x0c", "\x1c3", "\x00", "1\u2028", "+NaN", "Infinity", "1#2", "1e5x", "7 #", '"4"', "\t5", "2\r"]
)


@st.composite
def data_files(draw):
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(NUMBERS, min_size=width, max_size=width), min_size=0, max_size=30))
    separator = draw(st.sampled_from([",", ", ", " ,", "\t", " ", "  ", " \t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if rows and draw(st.booleans()):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        row[draw(st.integers(0, width - 1))] = draw(st.one_of(MISTAKES, MISTAKES_AMONG_TEXT))
        if draw(st.integers(0, 3)) == 0:
            row.append("9")
    lines = [separator.join(row) for row in rows]
    if draw(st.booleans()):
        lines.insert(0, separator.join(f"c{j}" for j in range(width)))
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# note", "  ", "#"])))
    if lines and draw(st.booleans()):
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] += draw(st.sampled_from(["  # comment", "\r", ",", " 7"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


def read(path, fast, chunk_bytes):
    """(X, y, columns) or the error message, reading with numpy or line by line."""
    reader = data._TableReader(str(path), 40, None, True, path.stat().st_size, fast=fast)
    content = path.read_bytes()
    pieces = [content[start : start + chunk_bytes] for start in range(0, len(content), chunk_bytes)]
    try:
        for chunk in data._whole_lines(pieces, strip_bom=True):
            reader.feed(chunk)
        table = reader.dataset()
    except GdtutorError as error:
        return str(error)
    return table.X.tolist(), table.y.tolist(), table.columns


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=data_files(), chunk_bytes=st.sampled_from([1, 7, 64, 1 << 20]))
def test_numpy_reads_what_the_line_reader_reads(tmp_path, text, chunk_bytes):
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode("utf-8"))
    assert read(path, True, chunk_bytes) == read(path, False, chunk_bytes)


def saved_table(tmp_path: Path, seed: int, delimiter: str, header: str) -> tuple[np.ndarray, Path]:
    """5,000 rows of three random columns written as text, and the rows."""
    table = np.random.default_rng(seed).normal(size=(5_000, 3))
    path = tmp_path / "big.csv"
    np.savetxt(path, table, delimiter=delimiter, header=header, comments="")
    return table, path


def test_a_large_file_is_read_through_numpy_in_chunks(tmp_path, monkeypatch):
    table, path = saved_table(tmp_path, 1, ",", "a,b,y")
    monkeypatch.setattr(data, "CHUNK_BYTES", 4096)
    lines_read_one_by_one = []
    original = data._TableReader._read_lines
    monkeypatch.setattr(
        data._TableReader,
        "_read_lines",
        lambda self, chunk: lines_read_one_by_one.append(chunk) or original(self, chunk),
    )
    dataset = data.load_table(path)
    np.testing.assert_array_equal(dataset.X, table[:, :2])
    np.testing.assert_array_equal(dataset.y, table[:, 2])
    assert dataset.columns == ("a", "b", "y")
    assert len(lines_read_one_by_one) == 2  # the header and the first row; numpy read the rest


def test_a_bad_line_deep_in_a_large_file_is_named(tmp_path, monkeypatch):
    lines = [f"{i},{2 * i}" for i in range(3_000)]
    lines[2_500] = "1,two"
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(data, "CHUNK_BYTES", 1000)
    with pytest.raises(GdtutorError) as caught:
        data.load_table(path)
    assert str(caught.value) == f"{path}:2501: 'two' is not a number"


def test_more_rows_than_allowed_names_the_first_one_too_many(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("".join(f"{i} {i}\n" for i in range(60)))
    with pytest.raises(GdtutorError) as caught:
        data.load_table(path, max_rows=50)
    assert str(caught.value) == f"{path}:51: more than 50 data rows"


def loaded(path):
    """(X, y, columns, X C-contiguous) or the error message, as load_table gives them."""
    try:
        table = data.load_table(path, max_rows=40)
    except GdtutorError as error:
        return str(error)
    return table.X.tolist(), table.y.tolist(), table.columns, table.X.flags.c_contiguous


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=data_files(), bom=st.booleans())
def test_the_whole_file_read_by_numpy_is_what_the_line_reader_reads(tmp_path, text, bom):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\xef\xbb\xbf" * bom + text.encode("utf-8"))
    expected = read(path, False, 1 << 20)
    got = loaded(path)
    assert got == (expected if isinstance(expected, str) else (*expected, True))


def test_a_clean_file_is_read_by_one_numpy_call_on_the_whole_file(tmp_path, monkeypatch):
    table, path = saved_table(tmp_path, 2, "\t", "# made by hand\n\na\tb\ty")
    monkeypatch.setattr(data, "CHUNK_BYTES", 4096)
    calls = []
    original = np.loadtxt
    monkeypatch.setattr(
        np, "loadtxt", lambda source, **options: calls.append(source) or original(source, **options)
    )
    dataset = data.load_table(path)
    np.testing.assert_array_equal(dataset.X, table[:, :2])
    np.testing.assert_array_equal(dataset.y, table[:, 2])
    assert dataset.columns == ("a", "b", "y") and dataset.X.flags.c_contiguous
    assert len(calls) == 1 and isinstance(calls[0], str)  # a path: numpy reads it in blocks


def test_blank_lines_among_the_rows_are_read_without_a_word_from_numpy(tmp_path):
    """The reader bounds numpy's rows; numpy would warn, on standard error, about every blank line."""
    import warnings

    path = tmp_path / "gaps.csv"
    path.write_text("x,y\n1,2\n\n3,4\n\n\n5,6\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = data.load_table(path)
    assert table.y.tolist() == [2.0, 4.0, 6.0]


@pytest.mark.parametrize("rows", [1, 2, 7, 12, 50, 1001])
@pytest.mark.parametrize("width", [2, 3, 12])
def test_x_and_y_are_moved_apart_within_numpys_own_array(monkeypatch, rows, width):
    """Blocks of 3 rows: many blocks, more waiting y blocks than features per row or fewer, a ragged end."""
    monkeypatch.setattr(data, "CHUNK_BYTES", 8 * width * 3)
    table = np.arange(rows * width, dtype=float).reshape(rows, width)
    values = table.copy()
    X, y = data._split_columns(values)
    np.testing.assert_array_equal(X, table[:, :-1])
    np.testing.assert_array_equal(y, table[:, -1])
    assert X.flags.c_contiguous and y.flags.c_contiguous
    assert np.shares_memory(X, values) and np.shares_memory(y, values)


def test_a_table_read_whole_is_kept_in_numpys_array_and_nothing_beside_it(tmp_path):
    table, path = saved_table(tmp_path, 3, ",", "a,b,y")
    dataset = data.load_table(path)
    np.testing.assert_array_equal(dataset.X, table[:, :2])
    np.testing.assert_array_equal(dataset.y, table[:, 2])
    assert dataset.X.base is dataset.y.base is not None
    assert dataset.X.base.nbytes == table.nbytes


@pytest.mark.parametrize(
    "text",
    [
        "1 2\x0c 3\n4 5 6\n",  # numpy would strip the form feed; the line reader ends the line there
        "1,2\n3,+NaN\n",  # numpy reads letters too; the line reader names the value
        "x,y # size\n1,2 # first\n3,4\n",
        "x\ty\r\n1\t2\r\n\r\n3\t4\r\n",  # tabs and \r\n: every byte is looked at
        "1,2\n3,4",
    ],
)
def test_what_numpy_is_given_whole_it_reads_as_the_line_reader(tmp_path, text):
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode())
    expected = read(path, False, 1 << 20)
    assert loaded(path) == (expected if isinstance(expected, str) else (*expected, True))
