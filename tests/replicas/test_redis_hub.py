"""The event hub over Redis: what one replica publishes reaches the right subscribers on another,
exactly once, and a Redis restart costs subscribers a resync, never their events for good."""

from __future__ import annotations

import asyncio

from bot.replicas.client import connect
from bot.replicas.hub import RedisHub
from bot.routing.hub import RESYNC, Event, Subscription


async def next_event(subscription: Subscription, timeout: float = 5.0) -> Event:
    return await asyncio.wait_for(subscription.get(), timeout)


async def nothing_more(subscription: Subscription, wait: float = 0.3) -> bool:
    await asyncio.sleep(wait)
    return subscription.queue.empty()


async def test_an_event_on_one_replica_reaches_the_other_s_subscribers_for_that_contact_only(redis_client) -> None:
    a, b = RedisHub(redis_client, redis_client.test_prefix), RedisHub(redis_client, redis_client.test_prefix)
    try:
        async with b.subscribe("c-1") as one, b.subscribe("c-2") as other, b.subscribe() as everything:
            await a.publish({"type": "message", "contact_id": "c-1", "n": 1})
            await a.publish({"type": "state", "contact_id": "c-2", "n": 2})
            assert (await next_event(one))["n"] == 1
            assert (await next_event(other))["n"] == 2
            assert [(await next_event(everything))["n"] for _ in range(2)] == [1, 2]
            # Exactly once each, though this replica follows c-1 on two channels' worth of subscriptions.
            assert await nothing_more(one) and await nothing_more(other) and await nothing_more(everything)
        assert b.subscriber_count == 0
    finally:
        await a.close()
        await b.close()


async def test_a_replica_subscribes_to_a_contact_s_channel_only_while_someone_follows_it(redis_client) -> None:
    hub = RedisHub(redis_client, redis_client.test_prefix)
    channel = hub.channel("c-9")
    try:
        async with hub.subscribe("c-9"):
            assert await redis_client.pubsub_numsub(channel) == [(channel.encode(), 1)]
        for _ in range(100):
            if await redis_client.pubsub_numsub(channel) == [(channel.encode(), 0)]:
                break
            await asyncio.sleep(0.02)
        assert await redis_client.pubsub_numsub(channel) == [(channel.encode(), 0)]
    finally:
        await hub.close()


async def test_a_stuck_subscriber_is_told_to_resync_and_publishers_never_wait(redis_client) -> None:
    hub = RedisHub(redis_client, redis_client.test_prefix)
    try:
        async with hub.subscribe("c-1") as small:
            small.queue = type(small.queue)(2)
            for n in range(3):
                await hub.publish({"type": "message", "contact_id": "c-1", "n": n})
            assert (await next_event(small))["type"] == RESYNC
    finally:
        await hub.close()


async def test_while_redis_is_down_this_replica_still_hears_itself_and_afterwards_everyone_resyncs(
    private_redis,
) -> None:
    a_client, b_client = connect(private_redis.url), connect(private_redis.url)
    a, b = RedisHub(a_client, "t:"), RedisHub(b_client, "t:")
    try:
        async with a.subscribe("c-1") as on_a, b.subscribe("c-1") as on_b:
            private_redis.stop()
            await a.publish({"type": "message", "contact_id": "c-1", "n": 1})  # does not raise
            assert (await next_event(on_a))["n"] == 1
            private_redis.start()
            # Both may have missed events while the listener was away: re-read the store.
            assert (await next_event(on_a, 15))["type"] == RESYNC
            assert (await next_event(on_b, 15))["type"] == RESYNC
            while a.outage.skipping:  # a tries Redis again a few seconds after its last failure
                await asyncio.sleep(0.1)
            await a.publish({"type": "message", "contact_id": "c-1", "n": 2})
            for subscription in (on_a, on_b):
                # Perhaps another resync first (a says which contacts only it heard about), then the event.
                while (event := await next_event(subscription))["type"] == RESYNC:
                    pass
                assert event["n"] == 2
    finally:
        await a.close()
        await b.close()
        await a_client.aclose()
        await b_client.aclose()


async def test_a_replica_that_could_not_publish_tells_the_others_to_resync_once_it_can(redis_client) -> None:
    a, b = RedisHub(redis_client, redis_client.test_prefix), RedisHub(redis_client, redis_client.test_prefix)
    try:
        async with b.subscribe("c-1") as on_b:
            a.outage.noticed(ConnectionError())  # as if a publish had just failed: a skips Redis for a moment
            await a.publish({"type": "message", "contact_id": "c-1", "n": 1})
            assert await nothing_more(on_b)
            a.outage._failed = float("-inf")  # Redis answers again
            await a.publish({"type": "message", "contact_id": "c-2", "n": 2})
            assert await next_event(on_b) == {"type": RESYNC, "contact_id": "c-1"}
    finally:
        await a.close()
        await b.close()


async def test_close_ends_a_listener_that_swallowed_a_cancel(redis_client) -> None:
    # Python 3.10's asyncio.wait_for can lose a cancel that arrives as its time-out fires (the CI hang of
    # 2026-12-04): closing must still end the listener, not wait for it for ever.
    hub = RedisHub(redis_client, redis_client.test_prefix)

    async def swallows_the_first_cancel() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            pass
        await asyncio.sleep(60)

    hub._listener = asyncio.ensure_future(swallows_the_first_cancel())
    await asyncio.sleep(0)
    await asyncio.wait_for(hub.close(), 5)
    assert hub._listener.done()
