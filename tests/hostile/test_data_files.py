"""A lesson's data_file and ``solve --data`` are untrusted files: only regular files inside the lesson's
folder, read with a bound, never echoed; a FIFO, a device, a link out or a huge file is a one-line problem."""

from __future__ import annotations

import os

import pytest

from gdtutor import limits

LESSON = """id: with-data
title: With data
problem:
  data_file: {name}
  start: [0, 0]
steps:
  - id: only
    kind: number
    ask: cost
    prompt: What is J at the start?
"""
DATA_FILE_AT = "with-data.yaml:4:14: problem.data_file: "


def _lesson(folder, name: str):
    path = folder / "with-data.yaml"
    path.write_text(LESSON.format(name=name), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/dev/zero", "must be a path relative to the lesson's folder, not an absolute path"),
        ("/etc/passwd", "must be a path relative to the lesson's folder, not an absolute path"),
        ("../secret.csv", "must stay inside the lesson's folder (no ..)"),
        ("sub/../../secret.csv", "must stay inside the lesson's folder (no ..)"),
        ("zero.csv", "is a link to a file outside its folder"),
        ("out.csv", "is a link to a file outside its folder"),
        ("fifo.csv", "is a FIFO, not a data file"),
        ("big.csv", f"the data file is larger than {limits.DATA_BYTES:,} bytes"),
        ("many.csv", f"more than {limits.DATA_ROWS:,} data rows"),
        ("wide.csv", f"a data set has at most {limits.FEATURES + 1}"),
    ],
)
def test_validate_refuses_a_data_file_it_must_not_read(tmp_path, run_gdtutor, name, message):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (tmp_path / "secret.csv").write_text("1,2\n3,SECRET-CONTENT\n", encoding="utf-8")
    (folder / "zero.csv").symlink_to("/dev/zero")
    (folder / "out.csv").symlink_to(tmp_path / "secret.csv")
    os.mkfifo(folder / "fifo.csv")
    with open(folder / "big.csv", "wb") as stream:
        stream.truncate(1024**3)  # sparse: reading it whole would take a gigabyte
    (folder / "many.csv").write_text("1,2\n" * (limits.DATA_ROWS + 1), encoding="utf-8")
    (folder / "wide.csv").write_text(",".join(["1"] * (limits.FEATURES + 2)) + "\n", encoding="utf-8")
    path = _lesson(folder, name)
    result = run_gdtutor("validate", str(path), timeout=30, cwd=folder)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(DATA_FILE_AT), result.stdout
    assert message in result.stdout
    assert "SECRET" not in result.stdout + result.stderr


def test_listing_and_opening_lessons_do_not_hang_on_a_fifo_data_file(tmp_path, run_gdtutor):
    # A FIFO data_file once hung `gdtutor lessons` and --plain of every lesson.
    os.mkfifo(tmp_path / "fifo.csv")
    _lesson(tmp_path, "fifo.csv")
    listed = run_gdtutor("lessons", "--lessons", str(tmp_path), timeout=30)
    assert listed.returncode == 0
    assert "with-data" in listed.stdout  # listed from its header; the data file is not read
    opened = run_gdtutor("--plain", "--lessons", str(tmp_path), "descent-on-theta", stdin="q\n", timeout=30)
    assert "Traceback" not in opened.stderr


def test_a_bad_value_in_a_data_file_is_named_by_place_not_quoted(tmp_path, run_gdtutor):
    (tmp_path / "data.csv").write_text("1,2\n3,\x1b]52;c;SECRET\x07\n", encoding="utf-8")
    path = _lesson(tmp_path, "data.csv")
    result = run_gdtutor("validate", str(path), timeout=30, cwd=tmp_path)
    assert result.returncode == 1
    assert "data.csv:2: column 2 is not a number" in result.stdout
    assert "SECRET" not in result.stdout and "\x1b" not in result.stdout


def test_a_data_file_inside_the_folder_still_loads(tmp_path, run_gdtutor):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "data.csv").write_text("1,2\n2,4\n3,6\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "sub" / "data.csv")
    for name in ("sub/data.csv", "link.csv"):
        path = _lesson(tmp_path, name)
        result = run_gdtutor("validate", str(path), timeout=60, cwd=tmp_path)
        assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_solve_refuses_a_device_as_data_in_one_line(run_gdtutor, device):
    # --data /dev/zero once ended in a MemoryError traceback.
    result = run_gdtutor("solve", "--data", device, "--alpha", "0.1", "--iterations", "1", timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"gdtutor: {device}: is a device, not a data file"]


def test_a_symlinked_lesson_does_not_echo_the_file_it_points_at(tmp_path, run_gdtutor):
    secret = tmp_path / "shadow"
    secret.write_text("root:SECRET-HASH:19000:0:99999:7:::\n", encoding="utf-8")
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "innocent.yaml").symlink_to(secret)
    result = run_gdtutor("validate", str(folder), timeout=30, cwd=folder)
    assert result.returncode == 1
    assert "innocent.yaml:1:1: not read: is a link to a file outside its folder" in result.stdout
    assert "SECRET" not in result.stdout + result.stderr
