"""Per-conversation locks across gateway replicas: two SMS for one conversation arriving on two
replicas are routed one after the other, never interleaved.

A message first takes this replica's own lock (first come, first served among this replica's
messages), then the Redis lock (redis-py's Lock: SET NX with an expiry, released only by its
holder). A replica that dies holding one frees it after LOCK_EXPIRY_SECONDS. A waiter that cannot get
it within WAIT_SECONDS, or cannot reach Redis, goes on with only this replica's lock: answering the
person beats strict order. Between replicas, messages are routed in the order they took the lock.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.exceptions import LockError

from bot.replicas.client import Outage, RedisError
from bot.routing.locks import InProcessLocks

log = logging.getLogger(__name__)

# Longer than any turn is allowed to take (Rasa's time-out, a few SMS sends, the database).
LOCK_EXPIRY_SECONDS = 30.0
WAIT_SECONDS = 15.0
POLL_SECONDS = 0.02


class RedisLocks:
    """`ConversationLocks` held in Redis (key `<prefix>conversation-lock:<contact id>`)."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.local = InProcessLocks()
        self.outage = Outage(log, "conversation locks")

    @contextlib.asynccontextmanager
    async def hold(self, contact_id: str) -> AsyncIterator[None]:
        async with self.local.hold(contact_id):
            lock = self.redis.lock(
                f"{self.prefix}conversation-lock:{contact_id}",
                timeout=LOCK_EXPIRY_SECONDS,
                sleep=POLL_SECONDS,
                blocking_timeout=WAIT_SECONDS,
                thread_local=False,
            )
            acquired = False
            try:
                if not self.outage.skipping:
                    acquired = await lock.acquire()
                    if not acquired:
                        log.warning("conversation %s: lock still held after %.0f s; going on", contact_id, WAIT_SECONDS)
            except (RedisError, OSError) as error:
                self.outage.noticed(error)
            try:
                yield
            finally:
                if acquired:
                    try:
                        await lock.release()
                    except LockError:
                        log.warning("conversation %s: lock had expired before it was released", contact_id)
                    except (RedisError, OSError) as error:
                        self.outage.noticed(error)
