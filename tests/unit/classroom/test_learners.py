"""`gdtutor class export LEARNER` and `gdtutor class forget LEARNER`: a learner's request, honoured."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from gdtutor.classroom.stores import snapshot


def test_export_gives_the_learners_whole_record(made_class, gdtutor):
    folder, ledger = made_class
    result = gdtutor("class", "export", "sam", "--class", str(folder))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "gdtutor-record" and data["learner"] == "sam"
    typed = [answer.answer for answer in ledger.answers if answer.learner == "sam"]
    assert [attempt["answer"] for attempt in data["attempts"]] == typed
    assert "first-step" not in data["lessons"]["descent-on-theta-squared"]["done"]


def test_export_to_a_file_and_an_unknown_learner(made_class, tmp_path, gdtutor):
    folder, _ = made_class
    target = tmp_path / "sam.csv"
    result = gdtutor("class", "export", "sam", "--class", str(folder), "-o", str(target))
    assert result.returncode == 0 and target.read_text(encoding="utf-8").startswith("id,time,lesson_id")
    result = gdtutor("class", "export", "nobody", "--class", str(folder))
    assert result.returncode == 2 and result.stdout == ""
    assert (
        result.stderr.startswith("gdtutor: no learner “nobody” in ") and "learners: ana, ben" in result.stderr
    )


def test_export_of_a_damaged_store_is_one_line(made_class, gdtutor):
    folder, _ = made_class
    result = gdtutor("class", "export", "zed-damaged", "--class", str(folder))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "zed-damaged.sqlite3: damaged" in result.stderr


def test_forget_moves_the_store_to_the_archive_and_deletes_nothing(class_copy, gdtutor):
    folder, _ = class_copy
    store = folder / "learners" / "sam.sqlite3"
    attempts = len(snapshot(store).attempts())
    result = gdtutor("class", "forget", "sam", "--class", str(folder), "--yes")
    assert result.returncode == 0, result.stderr
    assert not store.exists()
    (archived,) = (folder / "archive").glob("sam-*.sqlite3")
    assert len(snapshot(archived).attempts()) == attempts
    report = gdtutor("class", "report", "--class", str(folder), "--json")
    assert "sam" not in json.loads(report.stdout)["learners"]


def test_forget_without_a_terminal_or_yes_moves_nothing(class_copy, gdtutor):
    folder, _ = class_copy
    result = gdtutor("class", "forget", "tia", "--class", str(folder), stdin="y\n")
    assert result.returncode == 2 and "add --yes" in result.stderr
    assert (folder / "learners" / "tia.sqlite3").exists()


def _forget_at_a_terminal(folder, answer: str) -> tuple[int, str]:
    """Run `gdtutor class forget ana` on a pseudo-terminal, answering the question with ``answer``."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "gdtutor", "class", "forget", "ana", "--class", str(folder)],
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    output = b""
    while b"[y/N]" not in output:
        output += os.read(main, 1024)
    os.write(main, answer.encode() + b"\n")
    process.wait(timeout=60)
    try:
        while chunk := os.read(main, 1024):
            output += chunk
    except OSError:
        pass
    os.close(main)
    return process.returncode, output.decode()


def test_forget_asks_at_a_terminal(class_copy):
    folder, _ = class_copy
    code, output = _forget_at_a_terminal(folder, "n")
    assert code == 1 and "kept there, not deleted" in output and "Nothing moved." in output
    assert (folder / "learners" / "ana.sqlite3").exists()
    code, output = _forget_at_a_terminal(folder, "yes")
    assert code == 0 and "Moved ana's record to" in output
    assert not (folder / "learners" / "ana.sqlite3").exists()
    assert list((folder / "archive").glob("ana-*.sqlite3"))
