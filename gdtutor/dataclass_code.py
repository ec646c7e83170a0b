"""The methods Python writes for dataclasses, kept compiled between runs of gdtutor.

At import, Python builds each dataclass's ``__init__``, ``__repr__``, ``__eq__`` (a frozen one's also
``__hash__``, ``__setattr__`` and ``__delattr__``) as source text and compiles it with ``exec``. On the way
to a lesson's first step gdtutor defines about 85 dataclasses, and Textual about 45 before the app's first
paint: some 400 small compiles, about a quarter of the CPU a plain lesson takes to start.

``install`` gives the ``dataclasses`` module an ``exec`` of its own that looks each text up in a file of
code objects compiled by an earlier run of the same command (``code-cache/`` in the data folder, one file per
command and interpreter, marshalled as a ``.pyc`` holds code) and compiles only texts it has not seen; what
it compiled is added to the file when the process ends. A code object is exactly what ``exec`` compiles
from the same text, so every class is the same as without the cache. The folder and file must be this
user's own and writable by no one else, as the lesson cache's; a file that cannot be read or holds anything
but code under text keys counts as empty.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gdtutor.files import FileRefused, owned_privately, read_limited
from gdtutor.paths import user_data_dir, write_private_file

CACHE_FOLDER = "code-cache"
CACHE_BYTES = 8 * 1024 * 1024
KEPT_TEXTS = 4000  # a cache past this many (gdtutor and Textual upgraded often) starts again


class CompiledTexts:
    """Code objects by the source text they were compiled from: those read from ``path``, and new ones."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known = _read(path)
        self.new: dict[str, types.CodeType] = {}

    def exec(
        self, source: object, globals: dict[str, Any] | None = None, locals: Mapping[str, Any] | None = None
    ) -> None:
        """``builtins.exec``, with a source text compiled once across runs."""
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)  # type: ignore[arg-type]
            return
        code = self.known.get(source) or self.new.get(source)
        if code is None:
            # dont_inherit: compiled as the dataclasses module compiles it, without this module's __future__.
            code = self.new[source] = compile(source, "<string>", "exec", dont_inherit=True)
        builtins.exec(code, globals, locals)

    def save(self) -> None:
        """Add the new code to the file (a file that cannot be written is let go)."""
        if not self.new:
            return
        kept = self.known if len(self.known) + len(self.new) <= KEPT_TEXTS else {}
        with contextlib.suppress(OSError, ValueError):
            write_private_file(self.path, marshal.dumps({**kept, **self.new}))
        self.known, self.new = {**kept, **self.new}, {}


def cache_path(command: str, data_dir: Path | None = None) -> Path:
    """The cache file of ``command`` for this interpreter (code objects differ between Python versions)."""
    tag = f"{sys.implementation.cache_tag}-{_magic()}"
    return (data_dir or user_data_dir()) / CACHE_FOLDER / f"dataclasses-{command}-{tag}.marshal"


def install(command: str, data_dir: Path | None = None) -> CompiledTexts:
    """Make the dataclasses module compile through the cache of ``command`` for the rest of this process;
    what is new is saved when this process (not a child forked from it) exits."""
    texts = CompiledTexts(cache_path(command, data_dir))
    dataclasses.exec = texts.exec  # type: ignore[attr-defined]  # found before builtins.exec by its _create_fn
    owner = os.getpid()

    def save_in_this_process() -> None:
        if os.getpid() == owner:
            texts.save()

    atexit.register(save_in_this_process)
    return texts


def uninstall() -> None:
    """The dataclasses module compiles with ``builtins.exec`` again."""
    with contextlib.suppress(AttributeError):
        del dataclasses.exec  # type: ignore[attr-defined]


def _read(path: Path) -> dict[str, types.CodeType]:
    try:
        if not (owned_privately(path.parent) and owned_privately(path)):
            return {}
        texts = marshal.loads(read_limited(path, CACHE_BYTES, "code cache"))
    except (OSError, FileRefused, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(texts, dict):
        return {}
    if not all(isinstance(key, str) and isinstance(code, types.CodeType) for key, code in texts.items()):
        return {}
    return texts


def _magic() -> str:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER.hex()
