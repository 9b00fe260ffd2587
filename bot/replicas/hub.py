"""The event hub over Redis pub/sub, so a person on one replica sees what another replica stored.

One channel per contact plus one for everything: a replica subscribes to a contact's channel only
while someone on it follows that contact (a widget, a console transcript), and to the everything
channel only while a console queue page is open. Each event is published to both in one round trip;
a replica hands contact-channel events to its contact subscribers and everything-channel events to
its everything subscribers, so nobody gets one twice and nobody is woken by other people's events.

One listener task per replica owns the pub/sub connection. If Redis goes away it reconnects with
back-off; every subscriber that may have missed something meanwhile gets RESYNC (re-read the store,
the source of truth), and while Redis is down events still reach this replica's own subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from redis.asyncio import Redis

from bot.replicas.client import Outage, RedisError
from bot.routing.hub import RESYNC, Event, Subscribers, Subscription

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05  # how soon a new subscription is sent to Redis while the listener waits for events
FIRST_RETRY_SECONDS = 0.5
LONGEST_RETRY_SECONDS = 5.0
CLOSE_RETRY_SECONDS = 0.5
IDLE_SECONDS = 1.0  # with nobody subscribed, how often the listener looks again without being woken


class RedisHub:
    """The `Hub` protocol over Redis pub/sub. Publishing never blocks for long and never fails."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.everything_channel = f"{prefix}hub:all"
        self.subscribers = Subscribers()
        self.live: set[str] = set()  # channels Redis has confirmed on the current connection
        self.subscribed: set[str] = set()  # channels the listener has asked Redis for
        self.pending: dict[str, int] = {}  # SUBSCRIBEs sent, per channel, not yet confirmed
        self.missed: set[Subscription] = set()  # may have missed events: resync once live again
        self.unsent: set[str] = set()  # contacts whose events only this replica heard (Redis was down)
        self.outage = Outage(log, "the event hub")
        self._wake = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    def channel(self, contact_id: str | None) -> str:
        return self.everything_channel if contact_id is None else f"{self.prefix}hub:c:{contact_id}"

    async def publish(self, event: Event) -> None:
        if not self.outage.skipping:
            unsent = set(self.unsent)
            try:
                await self._send([event, *({"type": RESYNC, "contact_id": c} for c in unsent)])
                self.unsent -= unsent
                return
            except (RedisError, OSError) as error:
                self.outage.noticed(error)
        # Staff and people on this replica still see it; those on other replicas are told to resync
        # with the next event that gets through.
        self.unsent.add(event["contact_id"])
        for subscription in [*self.subscribers.for_contact(event.get("contact_id")), *self.subscribers.everything]:
            subscription.offer(event)

    async def _send(self, events: list[Event]) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for event in events:
                # default=str: an event must never fail to go out over a value JSON lacks (a date).
                data = json.dumps(event, separators=(",", ":"), default=str)
                pipe.publish(self.channel(event["contact_id"]), data)
                pipe.publish(self.everything_channel, data)
            await pipe.execute()

    def subscribe(self, contact_id: str | None = None) -> Subscription:
        subscription = Subscription(contact_id, self._unsubscribe)
        self.subscribers.add(subscription)
        if self.channel(contact_id) in self.live:
            subscription.ready.set()
        elif self.outage.skipping:
            subscription.gave_up = True  # Redis is down: go on at once, and resync once it is back
            subscription.ready.set()
        else:
            self._wake.set()
        if self._listener is None:
            self._listener = asyncio.ensure_future(self._listen())
        return subscription

    def _unsubscribe(self, subscription: Subscription) -> None:
        self.missed.discard(subscription)
        if self.subscribers.remove(subscription):
            self._wake.set()

    @property
    def subscriber_count(self) -> int:
        return len(self.subscribers)

    async def close(self) -> None:
        # Cancel until it ends: a cancel swallowed inside redis-py (its time-outs on Python 3.10) must not
        # leave the listener going on for ever.
        while self._listener is not None and not self._listener.done():
            self._listener.cancel()
            await asyncio.wait({self._listener}, timeout=CLOSE_RETRY_SECONDS)

    # -- the listener -------------------------------------------------------------------------

    def _wanted(self) -> set[str]:
        wanted = {self.channel(contact_id) for contact_id in self.subscribers.by_contact}
        if self.subscribers.everything:
            wanted.add(self.everything_channel)
        return wanted

    async def _listen(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while True:
            pubsub = self.redis.pubsub()
            self.subscribed, self.pending = set(), {}
            try:
                while True:
                    if self.unsent and not self.outage.skipping:
                        unsent = set(self.unsent)
                        await self._send([{"type": RESYNC, "contact_id": c} for c in unsent])
                        self.unsent -= unsent
                    wanted, subscribed = self._wanted(), self.subscribed
                    if wanted - subscribed:
                        for channel in wanted - subscribed:
                            self.pending[channel] = self.pending.get(channel, 0) + 1
                        await pubsub.subscribe(*(wanted - subscribed))
                        delay = FIRST_RETRY_SECONDS
                    if subscribed - wanted:
                        # Not live from now: a subscriber arriving meanwhile waits for a new confirmation.
                        self.live -= subscribed - wanted
                        await pubsub.unsubscribe(*(subscribed - wanted))
                    self.subscribed = wanted
                    if not wanted:
                        self._wake.clear()
                        await _until_set(self._wake, IDLE_SECONDS)
                        continue
                    message = await pubsub.get_message(timeout=POLL_SECONDS)
                    if message is not None:
                        self._received(message)
            except (RedisError, OSError) as error:
                self.outage.noticed(error)
                self._lost()
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            await asyncio.sleep(delay)
            delay = min(LONGEST_RETRY_SECONDS, delay * 2)

    def _lost(self) -> None:
        self.live.clear()
        self.missed.update(self.subscribers)

    def _received(self, message: dict) -> None:
        channel = message["channel"].decode() if isinstance(message["channel"], bytes) else str(message["channel"])
        if message["type"] == "subscribe":
            self._confirmed(channel)
        elif message["type"] == "message":
            try:
                event = json.loads(message["data"])
            except ValueError:
                return
            if channel == self.everything_channel:
                targets = list(self.subscribers.everything)
            else:
                targets = self.subscribers.for_contact(event.get("contact_id"))
            for subscription in targets:
                subscription.offer(event)

    def _confirmed(self, channel: str) -> None:
        self.pending[channel] = self.pending.get(channel, 1) - 1
        if self.pending[channel] > 0 or channel not in self.subscribed:
            return  # an older SUBSCRIBE's answer; Redis answers them in order, so wait for the last
        del self.pending[channel]
        self.live.add(channel)
        if channel == self.everything_channel:
            targets = list(self.subscribers.everything)
        else:
            targets = self.subscribers.for_contact(channel.removeprefix(self.channel("")))
        for subscription in targets:
            if subscription in self.missed or subscription.gave_up:
                subscription.resync()
            self.missed.discard(subscription)
            subscription.gave_up = False
            subscription.ready.set()


async def _until_set(event: asyncio.Event, seconds: float) -> None:
    """Wait for the event, at most `seconds`. Not asyncio.wait_for: on Python 3.10 that can swallow a
    cancel arriving as its time-out fires (CPython issue 86296), and close() would wait on a listener
    that never ends."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({waiter}, timeout=seconds)
    finally:
        waiter.cancel()
