"""Reading a child process's output in tests that drive the plain tutor or an ssh session through pipes."""

import os
import select
import subprocess
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
