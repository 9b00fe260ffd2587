"""Sliding-window rate limits kept in memory (per gateway process)."""

from __future__ import annotations

import time
from collections import deque


class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds for each key.

    Memory is bounded: idle keys are dropped on a sweep, and a hard cap on keys protects against
    an attacker cycling through addresses.
    """

    def __init__(self, limit: int, window: float, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._last_sweep = 0.0

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an attempt for `key`; False (and not recorded) if it would exceed the limit."""
        now = time.monotonic() if now is None else now
        self._sweep(now)
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                return False
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < self.window:
            return
        self._last_sweep = now
        stale = [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]
        for key in stale:
            del self._events[key]
