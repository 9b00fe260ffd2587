"""The in-process event hub: who said what, and who owns which conversation, as it happens.

The console and the web channel subscribe; the router and staff actions publish. Events are plain
JSON-able dicts so a Redis pub/sub (or PostgreSQL LISTEN/NOTIFY) hub with the same two methods can
replace this one when the gateway runs as several replicas.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Protocol

log = logging.getLogger(__name__)

# Event kinds. Every event has "type" and "contact_id"; see docs/gateway.md for the fields.
MESSAGE = "message"  # a transcript message was stored (in or out, any author)
STATE = "state"  # ownership / handoff changed (queued, claimed, transferred, handed back, closed, priority)
TYPING = "typing"  # the assistant or staff is preparing a reply
RESYNC = "resync"  # only ever seen by one subscriber: it fell behind and must re-read the store

Event = dict[str, Any]


class Hub(Protocol):
    """What publishers and subscribers rely on; a Redis-backed hub implements the same."""

    async def publish(self, event: Event) -> None: ...

    def subscribe(self, contact_id: str | None = None) -> Subscription: ...


@dataclass(eq=False)
class Subscription:
    """An async iterator of events, for one contact or (contact_id None) for all of them.

    Use as `async with hub.subscribe() as events: async for event in events: …`.
    """

    hub: InProcessHub
    contact_id: str | None
    maxsize: int = 1000
    queue: asyncio.Queue[Event] = field(init=False)

    def __post_init__(self) -> None:
        self.queue = asyncio.Queue(self.maxsize)

    def offer(self, event: Event) -> None:
        if self.contact_id is not None and event.get("contact_id") != self.contact_id:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A stuck subscriber must not block publishers or grow memory without bound. It is told
            # to re-read the store instead, which is the source of truth anyway.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait({"type": RESYNC, "contact_id": self.contact_id})

    async def get(self) -> Event:
        return await self.queue.get()

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Event]:
        while True:
            yield await self.queue.get()

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.hub._subscribers.discard(self)


class InProcessHub:
    """Fan-out to subscribers in this process. Publishing never blocks and never fails."""

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()

    async def publish(self, event: Event) -> None:
        for subscription in list(self._subscribers):
            subscription.offer(event)

    def subscribe(self, contact_id: str | None = None) -> Subscription:
        subscription = Subscription(self, contact_id)
        self._subscribers.add(subscription)
        return subscription

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)
