"""gdtutor/dataclass_code.py: dataclasses' methods compiled once across runs, the classes the same."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.dataclass_code import CompiledTexts, cache_path

ROOT = Path(__file__).resolve().parents[2]


def _define(texts: CompiledTexts | None, monkeypatch: pytest.MonkeyPatch) -> type:
    """A frozen dataclass with a default, a factory and an unhashed field, built through ``texts``."""
    with monkeypatch.context() as patch:
        if texts is not None:
            patch.setattr(dataclasses, "exec", texts.exec, raising=False)

        @dataclasses.dataclass(frozen=True)
        class Point:
            x: float
            y: float = 0.0
            tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
            note: str = dataclasses.field(default="", compare=False)

    return Point


def _behaviour(point_class: type) -> list[object]:
    a, b = point_class(1.0, tags=("a",)), point_class(1.0, 0.0, ("a",), "other note")
    try:
        a.x = 2.0
        refused = False
    except dataclasses.FrozenInstanceError:
        refused = True
    return [
        repr(a),
        a == b,
        hash(a) == hash(b),
        a == point_class(2.0),
        refused,
        dataclasses.replace(a, y=3.0).y,
    ]


def test_a_class_built_from_the_cache_is_the_one_python_builds_and_compiles_nothing(tmp_path, monkeypatch):
    fresh = CompiledTexts(tmp_path / "code" / "cache.marshal")
    first = _define(fresh, monkeypatch)
    assert len(fresh.new) >= 6  # __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__
    fresh.save()

    remembered = CompiledTexts(tmp_path / "code" / "cache.marshal")
    second = _define(remembered, monkeypatch)
    assert remembered.new == {}
    plain = _define(None, monkeypatch)
    assert _behaviour(second) == _behaviour(first) == _behaviour(plain)
    for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__"):
        assert getattr(second, method).__code__ == getattr(plain, method).__code__
    assert (tmp_path / "code" / "cache.marshal").stat().st_mode & 0o777 == 0o600


def test_a_cache_anyone_else_may_write_or_that_holds_anything_but_code_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "code" / "cache.marshal"
    texts = CompiledTexts(path)
    _define(texts, monkeypatch)
    texts.save()
    assert CompiledTexts(path).known
    os.chmod(path, 0o666)
    assert CompiledTexts(path).known == {}
    os.chmod(path, 0o600)
    os.chmod(path.parent, 0o777)
    assert CompiledTexts(path).known == {}
    os.chmod(path.parent, 0o700)
    for damaged in (
        b"not marshal",
        marshal.dumps(["a list"]),
        marshal.dumps({"def f(): pass": "source, not code"}),
    ):
        path.write_bytes(damaged)
        assert CompiledTexts(path).known == {}


def test_a_plain_lesson_compiles_its_dataclasses_in_its_first_run_only(tmp_path):
    """The program installs the cache: a second run finds every text and leaves the file as it was."""
    env = {**os.environ, "GDTUTOR_DATA_DIR": str(tmp_path), "GDTUTOR_LEARNER": "ada"}
    command = [sys.executable, "-m", "gdtutor", "--plain", "descent-on-theta-squared"]

    def run() -> None:
        done = subprocess.run(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        assert done.returncode == 0 and "Step 1 of" in done.stdout, done.stderr

    run()
    cache = cache_path("plain", tmp_path)
    written = cache.stat().st_mtime_ns
    assert len(marshal.loads(cache.read_bytes())) > 100
    run()
    assert cache.stat().st_mtime_ns == written
