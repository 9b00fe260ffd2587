"""Where the gateway keeps state that several requests share: in this process, or in Redis.

Without REDIS_URL (the embedded default) everything lives in this process, as one gateway needs.
With it, the hub, the per-conversation locks, the rate limits and the sign-in limits live in Redis,
so any number of gateway replicas serve one conversation correctly (docs/deployment.md). Both kinds
make the same objects; `create_app` picks one from settings and nothing else needs to know which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from bot.channels.ratelimit import RateLimiter, SlidingWindowLimiter
from bot.console.backoff import SignInLimits, SignInThrottle
from bot.routing.hub import Hub, InProcessHub
from bot.routing.locks import ConversationLocks, InProcessLocks
from bot.settings import Settings

if TYPE_CHECKING:
    from redis.asyncio import Redis


class SharedState(Protocol):
    """Makes the hub, the locks and the limits, and closes whatever they hold at shutdown."""

    def hub(self) -> Hub: ...

    def locks(self) -> ConversationLocks: ...

    def limiter(self, name: str, limit: int, window: float) -> RateLimiter: ...

    def sign_in_throttle(self, **limits: Any) -> SignInLimits: ...

    async def close(self) -> None: ...


class ProcessState:
    """Everything in this process (one gateway)."""

    def hub(self) -> InProcessHub:
        return InProcessHub()

    def locks(self) -> InProcessLocks:
        return InProcessLocks()

    def limiter(self, name: str, limit: int, window: float) -> SlidingWindowLimiter:
        return SlidingWindowLimiter(limit, window)

    def sign_in_throttle(self, **limits: Any) -> SignInThrottle:
        return SignInThrottle(**limits)

    async def close(self) -> None:
        pass


class RedisState:
    """Everything in Redis under REDIS_PREFIX (gateway replicas). Imported only with REDIS_URL."""

    def __init__(self, settings: Settings) -> None:
        from bot.replicas.client import connect

        # redis-py connects on first use, so making the client here opens nothing.
        self.redis: Redis = connect(settings.redis_url)
        self.prefix = settings.redis_prefix
        self.secret = settings.hash_key

    def hub(self) -> Hub:
        from bot.replicas.hub import RedisHub

        return RedisHub(self.redis, self.prefix)

    def locks(self) -> ConversationLocks:
        from bot.replicas.locks import RedisLocks

        return RedisLocks(self.redis, self.prefix)

    def limiter(self, name: str, limit: int, window: float) -> RateLimiter:
        from bot.replicas.ratelimit import RedisSlidingWindowLimiter

        return RedisSlidingWindowLimiter(self.redis, self.prefix, self.secret, name, limit, window)

    def sign_in_throttle(self, **limits: Any) -> SignInLimits:
        from bot.replicas.signin import RedisSignInThrottle

        return RedisSignInThrottle(self.redis, self.prefix, self.secret, **limits)

    async def close(self) -> None:
        await self.redis.aclose()


def shared_state(settings: Settings) -> SharedState:
    return RedisState(settings) if settings.redis_url else ProcessState()
