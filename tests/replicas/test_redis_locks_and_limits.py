"""Conversation locks and rate limits in Redis hold across replicas, and fall back to each replica's
own when Redis cannot be reached (people are still answered)."""

from __future__ import annotations

import asyncio
import time
import uuid

from bot.replicas.client import connect
from bot.replicas.locks import RedisLocks
from bot.replicas.ratelimit import RedisSlidingWindowLimiter
from bot.settings import Settings


async def test_one_conversation_is_held_by_one_replica_at_a_time(redis_client) -> None:
    a, b = RedisLocks(redis_client, redis_client.test_prefix), RedisLocks(redis_client, redis_client.test_prefix)
    order: list[str] = []

    async def turn(locks: RedisLocks, name: str, start_after: float) -> None:
        await asyncio.sleep(start_after)
        async with locks.hold("c-1"):
            order.append(f"{name} starts")
            await asyncio.sleep(0.3)
            order.append(f"{name} ends")

    async def other_conversation() -> None:
        await asyncio.sleep(0.1)
        async with b.hold("c-2"):
            order.append("c-2 routed")

    await asyncio.gather(turn(a, "first", 0), turn(b, "second", 0.05), turn(a, "third", 0.1), other_conversation())
    assert order == [
        "first starts",
        "c-2 routed",
        "first ends",
        "second starts",
        "second ends",
        "third starts",
        "third ends",
    ] or order == [
        "first starts",
        "c-2 routed",
        "first ends",
        "third starts",
        "third ends",
        "second starts",
        "second ends",
    ]
    assert not await redis_client.keys(redis_client.test_prefix + "conversation-lock:*")  # released


async def test_without_redis_a_conversation_is_still_routed_in_order_on_its_replica(private_redis) -> None:
    client = connect(private_redis.url)
    locks = RedisLocks(client, "t:")
    private_redis.stop()
    order: list[int] = []

    async def turn(n: int) -> None:
        async with locks.hold("c-1"):
            order.append(n)
            await asyncio.sleep(0.05)
            order.append(n)

    started = time.monotonic()
    await asyncio.gather(*(turn(n) for n in range(3)))
    assert order == [0, 0, 1, 1, 2, 2] and time.monotonic() - started < 5
    await client.aclose()


async def test_a_limit_counts_attempts_on_every_replica_together(redis_client) -> None:
    def replica() -> RedisSlidingWindowLimiter:
        return RedisSlidingWindowLimiter(redis_client, redis_client.test_prefix, "secret", "messages", 2, 60)

    a, b = replica(), replica()
    assert await a.admit("10.0.0.1", now=0) and await b.admit("10.0.0.1", now=1)
    assert not await a.admit("10.0.0.1", now=2) and not await b.admit("10.0.0.1", now=2)
    assert await b.admit("10.0.0.2", now=2)
    assert await a.admit("10.0.0.1", now=61)  # the first attempt has left the window
    other = RedisSlidingWindowLimiter(redis_client, redis_client.test_prefix, "secret", "sessions", 2, 60)
    assert await other.admit("10.0.0.1", now=2)  # limits with other names count apart
    stored = [key.decode() for key in await redis_client.keys(redis_client.test_prefix + "*")]
    assert stored and not any("10.0.0" in key for key in stored)  # keyed hashes only
    assert all(0 < ttl <= 60_000 for ttl in [await redis_client.pttl(key) for key in stored])


async def test_without_redis_each_replica_keeps_the_limit_itself(private_redis) -> None:
    client = connect(private_redis.url)
    limiter = RedisSlidingWindowLimiter(client, "t:", "secret", "messages", 2, 60)
    private_redis.stop()
    assert await limiter.admit("10.0.0.1") and await limiter.admit("10.0.0.1")
    assert not await limiter.admit("10.0.0.1")
    await client.aclose()


async def test_the_gateway_s_keys_never_touch_rasa_s_lock_store(redis_client) -> None:
    # Rasa's Redis lock store (endpoints.yml, key_prefix "triage") keeps "triage:lock:<conversation id>"
    # as JSON; a gateway lock under the same key made Rasa fail every turn of that conversation.
    contact_id = str(uuid.uuid4())
    rasa_key = f"triage:lock:{contact_id}"
    locks = RedisLocks(redis_client, Settings().redis_prefix)
    async with locks.hold(contact_id):
        assert await redis_client.get(rasa_key) is None
        assert await redis_client.exists(f"{Settings().redis_prefix}conversation-lock:{contact_id}")
    assert not Settings().redis_prefix.startswith("triage:")
