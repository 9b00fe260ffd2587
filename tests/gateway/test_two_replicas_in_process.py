"""Two gateway apps in one test process sharing Redis (REDIS_URL), as two replicas would: limits
count on both together, and "Exit this page" on one closes the widget's sockets on the other."""

from __future__ import annotations

import secrets

from aiohttp.test_utils import TestClient
from conftest import REDIS_TEST_URL, redis_or_skip

from bot.app import create_app

from .conftest import ORIGIN
from .test_web_channel import Widget, new_session


async def two_replicas(aiohttp_client, make_settings, **overrides) -> tuple[TestClient, TestClient]:
    redis_or_skip()
    settings = make_settings(redis_url=REDIS_TEST_URL, redis_prefix=f"test-{secrets.token_hex(6)}:", **overrides)
    return await aiohttp_client(create_app(settings)), await aiohttp_client(create_app(settings))


async def test_new_conversations_from_one_address_are_counted_on_both_replicas(aiohttp_client, make_settings) -> None:
    a, b = await two_replicas(aiohttp_client, make_settings, web_sessions_per_hour=2)
    await new_session(a)
    await new_session(b)
    for replica in (a, b):
        response = await replica.post("/api/web/session", json={}, headers={"Origin": ORIGIN})
        assert response.status == 429


async def test_exit_this_page_on_one_replica_closes_the_widget_on_the_other(aiohttp_client, make_settings) -> None:
    a, b = await two_replicas(aiohttp_client, make_settings)
    token = (await new_session(b))["token"]
    on_b = await Widget.open(b, token)
    await on_b.until(lambda f: f["type"] == "state")
    response = await a.post(
        "/api/web/session/exit", data=token, headers={"Origin": ORIGIN, "Content-Type": "text/plain"}
    )
    assert response.status == 204
    assert await on_b.closed() == 4403
