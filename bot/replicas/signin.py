"""The staff sign-in limits of `bot/console/backoff.py`, kept in Redis for all gateway replicas.

The same three limits and the same methods as `SignInThrottle`: growing waits per account and
address, a cap per address across accounts, and a token bucket for all sign-ins together. Each
method is one Lua script, so replicas see one consistent count. Usernames and addresses are keyed
hashes; every key expires (the bucket after a day, address failures after their window, an account
and address pair after PAIR_MEMORY_SECONDS). Times come from the Redis server unless a test gives one.
"""

from __future__ import annotations

import logging
import os

from redis.asyncio import Redis

from bot.console.backoff import EVERYONE_BURST, FIRST_WAIT_SECONDS, PAIR_MEMORY_SECONDS, Refusal, SignInThrottle
from bot.replicas.client import LUA_NOW, Outage, RedisError, hashed

log = logging.getLogger(__name__)

# ARGV after now: per_minute, burst. Leaves `tokens` refilled up to `now` (not written back).
_BUCKET = """
local per_minute, burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or burst)
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or now)
tokens = math.min(burst, tokens + (now - at) * per_minute / 60)
"""
# KEYS: bucket, address failures, pair. ARGV: now, per_minute, burst, block_after, window, free, first wait, max wait, memory.
REFUSAL = (
    LUA_NOW
    + _BUCKET
    + """
if tokens < 1 then return {'everyone', tostring((1 - tokens) * 60 / per_minute)} end
local window = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {'address', tostring(tonumber(first[2]) + window - now)}
end
local failures = tonumber(redis.call('HGET', KEYS[3], 'failures') or 0)
if failures > 0 then
  local last = tonumber(redis.call('HGET', KEYS[3], 'last'))
  if now - last > tonumber(ARGV[9]) then
    redis.call('DEL', KEYS[3])
  else
    local extra = failures - tonumber(ARGV[6])
    if extra >= 0 then
      local ready_at = last + math.min(tonumber(ARGV[8]), tonumber(ARGV[7]) * 2 ^ extra)
      if ready_at > now then return {'account', tostring(ready_at - now)} end
    end
  end
end
return false
"""
)
# KEYS: bucket, address failures, pair, account's pairs. ARGV: now, per_minute, burst, window, memory, unique member.
ATTEMPT = (
    LUA_NOW
    + _BUCKET
    + """
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 86400000)
local window, memory = tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('PEXPIRE', KEYS[2], math.ceil(window * 1000))
redis.call('HINCRBY', KEYS[3], 'failures', 1)
redis.call('HSET', KEYS[3], 'last', tostring(now))
redis.call('PEXPIRE', KEYS[3], math.ceil(memory * 1000))
redis.call('SADD', KEYS[4], KEYS[3])
redis.call('PEXPIRE', KEYS[4], math.ceil(memory * 1000))
"""
)
# KEYS: address failures, pair, account's pairs.
SUCCEEDED = """
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], KEYS[2])
redis.call('ZPOPMAX', KEYS[1])
"""
# KEYS: account's pairs. ARGV: now, free, first wait, max wait. The pairs' keys are read from the set
# (fine on one Redis server; a Redis Cluster would need them declared).
SLOWED = (
    LUA_NOW
    + """
for _, pair in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local failures = tonumber(redis.call('HGET', pair, 'failures') or 0)
  local extra = failures - tonumber(ARGV[2])
  if failures > 0 and extra >= 0 then
    local last = tonumber(redis.call('HGET', pair, 'last'))
    if last + math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ extra) > now then return 1 end
  end
end
return 0
"""
)
FORGET = """
for _, pair in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', pair) end
redis.call('DEL', KEYS[1])
"""


class RedisSignInThrottle:
    """`SignInThrottle` in Redis; this replica's own throttle stands in while Redis is unreachable."""

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        secret: str,
        *,
        free_attempts: int = 5,
        max_wait: float = 15 * 60,
        per_minute: int = 60,
        block_after: int = 50,
        window: float = 15 * 60,
    ) -> None:
        self.prefix = f"{prefix}signin:"
        self.secret = secret
        self.free_attempts = free_attempts
        self.max_wait = max_wait
        self.per_minute = per_minute
        self.block_after = block_after
        self.window = window
        self.burst = max(1, min(per_minute, EVERYONE_BURST))
        self.scripts = {
            name: redis.register_script(body)
            for name, body in (
                ("refusal", REFUSAL),
                ("attempt", ATTEMPT),
                ("succeeded", SUCCEEDED),
                ("slowed", SLOWED),
                ("forget", FORGET),
            )
        }
        self.redis = redis
        self.fallback = SignInThrottle(
            free_attempts=free_attempts,
            max_wait=max_wait,
            per_minute=per_minute,
            block_after=block_after,
            window=window,
        )
        self.outage = Outage(log, "staff sign-in limits")

    # Keys: the bucket, an address's failures, an (account, address) pair, and an account's pairs.
    def _keys(self, username: str, address: str) -> tuple[str, str, str, str]:
        user, where = hashed(self.secret, username), hashed(self.secret, address)
        return (
            f"{self.prefix}everyone",
            f"{self.prefix}address:{where}",
            f"{self.prefix}pair:{user}:{where}",
            f"{self.prefix}account:{user}",
        )

    @staticmethod
    def _now(now: float | None) -> str:
        return "" if now is None else repr(now)

    async def refusal(self, username: str, address: str, now: float | None = None) -> Refusal | None:
        everyone, failures, pair, _ = self._keys(username, address)
        if self.outage.skipping:
            return await self.fallback.refusal(username, address, now)
        try:
            found = await self.scripts["refusal"](
                keys=[everyone, failures, pair],
                args=[
                    self._now(now),
                    self.per_minute,
                    self.burst,
                    self.block_after,
                    self.window,
                    self.free_attempts,
                    FIRST_WAIT_SECONDS,
                    self.max_wait,
                    PAIR_MEMORY_SECONDS,
                ],
            )
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
            return await self.fallback.refusal(username, address, now)
        if not found:
            return None
        reason, retry_after = found
        return Refusal(reason.decode(), float(retry_after))

    async def attempt(self, username: str, address: str, now: float | None = None) -> None:
        if self.outage.skipping:
            return await self.fallback.attempt(username, address, now)
        try:
            await self.scripts["attempt"](
                keys=list(self._keys(username, address)),
                args=[
                    self._now(now),
                    self.per_minute,
                    self.burst,
                    self.window,
                    PAIR_MEMORY_SECONDS,
                    os.urandom(8).hex(),
                ],
            )
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
            await self.fallback.attempt(username, address, now)

    async def succeeded(self, username: str, address: str) -> None:
        _, failures, pair, account = self._keys(username, address)
        if self.outage.skipping:
            return await self.fallback.succeeded(username, address)
        try:
            await self.scripts["succeeded"](keys=[failures, pair, account])
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
            await self.fallback.succeeded(username, address)

    async def failures(self, username: str, address: str) -> int:
        if self.outage.skipping:
            return await self.fallback.failures(username, address)
        try:
            return int(await self.redis.hget(self._keys(username, address)[2], "failures") or 0)
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
            return await self.fallback.failures(username, address)

    async def slowed(self, username: str, now: float | None = None) -> bool:
        if self.outage.skipping:
            return await self.fallback.slowed(username, now)
        try:
            return bool(
                await self.scripts["slowed"](
                    keys=[self._keys(username, "")[3]],
                    args=[
                        self._now(now),
                        self.free_attempts,
                        FIRST_WAIT_SECONDS,
                        self.max_wait,
                    ],
                )
            )
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
            return await self.fallback.slowed(username, now)

    async def forget_account(self, username: str) -> None:
        try:
            await self.scripts["forget"](keys=[self._keys(username, "")[3]])
        except (RedisError, OSError) as error:
            self.outage.noticed(error)
        await self.fallback.forget_account(username)
