"""Textual's strips with their caches made when first used instead of when the strip is made.

A strip (one line of a widget, or a piece of one) carries seven small caches of what was derived from it:
crops, styles, divisions, filters. Textual makes all seven, each a cache object and an empty dict, about
900 bytes, for every strip, and most strips are themselves pieces held in another strip's cache that are
never cropped or styled again: with a lesson open, about 8,500 of 9,100 caches are empty (about 1.1 MB of
a session's private memory; benchmarks/README.md, bench_server.py). Here each cache is made the first time
its strip is asked for it, as Textual's own ``Content`` already does for its division cache; what is cached,
and for how long, is unchanged.
"""

from __future__ import annotations

from typing import Any

from textual.cache import FIFOCache
from textual.strip import Strip

# Strip's slots as this was written for (textual 8.2): with any other layout Strip is left as it is.
_SLOTS = (
    "_segments",
    "_cell_length",
    "_divide_cache",
    "_crop_cache",
    "_style_cache",
    "_filter_cache",
    "_render_cache",
    "_line_length_cache",
    "_crop_extend_cache",
    "_offsets_cache",
    "_link_ids",
    "_cell_count",
)
_CACHES = (
    "_divide_cache",
    "_crop_cache",
    "_style_cache",
    "_filter_cache",
    "_line_length_cache",
    "_crop_extend_cache",
    "_offsets_cache",
)


class _MadeOnFirstUse:
    """In place of one cache's slot: the strip's cache, made (with Textual's size) when first asked for."""

    __slots__ = ("size", "slot")

    def __init__(self, slot: Any, size: int) -> None:
        self.slot = slot  # the slot's own descriptor, which stores the value in the strip
        self.size = size

    def __get__(self, strip: Strip | None, owner: type | None = None) -> Any:
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:
            cache: FIFOCache[Any, Any] = FIFOCache(self.size)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip: Strip, value: object) -> None:
        self.slot.__set__(strip, value)


def _lean_init(self: Strip, segments: Any, cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def make_strip_caches_on_first_use() -> bool:
    """From now on, every strip of this process makes a cache only when first asked for it. False (and
    nothing changed) when Textual's Strip is not laid out as expected."""
    if isinstance(Strip.__dict__.get(_CACHES[0]), _MadeOnFirstUse):
        return True
    if tuple(Strip.__slots__) != _SLOTS:
        return False
    sample = Strip([])
    sizes = {name: getattr(sample, name)._maxsize for name in _CACHES}  # Textual's own sizes
    for name in _CACHES:
        setattr(Strip, name, _MadeOnFirstUse(Strip.__dict__[name], sizes[name]))
    Strip.__init__ = _lean_init  # type: ignore[method-assign]
    return True
