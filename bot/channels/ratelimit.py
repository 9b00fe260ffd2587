"""Sliding-window rate limits kept in memory (per gateway process).

With REDIS_URL set, `bot.replicas.ratelimit.RedisSlidingWindowLimiter` keeps the same limits for all
gateway replicas together; both implement `RateLimiter`.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Protocol

# The key a limiter counts everything under when it is a global cap.
EVERYONE = "*"


class RateLimiter(Protocol):
    """At most a limit of events per window for each key."""

    async def admit(self, key: str) -> bool:
        """Record an attempt for `key`; False (and not recorded) if it would exceed the limit."""
        ...


# (name, limit, window seconds) -> a limiter; the name keeps limiters apart in a shared store.
LimiterFactory = Callable[[str, int, float], RateLimiter]


class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds for each key.

    Memory is bounded: keys are kept in least-recently-seen order, idle ones are dropped as they
    reach the front, and when `max_keys` is reached the least recently seen key is evicted. A new
    key is never refused for lack of room (an attacker cycling addresses must not lock everyone
    out); a global cap (the same limiter class, keyed by EVERYONE) bounds what cycling can get.
    """

    def __init__(self, limit: int, window: float, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._events)

    async def admit(self, key: str) -> bool:
        return self.allow(key)

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an attempt for `key`; False (and not recorded) if it would exceed the limit."""
        now = time.monotonic() if now is None else now
        self._drop_idle(now)
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._events.popitem(last=False)
            events = self._events[key] = deque()
        else:
            self._events.move_to_end(key)
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def _drop_idle(self, now: float) -> None:
        # The front is the key seen longest ago; stop at the first one still in its window, so each
        # call costs O(1) amortised however many keys there are.
        while self._events:
            key, events = next(iter(self._events.items()))
            if events and events[-1] > now - self.window:
                return
            del self._events[key]


def in_memory_limiter(name: str, limit: int, window: float) -> SlidingWindowLimiter:
    """The default `LimiterFactory`: limits held by this process alone."""
    return SlidingWindowLimiter(limit, window)
