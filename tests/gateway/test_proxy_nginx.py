"""Behind the proxy: deploy/nginx/ as shipped, in a real nginx, in front of the real gateway.

Clients connect from different loopback addresses (127.0.0.2, 127.0.0.3, …) so nginx sees each as a
different person; the gateway trusts only the proxy's own address (TRUSTED_PROXIES=127.0.0.1).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from chat_client import ChatClient, is_type

from bot.app import create_app
from bot.observability import request_ids

from .conftest import ORIGIN
from .nginx import Nginx, run_nginx

SPOOFED = "203.0.113.7"
METRICS_TOKEN = "metrics-token-for-the-proxy-test-0123456789"


async def whoami(request: web.Request) -> web.Response:
    """A probe added to the real app for these tests only: what the gateway believes about the caller."""
    return web.json_response({"remote": request.remote, "scheme": request.scheme, "request_id": request_ids.current()})


class Edge:
    """The gateway with nginx in front, and clients from chosen loopback addresses."""

    def __init__(self, gateway_port: int, nginx: Nginx) -> None:
        self.gateway_port = gateway_port
        self.nginx = nginx

    def proxied(self, path: str) -> str:
        return f"https://127.0.0.1:{self.nginx.https_port}{path}"

    def direct(self, path: str) -> str:
        return f"http://127.0.0.1:{self.gateway_port}{path}"

    @staticmethod
    def client(address: str) -> aiohttp.ClientSession:
        # ssl=False: the test certificate is self-signed.
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0), ssl=False))

    async def new_session(self, client: aiohttp.ClientSession, url: str, **headers: str) -> tuple[int, Any]:
        async with client.post(url, json={}, headers={"Origin": ORIGIN, **headers}) as response:
            return response.status, await response.json()


@pytest.fixture
async def edge(aiohttp_server, make_settings) -> AsyncIterator[Edge]:
    settings = make_settings(
        trusted_proxies="127.0.0.1", web_sessions_per_hour=2, web_sockets_per_address=1, metrics_token=METRICS_TOKEN
    )
    app = create_app(settings)
    app.router.add_get("/test/whoami", whoami)
    server = await aiohttp_server(app, host="127.0.0.1")
    running = run_nginx(server.port)
    nginx = next(running)
    try:
        yield Edge(server.port, nginx)
    finally:
        running.close()


async def test_the_gateway_believes_the_address_nginx_saw_and_nothing_a_client_claims(edge: Edge) -> None:
    spoof = {"X-Forwarded-For": SPOOFED, "X-Forwarded-Proto": "http"}
    async with edge.client("127.0.0.2") as client:
        async with client.get(edge.proxied("/test/whoami"), headers=spoof) as response:
            believed = await response.json()
            assert {k: believed[k] for k in ("remote", "scheme")} == {"remote": "127.0.0.2", "scheme": "https"}
            # HSTS comes from nginx, on every HTTPS answer.
            assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
        async with client.get(
            f"http://127.0.0.1:{edge.nginx.http_port}/test/whoami", allow_redirects=False
        ) as response:
            assert response.status == 301
            assert response.headers["Location"] == "https://chat.example.org/test/whoami"
    # Straight to the gateway from an address that is not a trusted proxy: the headers are ignored.
    async with edge.client("127.0.0.5") as client:
        headers = {"X-Forwarded-For": SPOOFED, "X-Forwarded-Proto": "https"}
        async with client.get(edge.direct("/test/whoami"), headers=headers) as response:
            believed = await response.json()
            assert {k: believed[k] for k in ("remote", "scheme")} == {"remote": "127.0.0.5", "scheme": "http"}


async def test_new_conversation_limits_count_each_person_behind_the_proxy(edge: Edge) -> None:
    url = edge.proxied("/api/web/session")
    async with edge.client("127.0.0.2") as first:
        assert (await edge.new_session(first, url))[0] == 200
        assert (await edge.new_session(first, url, **{"X-Forwarded-For": "198.51.100.1"}))[0] == 200
        status, body = await edge.new_session(first, url, **{"X-Forwarded-For": "198.51.100.2"})
        assert status == 429 and body["error"] == "rate_limited"
    # Someone else behind the same proxy is not held back by the first person's limit.
    async with edge.client("127.0.0.3") as second:
        assert (await edge.new_session(second, url))[0] == 200
    # Direct callers cannot escape their limit by claiming to be forwarded.
    async with edge.client("127.0.0.5") as direct:
        statuses = [
            (await edge.new_session(direct, edge.direct("/api/web/session"), **{"X-Forwarded-For": f"192.0.2.{n}"}))[0]
            for n in range(3)
        ]
        assert statuses == [200, 200, 429]


async def test_websockets_pass_through_nginx_and_are_capped_per_person(edge: Edge) -> None:
    url = edge.proxied("/api/web/session")
    async with edge.client("127.0.0.2") as first, edge.client("127.0.0.3") as second:
        _, session = await edge.new_session(first, url)
        _, other = await edge.new_session(first, url)
        person = await ChatClient.open(first, session["token"], base_url=edge.proxied(""), origin=ORIGIN)
        await person.until(is_type("state"), timeout=10)
        # WEB_SOCKETS_PER_ADDRESS=1: this person's second socket is refused before the upgrade…
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await first.ws_connect(edge.proxied(f"/channels/web/ws?token={other['token']}"), origin=ORIGIN)
        assert refused.value.status == 429
        # …while someone else behind the same proxy connects.
        _, theirs = await edge.new_session(second, url)
        neighbour = await ChatClient.open(second, theirs["token"], base_url=edge.proxied(""), origin=ORIGIN)
        await neighbour.until(is_type("state"), timeout=10)
        await person.close()
        await neighbour.close()
    # nginx's own log has no tokens (no query strings) and no client addresses.
    log = edge.nginx.access_log()
    assert "/channels/web/ws" in log
    assert session["token"] not in log and "127.0.0.2" not in log


async def test_each_request_gets_nginxs_id_and_metrics_are_not_served_through_the_proxy(edge: Edge) -> None:
    bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    async with edge.client("127.0.0.2") as client:
        ids = []
        for _ in range(2):
            async with client.get(
                edge.proxied("/test/whoami"), headers={"X-Request-ID": "chosen-by-the-client"}
            ) as response:
                ids.append((await response.json())["request_id"])
        assert len(set(ids)) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids), ids
        async with client.get(edge.proxied("/metrics"), headers=bearer) as response:
            assert response.status == 404
            assert "triage_" not in await response.text()
    async with edge.client("127.0.0.1") as prometheus:
        async with prometheus.get(edge.direct("/metrics"), headers=bearer) as response:
            assert response.status == 200 and "triage_messages_total" in await response.text()
