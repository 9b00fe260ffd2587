"""Back-off for failed sign-ins from one network address (per gateway process).

The per-account lock-out (STAFF_LOGIN_ATTEMPTS) stops guessing one account's password; this stops
one address trying a few passwords against every account ("spraying"). Each failure makes the
next answer slower, and past `block_after` failures in the window the address is refused outright
until it goes quiet. Contact centres often share one public address, so the limit is generous.
"""

from __future__ import annotations

import time
from collections import deque


class SignInBackoff:
    """Failures per address within `window` seconds; memory is bounded by `max_keys`."""

    def __init__(self, block_after: int = 50, window: float = 15 * 60, max_delay: float = 4.0, max_keys: int = 10_000):
        self.block_after = block_after
        self.window = window
        self.max_delay = max_delay
        self.max_keys = max_keys
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.get(address)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[address]
        return failures

    def blocked(self, address: str, now: float | None = None) -> bool:
        return len(self._recent(address, time.monotonic() if now is None else now)) >= self.block_after

    def failed(self, address: str, now: float | None = None) -> float:
        """Record a failure; the seconds to wait before answering it (doubling, capped)."""
        now = time.monotonic() if now is None else now
        recent = self._recent(address, now)
        if address not in self._failures:
            if len(self._failures) >= self.max_keys:
                self._failures.pop(next(iter(self._failures)))  # the oldest-inserted address
            self._failures[address] = recent
        recent.append(now)
        return min(self.max_delay, 0.1 * 2 ** (len(recent) - 1))
