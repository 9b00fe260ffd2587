"""Slow clients: a connection that never finishes its headers is closed, and a body that trickles
in gets 408, so a few slow connections cannot hold the gateway's sockets."""

from __future__ import annotations

import asyncio

from bot.app import create_app


async def open_raw(server) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", server.port)


async def test_a_connection_that_never_finishes_its_headers_is_closed(aiohttp_server, make_settings) -> None:
    server = await aiohttp_server(create_app(make_settings(http_idle_timeout_seconds=0.5)))
    reader, writer = await open_raw(server)
    writer.write(b"POST /channels/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and then nothing more
    await writer.drain()
    # The server ends it: the read sees end-of-stream (a generous bound, not a speed check).
    assert await asyncio.wait_for(reader.read(), 30) == b""
    writer.close()


async def test_an_idle_keep_alive_connection_is_closed(aiohttp_server, make_settings) -> None:
    server = await aiohttp_server(create_app(make_settings(http_idle_timeout_seconds=0.5)))
    reader, writer = await open_raw(server)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    await writer.drain()
    response = await asyncio.wait_for(reader.read(), 30)  # read() returns once the server closes
    assert response.startswith(b"HTTP/1.1 200")
    writer.close()


async def test_a_body_that_trickles_in_gets_408(aiohttp_server, make_settings) -> None:
    server = await aiohttp_server(
        create_app(make_settings(http_body_timeout_seconds=0.5, http_idle_timeout_seconds=60))
    )
    reader, writer = await open_raw(server)
    writer.write(
        b"POST /api/web/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"tok'
    )
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 30)
    assert status.startswith(b"HTTP/1.1 408"), status
    writer.close()
