"""Limits on sign-in attempts (per gateway process; for all replicas together in Redis with
REDIS_URL, `bot.replicas.signin.RedisSignInThrottle`, which has the same methods): growing waits per account and address, a cap
per address across accounts, and a cap on all sign-ins together.

- **Account and address.** After STAFF_LOGIN_ATTEMPTS failures for one username from one address,
  that pair must wait before its next try: 30 s, doubling with each further failure, up to
  STAFF_LOCKOUT_MINUTES. Nobody else is affected, so guessing someone's username from elsewhere
  cannot lock them out (a hard account lock would let anyone do that).
- **Address.** Past `block_after` failures in `window` seconds, across every username, the address
  is refused until it goes quiet (password spraying). Contact centres share a public address, so
  the limit is generous.
- **Everyone.** At most STAFF_SIGN_INS_PER_MINUTE attempts a minute in all, whatever their source,
  spread evenly (bursts of up to 10), which bounds the CPU password hashing can take from the public.

An attempt counts as a failure from the moment it is admitted, before any hashing, and is taken
back if the password turns out right: a burst of concurrent guesses cannot all pass the check
before the first of them is recorded. Tables evict their oldest keys rather than refuse new ones.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Protocol

FIRST_WAIT_SECONDS = 30.0
# How many sign-ins may be checked at once before the per-minute rate applies.
EVERYONE_BURST = 10
# An (account, address) pair that has been quiet this long starts afresh.
PAIR_MEMORY_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is not even checked, and how long until it could be."""

    reason: str  # "everyone" | "address" | "account"
    retry_after: float


class SignInLimits(Protocol):
    """What the sign-in page and the accounts page use; `SignInThrottle` and its Redis twin have it."""

    async def refusal(self, username: str, address: str, now: float | None = None) -> Refusal | None: ...

    async def attempt(self, username: str, address: str, now: float | None = None) -> None: ...

    async def succeeded(self, username: str, address: str) -> None: ...

    async def failures(self, username: str, address: str) -> int: ...

    async def slowed(self, username: str, now: float | None = None) -> bool: ...

    async def forget_account(self, username: str) -> None: ...


@dataclass
class _Pair:
    failures: int = 0
    last: float = 0.0


class SignInThrottle:
    """Counts sign-in attempts and decides which may be checked now."""

    def __init__(
        self,
        *,
        free_attempts: int = 5,
        max_wait: float = 15 * 60,
        per_minute: int = 60,
        block_after: int = 50,
        window: float = 15 * 60,
        max_keys: int = 10_000,
    ) -> None:
        self.free_attempts = free_attempts
        self.max_wait = max_wait
        self.per_minute = per_minute
        self.block_after = block_after
        self.window = window
        self.max_keys = max_keys
        # A token bucket, not a window: a window lets a whole minute's hashing happen in its first
        # second, and that burst is what takes the CPU from the public's chat.
        self.burst = max(1, min(per_minute, EVERYONE_BURST))
        self._tokens = float(self.burst)
        self._refilled: float | None = None
        self._addresses: OrderedDict[str, deque[float]] = OrderedDict()
        self._pairs: OrderedDict[tuple[str, str], _Pair] = OrderedDict()

    # ---------------------------------------------------------------------------- deciding

    def wait_for(self, pair: _Pair) -> float:
        """Seconds this pair must wait after its last failure (0 while it has free attempts)."""
        extra = pair.failures - self.free_attempts
        if extra < 0:
            return 0.0
        return min(self.max_wait, FIRST_WAIT_SECONDS * 2**extra)

    async def refusal(self, username: str, address: str, now: float | None = None) -> Refusal | None:
        """None if this attempt may be checked now; otherwise why not."""
        now = time.monotonic() if now is None else now
        if self._refill(now) < 1.0:
            return Refusal("everyone", (1.0 - self._tokens) * 60.0 / self.per_minute)
        failures = self._address_failures(address, now)
        if len(failures) >= self.block_after:
            return Refusal("address", failures[0] + self.window - now)
        pair = self._pair(username, address, now)
        if pair is not None:
            ready_at = pair.last + self.wait_for(pair)
            if ready_at > now:
                return Refusal("account", ready_at - now)
        return None

    # ---------------------------------------------------------------------------- counting

    async def attempt(self, username: str, address: str, now: float | None = None) -> None:
        """Count an admitted attempt, as a failure until `succeeded` says otherwise."""
        now = time.monotonic() if now is None else now
        self._refill(now)
        self._tokens -= 1.0
        failures = self._trim(self._addresses.pop(address, deque()), now, self.window)
        failures.append(now)
        self._addresses[address] = failures  # most recent last, so eviction takes the stalest
        key = (username, address)
        pair = self._pairs.pop(key, None) or _Pair()
        pair.failures += 1
        pair.last = now
        self._pairs[key] = pair
        self._evict()

    async def succeeded(self, username: str, address: str) -> None:
        """The password was right: forget this pair's failures and take back the address's count."""
        self._pairs.pop((username, address), None)
        failures = self._addresses.get(address)
        if failures:
            failures.pop()

    async def failures(self, username: str, address: str) -> int:
        pair = self._pairs.get((username, address))
        return pair.failures if pair else 0

    async def slowed(self, username: str, now: float | None = None) -> bool:
        """Some address must wait before trying this username again (shown to administrators)."""
        now = time.monotonic() if now is None else now
        return any(key[0] == username and pair.last + self.wait_for(pair) > now for key, pair in self._pairs.items())

    async def forget_account(self, username: str) -> None:
        """An administrator unlocked the account: every address may try it again at once."""
        for key in [key for key in self._pairs if key[0] == username]:
            del self._pairs[key]

    # ---------------------------------------------------------------------------- upkeep

    def _refill(self, now: float) -> float:
        if self._refilled is not None:
            self._tokens = min(float(self.burst), self._tokens + (now - self._refilled) * self.per_minute / 60.0)
        self._refilled = now
        return self._tokens

    @staticmethod
    def _trim(times: deque[float], now: float, span: float) -> deque[float]:
        while times and times[0] <= now - span:
            times.popleft()
        return times

    def _address_failures(self, address: str, now: float) -> deque[float]:
        failures = self._addresses.get(address)
        if failures is None:
            return deque()
        return self._trim(failures, now, self.window)

    def _pair(self, username: str, address: str, now: float) -> _Pair | None:
        pair = self._pairs.get((username, address))
        if pair is not None and now - pair.last > PAIR_MEMORY_SECONDS:
            del self._pairs[(username, address)]
            return None
        return pair

    def _evict(self) -> None:
        while len(self._addresses) > self.max_keys:
            self._addresses.popitem(last=False)
        while len(self._pairs) > self.max_keys:
            self._pairs.popitem(last=False)
