"""The production shape as `make run-production-shape` starts it (`python -m bot serve-production-shape`):
PostgreSQL for the contact log and the tracker, Redis, two gateway replicas and two Rasa workers under
the supervisor, Debian's nginx with deploy/nginx/ in front. Everything here goes through nginx, as
people would: a chat answered by the trained model, 999 first for danger, no /metrics, the staff
sign-in page, and both replicas serving (even with one of them killed)."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import time
from collections.abc import Iterator

import aiohttp
import pytest
from chat_client import one_turn
from conftest import POSTGRES_ADMIN_URL, REDIS_TEST_URL, redis_or_skip
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.proxy import nginx_binary
from bot.routing.canned import RASA_UNAVAILABLE
from bot.supervisor import free_port, free_ports

from .served import Served, get_json, refusing_connections, started

pytestmark = [pytest.mark.model, pytest.mark.postgres]

DANGER = "hes outside with a knife and hes trying to get in"


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A private name; the command creates NAME and NAME_tracker itself (it must), the test drops them."""
    name = f"triage_shape_{secrets.token_hex(6)}"
    yield name
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for db in (name, f"{name}_tracker"):
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')  # our own hex name
    admin.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, database: str) -> Iterator[Served]:
    redis_or_skip()
    if nginx_binary() is None:
        pytest.fail("nginx is not installed (apt-get install nginx-light); the production shape needs it")
    port = free_port()
    yield from started(
        tmp_path_factory.mktemp("shape"),
        command=(
            "serve-production-shape",
            "--port",
            str(port),
            "--postgres",
            POSTGRES_ADMIN_URL,
            "--database",
            database,
            "--redis-url",
            REDIS_TEST_URL,
        ),
        front_url=f"http://127.0.0.1:{port}",
        # Ports and secrets of our own (the command takes the rest from its options); the counts
        # below only tell the test's helpers what to wait for: the command sets 2 and 2 itself.
        rasa_workers=2,
        gateway_replicas=2,
        gateway_port=free_ports(2),
        redis_url=REDIS_TEST_URL,  # the same as --redis-url: the helpers check the settings
        redis_prefix=f"test-shape-{secrets.token_hex(6)}:",  # pub/sub ignores the db number
        rasa_timeout_seconds=20.0,  # a loaded two-core machine can be slow over a first turn
    )


def front(served: Served) -> str:
    assert served.front_url
    return served.front_url


def scalar(served: Served, database: str, sql: str, **params: object) -> object:
    url = make_url(POSTGRES_ADMIN_URL).set(database=database)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def bot_texts(replies: list[dict]) -> list[str]:
    assert replies and all(r["author"] == "bot" for r in replies), replies
    return [r["text"] for r in replies]


async def test_a_person_chats_through_nginx_and_the_model_answers(served: Served, database: str) -> None:
    deadline = time.monotonic() + 20  # the helper sees the replicas ready a moment before the line
    while f"Ready: open {front(served)}/ for the chat" not in served.log():  # people are given nginx's URL
        assert time.monotonic() < deadline, served.log()
        await asyncio.sleep(0.2)
    async with aiohttp.ClientSession() as http:
        texts = bot_texts(await one_turn(http, front(served), "how do i make a complaint about the police"))
    assert RASA_UNAVAILABLE.text not in texts
    # The contact log and the tracker are the PostgreSQL databases the command created.
    assert scalar(served, database, "SELECT count(*) FROM contacts") >= 1
    assert scalar(served, f"{database}_tracker", "SELECT count(*) FROM events WHERE type_name = 'user'") >= 1


async def test_danger_gets_999_first_through_nginx(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        replies = await one_turn(http, front(served), DANGER)
    # The first answer gives 999; a notice that the person is queued for staff follows it.
    assert replies and replies[0]["author"] == "bot" and "999" in replies[0]["text"], replies


async def test_metrics_are_not_served_through_nginx(served: Served) -> None:
    bearer = {"Authorization": f"Bearer {served.settings.metrics_token}"}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{served.gateway_urls()[0]}/metrics", headers=bearer) as response:
            assert response.status == 200  # the token is right: the replica itself serves them
        async with http.get(f"{front(served)}/metrics", headers=bearer) as response:
            assert response.status == 404
            assert "triage_" not in await response.text()


async def test_the_staff_sign_in_page_loads_through_nginx(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{front(served)}/staff/login") as response:
            assert response.status == 200
            page = await response.text()
    assert 'name="password"' in page and 'name="csrf_token"' in page


def session_posts(served: Served, number: int) -> int:
    log = (served.root / "logs" / f"gateway-{number}.log").read_text(errors="replace")
    return len(re.findall(r"POST /api/web/session 200", log))


async def test_both_replicas_serve_people_and_one_killed_is_not_missed(served: Served) -> None:
    before = [session_posts(served, n) for n in (1, 2)]
    async with aiohttp.ClientSession() as http:
        for _ in range(4):
            async with http.post(f"{front(served)}/api/web/session", json={}, headers={"Origin": front(served)}) as r:
                assert r.status == 200
        await asyncio.sleep(0.5)  # access log lines are written after the response
        after = [session_posts(served, n) for n in (1, 2)]
        assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)  # nginx spreads them over both

        first = served.gateway_urls()[0]
        (pid,) = [p for p in served.pids("serve-gateway") if _port_of(p) == first]
        os.kill(pid, signal.SIGKILL)
        await refusing_connections(first)
        texts = bot_texts(
            await one_turn(http, front(served), "what are the time limits for making a complaint about the police?")
        )
        assert RASA_UNAVAILABLE.text not in texts
    deadline = time.monotonic() + 120
    while get_json(f"{first}/healthz")[0] != 200:  # the supervisor starts it again
        assert time.monotonic() < deadline and served.process.poll() is None, served.log()[-3000:]
        await asyncio.sleep(0.5)
    assert "gateway-1 stopped unexpectedly" in served.log()


def _port_of(pid: int) -> str:
    """The replica URL a gateway process was started for (GATEWAY_PORT in its environment)."""
    environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
    port = next(v.split(b"=", 1)[1].decode() for v in environ if v.startswith(b"GATEWAY_PORT="))
    return f"http://127.0.0.1:{port}"
