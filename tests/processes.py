"""Reading a child process's output in tests that drive the plain tutor or an ssh session through pipes."""

import os
import select
import subprocess
import sys
import time


def read_until(process: subprocess.Popen, text: str, seconds: float = 60) -> str:
    """What the process printed up to and including ``text``; fails with the last output if it never comes."""
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + seconds
    while text.encode() not in seen:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {text!r} within {seconds} s; got {seen.decode(errors='replace')[-600:]!r}"
        chunk = os.read(process.stdout.fileno(), 65536)
        assert chunk, f"the process ended before {text!r}: {seen.decode(errors='replace')[-600:]!r}"
        seen += chunk
    return seen.decode()


def plain_tutor_past_the_reading(lesson: str, env: dict[str, str]) -> subprocess.Popen:
    """``gdtutor --plain LESSON`` on pipes, once it has taken Enter past the lesson's first (reading) step."""
    tutor = subprocess.Popen(
        [sys.executable, "-m", "gdtutor", "--plain", lesson],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert tutor.stdin is not None
    read_until(tutor, "> ")
    tutor.stdin.write(b"\n")
    tutor.stdin.flush()
    return tutor
