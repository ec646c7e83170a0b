"""Failed sign-ins counted per address: after too many in a window, that address is refused for a while."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class FailureLimiter:
    """``limit`` failures within ``window`` seconds block an address until the oldest of them is that old."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def record_failure(self, address: str) -> None:
        now = self.clock()
        failures = self._failures.setdefault(address, deque())
        failures.append(now)
        self._forget_old(address, now)

    def blocked_for(self, address: str) -> float:
        """Seconds until ``address`` may try again; 0 when it may now."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        self._forget_old(address, now)
        failures = self._failures.get(address)
        if not failures or len(failures) < self.limit:
            return 0.0
        return max(0.0, failures[-self.limit] + self.window - now)

    def _forget_old(self, address: str, now: float) -> None:
        failures = self._failures.get(address)
        if failures is None:
            return
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[address]
