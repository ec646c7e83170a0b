"""BLAS kept to one thread around calls too small to share.

OpenBLAS splits a matrix-vector product over its threads once the product is large enough, and the tiles
of gdtutor.core.tiles are just past that size at one or two features: every per-tile call then pays a
thread hand-off, and when another process keeps the second core busy each hand-off waits for it (one
pass at m = 100,000, n = 1 measured 13 s for 400 iterations against 0.25 s on one thread; see
benchmarks/bench_threads.py). numpy has no public way to set the BLAS thread count at run time, so this
uses threadpoolctl, imported only when a pass is large enough to need it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_controller: Any = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread inside the block; the previous thread counts are restored after it."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    with _controller.limit(limits=1, user_api="blas"):
        yield
