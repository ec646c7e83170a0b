"""Data files: separators, headers, comments, and a one-line error for every way a file can be wrong."""

import numpy as np
import pytest

from gdtutor.core.data import load_table, parse_table
from gdtutor.errors import GdtutorError


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3\n4,5,6\n",
        "1\t2\t3\n4\t5\t6\n",
        "1 2   3\n4 5 6",
        "1, 2, 3\r\n4 ,5 ,6\r\n",
        "a,b,y\n1,2,3\n4,5,6\n",
        "# made by hand\n\n1,2,3  # first\n\n4,5,6\n",
        "\ufeff1,2,3\n4,5,6\n",
    ],
)
def test_layouts_that_mean_the_same_table(tmp_path, text):
    data = load_table(write(tmp_path, text))
    np.testing.assert_array_equal(data.X, [[1, 2], [4, 5]])
    np.testing.assert_array_equal(data.y, [3, 6])
    assert (data.m, data.n) == (2, 2)
    assert data.X.flags.c_contiguous and data.y.flags.c_contiguous


def test_header_names_are_kept():
    data = parse_table("size bedrooms price\n2104 3 399900\n", source="houses.txt")
    assert data.columns == ("size", "bedrooms", "price")
    assert parse_table("1 2\n").columns is None


def test_number_forms():
    data = parse_table("-1.5,+2e3\n.5,3.\n1E-2,-0\n")
    np.testing.assert_array_equal(data.X[:, 0], [-1.5, 0.5, 0.01])
    np.testing.assert_array_equal(data.y, [2000.0, 3.0, -0.0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2,3\n4,5\n", "data.csv:2: expected 3 numbers, got 2"),
        ("x,y\n1,2\n\n# note\n3,abc\n", "data.csv:5: 'abc' is not a number"),
        ("1,2\n3,nan\n", "data.csv:2: 'nan' is not a finite number"),
        ("1,2\ninf,3\n", "data.csv:2: 'inf' is not a finite number"),
        ("1,2\n3,-Infinity\n", "data.csv:2: '-Infinity' is not a finite number"),
        ("1,2\n3,\u0663\n", "data.csv:2: '\u0663' is not a number"),
        ("1,2\n3,1_000\n", "data.csv:2: '1_000' is not a number"),
        ("1,2\n3,0x10\n", "data.csv:2: '0x10' is not a number"),
        ("1,2\n1e999,3\n", "data.csv:2: '1e999' is too large"),
        ("1,,2\n", "data.csv:1: empty value between separators"),
        ("1,abc\n", "data.csv:1: 'abc' is not a number"),
        ("x,y\n1,2,3\n", "data.csv:2: expected 2 numbers, got 3"),
        ("", "data.csv: no data rows"),
        ("# only a comment\n\n", "data.csv: no data rows"),
        ("x,y\n", "data.csv: no data rows"),
        ("1\n2\n", "data.csv: needs at least 2 columns (features, then y), found 1"),
    ],
)
def test_bad_files_name_the_file_and_line(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(GdtutorError) as caught:
        load_table(path)
    assert str(caught.value) == str(path) + message.removeprefix("data.csv")


def test_a_long_bad_value_is_shortened():
    with pytest.raises(GdtutorError) as caught:
        parse_table("1," + "z" * 500 + "\n1,2\n", source="d")
    assert len(str(caught.value)) < 80


def test_missing_file(tmp_path):
    with pytest.raises(GdtutorError, match="no such file"):
        load_table(tmp_path / "absent.csv")


def test_directory(tmp_path):
    with pytest.raises(GdtutorError, match="is a directory"):
        load_table(tmp_path)


def test_non_utf8_bytes_name_the_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"1,2\n3,4\n5,\xe96\n")
    with pytest.raises(GdtutorError, match=r"latin.csv:3: not UTF-8 text \(byte 0xe9\)"):
        load_table(path)
