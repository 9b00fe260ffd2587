"""The event hub: who said what, and who owns which conversation, as it happens.

The console and the web channel subscribe; the router and staff actions publish. Events are plain
JSON-able dicts. `InProcessHub` serves one gateway process; with REDIS_URL set, `bot.replicas.hub.
RedisHub` carries the same events between gateway replicas and hands them to the same `Subscribers`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

# Event kinds. Every event has "type" and "contact_id"; see docs/gateway.md for the fields.
MESSAGE = "message"  # a transcript message was stored (in or out, any author)
STATE = "state"  # ownership / handoff changed (queued, claimed, transferred, handed back, closed, priority)
TYPING = "typing"  # the assistant or staff is preparing a reply
SESSION_ENDED = "session_ended"  # "Exit this page": every replica closes that widget session's sockets
RESYNC = "resync"  # a subscriber fell behind, or missed events while Redis was down: re-read the store

Event = dict[str, Any]

# How long entering a subscription waits for a remote hub to confirm it before going on regardless
# (the subscriber is then told to resync once the hub is back).
READY_WAIT_SECONDS = 2.0


class Hub(Protocol):
    """What publishers and subscribers rely on; a Redis-backed hub implements the same."""

    async def publish(self, event: Event) -> None: ...

    def subscribe(self, contact_id: str | None = None) -> Subscription: ...

    async def close(self) -> None: ...


@dataclass(eq=False)
class Subscription:
    """An async iterator of events, for one contact or (contact_id None) for all of them.

    Use as `async with hub.subscribe() as events: async for event in events: …`; entering waits
    until the hub delivers to it, so read the store after that to miss nothing.
    """

    contact_id: str | None
    on_close: Callable[[Subscription], object]
    maxsize: int = 1000
    queue: asyncio.Queue[Event] = field(init=False)
    ready: asyncio.Event = field(init=False)
    gave_up: bool = False  # entered before the hub confirmed it: resync when it does

    def __post_init__(self) -> None:
        self.queue = asyncio.Queue(self.maxsize)
        self.ready = asyncio.Event()

    def offer(self, event: Event) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A stuck subscriber must not block publishers or grow memory without bound. It is told
            # to re-read the store instead, which is the source of truth anyway.
            self.resync()

    def resync(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait({"type": RESYNC, "contact_id": self.contact_id})

    async def wait_ready(self) -> None:
        try:
            await asyncio.wait_for(self.ready.wait(), READY_WAIT_SECONDS)
        except asyncio.TimeoutError:
            self.gave_up = True  # the hub is unreachable; this subscriber gets RESYNC when it is back

    async def get(self) -> Event:
        return await self.queue.get()

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Event]:
        while True:
            yield await self.queue.get()

    async def __aenter__(self) -> Subscription:
        await self.wait_ready()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.on_close(self)


class Subscribers:
    """This process's subscribers, indexed by contact, so an event wakes only those who want it."""

    def __init__(self) -> None:
        self.by_contact: dict[str, set[Subscription]] = {}
        self.everything: set[Subscription] = set()

    def add(self, subscription: Subscription) -> bool:
        """Register it; True if it is the first for its contact (or the first for everything)."""
        if subscription.contact_id is None:
            first = not self.everything
            self.everything.add(subscription)
            return first
        held = self.by_contact.setdefault(subscription.contact_id, set())
        held.add(subscription)
        return len(held) == 1

    def remove(self, subscription: Subscription) -> bool:
        """Forget it; True if it was the last for its contact (or the last for everything)."""
        if subscription.contact_id is None:
            if subscription not in self.everything:
                return False
            self.everything.discard(subscription)
            return not self.everything
        held = self.by_contact.get(subscription.contact_id)
        if held is None or subscription not in held:
            return False
        held.discard(subscription)
        if held:
            return False
        del self.by_contact[subscription.contact_id]
        return True

    def for_contact(self, contact_id: object) -> list[Subscription]:
        return list(self.by_contact.get(contact_id, ())) if isinstance(contact_id, str) else []

    def __iter__(self) -> Iterator[Subscription]:
        yield from list(self.everything)
        for held in list(self.by_contact.values()):
            yield from list(held)

    def __len__(self) -> int:
        return len(self.everything) + sum(len(held) for held in self.by_contact.values())


class InProcessHub:
    """Fan-out to subscribers in this process. Publishing never blocks and never fails."""

    def __init__(self) -> None:
        self.subscribers = Subscribers()

    async def publish(self, event: Event) -> None:
        for subscription in self.subscribers.for_contact(event.get("contact_id")):
            subscription.offer(event)
        for subscription in list(self.subscribers.everything):
            subscription.offer(event)

    def subscribe(self, contact_id: str | None = None) -> Subscription:
        subscription = Subscription(contact_id, self.subscribers.remove)
        self.subscribers.add(subscription)
        subscription.ready.set()
        return subscription

    @property
    def subscriber_count(self) -> int:
        return len(self.subscribers)

    async def close(self) -> None:
        pass
