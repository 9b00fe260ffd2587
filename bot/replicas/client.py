"""The Redis client the replica modules share, and a log that says once that Redis is unreachable."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

__all__ = ["Outage", "RedisError", "connect", "hashed"]

# Short, so that a Redis that hangs (rather than refuses) costs a person a moment, not their answer.
SOCKET_TIMEOUT_SECONDS = 2.0


def connect(url: str) -> Redis:
    """A client for REDIS_URL; it connects on first use. No retries of its own: callers fall back."""
    return Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT_SECONDS,
        socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=30,
    )


def hashed(secret: str, key: str) -> str:
    """A keyed hash of a limiter key (an address, a session id, a username): Redis never holds them."""
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()[:32]


class Outage:
    """Remembers that Redis failed, for one use: callers skip Redis for a few seconds after a failure
    (a Redis that hangs would otherwise cost every message the socket time-out), and the log says so
    at most once a minute, with the error type only."""

    LOG_EVERY_SECONDS = 60.0
    SKIP_SECONDS = 5.0

    def __init__(self, log: logging.Logger, what: str) -> None:
        self.log = log
        self.what = what
        self._logged = float("-inf")
        self._failed = float("-inf")

    @property
    def skipping(self) -> bool:
        return time.monotonic() - self._failed < self.SKIP_SECONDS

    def noticed(self, error: BaseException) -> None:
        now = self._failed = time.monotonic()
        if now - self._logged >= self.LOG_EVERY_SECONDS:
            self._logged = now
            self.log.warning("Redis unavailable for %s (%s); using this replica's own", self.what, type(error).__name__)


# Lua: `now` from ARGV[1] (seconds; "" for the Redis server's clock, the same on every replica).
LUA_NOW = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""
