"""`gdtutor --plain LESSON` on a lesson file opened before prints its first step from the lesson cache, before
numpy and the tutor load; the learner's first line then gets the tutor and is answered as it always was. At a
terminal the tutor's lesson and engine load while the learner reads the step."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

LESSON = "descent-on-theta-squared"
# The lesson as the learner sees it, then whether numpy and the tutor were loaded (on stderr).
SCRIPT = """\
import sys
from gdtutor.cli import main
status = main(sys.argv[1:])
print(sorted(m for m in ("numpy", "gdtutor.engine.tutor") if m in sys.modules), file=sys.stderr)
raise SystemExit(status)
"""
TYPED = "\nhint\n2*theta\nshow\n"


def plain(data_dir: Path, *args: str, stdin: str = "", learner: str = "ada") -> tuple[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "GDTUTOR_DATA_DIR": str(data_dir)}
    env["GDTUTOR_LEARNER"] = learner
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "--plain", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr.strip().splitlines()[-1]


def test_a_lesson_opened_before_prints_its_first_step_before_numpy_and_the_tutor_load(tmp_path):
    first, first_loaded = plain(tmp_path, LESSON)  # loads the lesson in full: the cache keeps its opening
    again, again_loaded = plain(tmp_path, LESSON)
    assert first_loaded == "['gdtutor.engine.tutor', 'numpy']"
    assert again_loaded == "[]"
    assert again == first
    assert "Step 1 of 9\n" in again and "Plot: Descent starts at θ = 3.0.\n" in again
    assert again.endswith(
        "(Press Enter to go on.)\n> \nEnd of input: stopping here. Your progress is kept.\n"
    )


def test_the_first_lines_after_an_early_opening_are_answered_as_after_a_full_load(tmp_path):
    full, _ = plain(tmp_path / "fresh", LESSON, stdin=TYPED)
    plain(tmp_path / "kept", LESSON)
    early, loaded = plain(tmp_path / "kept", LESSON, stdin=TYPED)
    assert loaded == "['gdtutor.engine.tutor', 'numpy']"
    assert early == full
    assert "Correct.\n" in early and "Hint 1 of 2: " in early and early.count("Step 3 of 9\n") == 2
    # Both records carry on from the same step.
    assert plain(tmp_path / "kept", LESSON)[0] == plain(tmp_path / "fresh", LESSON)[0]


def test_an_early_opening_records_the_lesson_as_the_learners_current_one(tmp_path):
    plain(tmp_path, LESSON, learner="other")  # the lesson cache is the data folder's, for every learner
    _, loaded = plain(tmp_path, LESSON, learner="ada")
    assert loaded == "[]"
    menu, _ = plain(tmp_path, learner="ada")
    assert f"{LESSON}: Gradient descent on J(θ) = θ²  (current)" in menu


def test_at_a_terminal_the_lesson_and_the_engine_load_while_the_learner_reads(tmp_path):
    """With a person at a terminal, what the first line needs (the lesson, numpy, the engine) loads on a
    thread once the step is printed, so that their first answer does not wait for it."""
    plain(tmp_path, LESSON)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "GDTUTOR_DATA_DIR": str(tmp_path)}
    env["GDTUTOR_LEARNER"] = "ada"
    reader, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "gdtutor", "--plain", LESSON],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        shown = _read_until(process.stdout, b"> ")
        assert b"Step 1 of 9" in shown
        deadline = time.monotonic() + 60
        while not _has_numpy(process.pid):  # nothing typed yet
            assert time.monotonic() < deadline, "numpy never loaded while the learner read"
            time.sleep(0.05)
        os.write(reader, b"\n")
        assert b"Step 2 of 9" in _read_until(process.stdout, b"> ")
        os.write(reader, b"\x04")  # ctrl+d: the end of input
        assert process.wait(timeout=60) == 0
        assert b"End of input: stopping here." in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(reader)
        os.close(terminal)


def _read_until(stream, marker: bytes, seconds: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while not seen.endswith(marker):
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(stream.fileno(), 65536) if ready else b""
        assert chunk, seen.decode()
        seen += chunk
    return seen


def _has_numpy(pid: int) -> bool:
    return "_multiarray_umath" in Path(f"/proc/{pid}/maps").read_text()
