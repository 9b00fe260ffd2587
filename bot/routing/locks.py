"""Per-conversation locks: one conversation's messages are routed and delivered one at a time, in order."""

from __future__ import annotations

import asyncio
import weakref
from contextlib import AbstractAsyncContextManager
from typing import Protocol


class ConversationLocks(Protocol):
    """`async with locks.hold(contact_id): …`; a Redis-backed twin holds across gateway replicas."""

    def hold(self, contact_id: str) -> AbstractAsyncContextManager[object]: ...


class InProcessLocks:
    """An asyncio.Lock per conversation (first come, first served), forgotten once nobody holds it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def hold(self, contact_id: str) -> asyncio.Lock:
        lock = self._locks.get(contact_id)
        if lock is None:
            lock = self._locks[contact_id] = asyncio.Lock()
        return lock
