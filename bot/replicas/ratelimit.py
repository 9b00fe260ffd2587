"""Sliding-window rate limits in Redis, counted for all gateway replicas together.

Each key is a sorted set of attempt times, trimmed and checked in one Lua script (atomic, so
replicas cannot both take the last place), and expiring after its window, so memory is bounded by
what the limits let through. Keys are keyed hashes: Redis never holds an address or session id.
Times come from the Redis server, so replicas' clocks do not have to agree.
"""

from __future__ import annotations

import logging
import os

from redis.asyncio import Redis

from bot.channels.ratelimit import SlidingWindowLimiter
from bot.replicas.client import LUA_NOW, Outage, RedisError, hashed

log = logging.getLogger(__name__)

# KEYS[1]: the key's attempts. ARGV: now (s; "" for the server's clock), limit, window (s), a unique member.
SLIDING_WINDOW = (
    LUA_NOW
    + """
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return 1
"""
)


class RedisSlidingWindowLimiter:
    """`RateLimiter` in Redis; this replica's own limiter stands in while Redis is unreachable."""

    def __init__(self, redis: Redis, prefix: str, secret: str, name: str, limit: int, window: float) -> None:
        self.redis = redis
        self.prefix = f"{prefix}rate:{name}:"
        self.secret = secret
        self.limit = limit
        self.window = window
        self.script = redis.register_script(SLIDING_WINDOW)
        self.fallback = SlidingWindowLimiter(limit, window)
        self.outage = Outage(log, f"the {name} limit")

    async def admit(self, key: str, now: float | None = None) -> bool:
        if self.outage.skipping:
            return self.fallback.allow(key, now)
        try:
            allowed = await self.script(
                keys=[self.prefix + hashed(self.secret, key)],
                args=["" if now is None else repr(now), self.limit, self.window, os.urandom(8).hex()],
            )
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
            return self.fallback.allow(key, now)
        return bool(allowed)
