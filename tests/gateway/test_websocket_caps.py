"""Websocket caps: per session, per address, a connect rate and a global cap, each refused before
the upgrade; and every socket's bookkeeping (counts, hub subscription) goes when it closes."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from bot import keys
from bot.app import create_app

from .conftest import ORIGIN
from .test_web_channel import Widget, is_type, new_session


async def gateway_with(aiohttp_client, make_settings, **limits: Any) -> TestClient:
    return await aiohttp_client(create_app(make_settings(**limits)))


async def refused(client: TestClient, token: str) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as error:
        await client.ws_connect(f"/channels/web/ws?token={token}", origin=ORIGIN)
    return error.value.status


async def opened(client: TestClient, token: str) -> Widget:
    widget = await Widget.open(client, token)
    await widget.until(is_type("state"))
    return widget


async def test_one_session_holds_at_most_a_few_sockets(aiohttp_client, make_settings) -> None:
    client = await gateway_with(aiohttp_client, make_settings, web_sockets_per_session=2)
    token = (await new_session(client))["token"]
    first, second = await opened(client, token), await opened(client, token)
    assert await refused(client, token) == 429
    # Another session from the same address is not affected.
    await opened(client, (await new_session(client))["token"])
    await first.ws.close()
    await opened(client, token)  # room again once one closes
    await second.ws.close()


async def test_one_address_holds_at_most_a_few_sockets(aiohttp_client, make_settings) -> None:
    client = await gateway_with(aiohttp_client, make_settings, web_sockets_per_address=3)
    widgets = [await opened(client, (await new_session(client))["token"]) for _ in range(3)]
    assert await refused(client, (await new_session(client))["token"]) == 429
    for widget in widgets:
        await widget.ws.close()


async def test_connections_are_rate_limited_per_address_even_when_each_closes(aiohttp_client, make_settings) -> None:
    client = await gateway_with(aiohttp_client, make_settings, web_connects_per_minute=3)
    token = (await new_session(client))["token"]
    for _ in range(3):
        widget = await opened(client, token)
        await widget.ws.close()
    assert await refused(client, token) == 429
    # A forged token counts as an attempt too: reconnect loops cannot hammer the upgrade.
    assert await refused(client, "forged.token") == 429


async def test_the_gateway_holds_at_most_web_max_sockets(aiohttp_client, make_settings) -> None:
    client = await gateway_with(aiohttp_client, make_settings, web_max_sockets=2)
    widgets = [await opened(client, (await new_session(client))["token"]) for _ in range(2)]
    assert await refused(client, (await new_session(client))["token"]) == 503
    for widget in widgets:
        await widget.ws.close()


async def test_closed_sockets_leave_no_counts_or_subscriptions_behind(aiohttp_client, make_settings) -> None:
    client = await gateway_with(aiohttp_client, make_settings)
    app = client.server.app
    token = (await new_session(client))["token"]
    widgets = [await opened(client, token) for _ in range(3)]
    assert app[keys.ROUTER].hub.subscriber_count == 3
    for widget in widgets:
        await widget.ws.close()
    channel = app[keys.WEB]
    for _ in range(100):
        if not channel.sockets and app[keys.ROUTER].hub.subscriber_count == 0:
            break
        await asyncio.sleep(0.02)
    assert channel.sockets == set() and channel.by_session == {} and channel.by_address == {}
    assert app[keys.ROUTER].hub.subscriber_count == 0
