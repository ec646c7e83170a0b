"""A learner's own export (``gdtutor export``) never carries a byte that drives a terminal or spreadsheet."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gdtutor.progress.store import Action, Attempt, ProgressStore

TYPED = "\x1b]52;c;U0VDUkVU\x07\x1b]2;pwned\x07\x1b[2J=HYPERLINK(1)\u202e\x9b31m"


@pytest.mark.parametrize("form", ["--csv", "--json"])
def test_typed_escape_sequences_come_out_inert(tmp_path, form):
    with ProgressStore.open("ada", tmp_path) as store:
        store.record_action(Action("intro", "a", Attempt("intro", "a", 1, TYPED, "invalid")))
    env = {**os.environ, "GDTUTOR_DATA_DIR": str(tmp_path), "GDTUTOR_LEARNER": "ada"}
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "export", form], capture_output=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert not any(char in out for char in "\x1b\x07\x9b\u202e")
    if form == "--json":
        answer = json.loads(out)["attempts"][0]["answer"]
        assert "\x1b" in answer and answer == TYPED  # JSON keeps the answer exactly, as \\u escapes
    else:
        assert "\\x1b]52" in out and ",=HYPERLINK" not in out
