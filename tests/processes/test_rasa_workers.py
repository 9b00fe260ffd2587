"""Two Rasa workers under the real supervisor, on a PostgreSQL tracker store and Rasa's Redis lock
store: conversations are spread across them, each stays on its worker, and when one worker is killed
its conversations carry on on the other without the person seeing the apology."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sqlite3
import time
from collections.abc import Iterator

import aiohttp
import pytest
from chat_client import ChatClient
from conftest import POSTGRES_ADMIN_URL
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bot.rasa_client import preference
from bot.supervisor import lock_lifetime_seconds, rasa_ready

from .served import Served, get_json, refusing_connections, started, worker_pid

pytestmark = [pytest.mark.model, pytest.mark.postgres]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@pytest.fixture(scope="module")
def tracker_database() -> Iterator[str]:
    """A PostgreSQL database of its own for Rasa's tracker (Rasa makes its tables at start-up)."""
    name = f"triage_workers_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')  # our own hex name
    try:
        # Rasa's environment has psycopg2, the default PostgreSQL driver of SQLAlchemy 1.4.
        yield (
            make_url(POSTGRES_ADMIN_URL)
            .set(drivername="postgresql", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, tracker_database: str) -> Iterator[Served]:
    yield from started(
        tmp_path_factory.mktemp("workers"), rasa_workers=2, redis_url=REDIS_URL, tracker_database_url=tracker_database
    )


def contact_ids(served: Served) -> set[str]:
    with sqlite3.connect(served.settings.database_url.removeprefix("sqlite:///")) as db:
        return {row[0] for row in db.execute("SELECT id FROM contacts WHERE channel = 'web'")}


def test_each_worker_runs_its_encoder_on_one_thread(served: Served) -> None:
    """Without OMP_NUM_THREADS the encoder takes a thread per core in every worker, and two workers on two
    cores answered a quarter as many messages, a quarter of them apologies (docs/benchmarks.md)."""
    for pid in served.pids("rasa_ext.serve"):
        with open(f"/proc/{pid}/environ", "rb") as environ:
            assert b"OMP_NUM_THREADS=1" in environ.read().split(b"\0")


def test_a_killed_worker_s_lock_expires_soon_after_the_gateway_gives_up(served: Served) -> None:
    """Rasa's default (60 s) kept a killed worker's conversations locked, every message an apology, for a
    minute (bench/recovery.py): each worker's tickets last three of the gateway's time-outs."""
    seconds = lock_lifetime_seconds(served.settings)
    assert served.settings.rasa_timeout_seconds < seconds < 60
    for pid in served.pids("rasa_ext.serve"):
        with open(f"/proc/{pid}/environ", "rb") as environ:
            assert f"TICKET_LOCK_LIFETIME={seconds}".encode() in environ.read().split(b"\0")


async def test_a_killed_worker_s_conversations_continue_on_the_other(served: Served) -> None:
    urls = served.rasa_urls()
    assert len(urls) == 2 and len(served.pids("rasa_ext.serve")) == 2
    assert get_json(f"{served.gateway_url}/readyz")[1]["rasa"] == {"workers": 2, "up": 2}
    people: dict[str, ChatClient] = {}  # preferred worker -> a person whose conversation goes there
    async with aiohttp.ClientSession() as http:
        try:
            for _ in range(40):
                if len(people) == 2:
                    break
                known = contact_ids(served)
                person = await ChatClient.open(http, base_url=served.gateway_url)
                replies = await person.replies_to("hello")
                assert replies and all(r["author"] == "bot" for r in replies)
                (contact,) = contact_ids(served) - known
                person.contact = contact
                people.setdefault(preference(contact, urls)[0], person)
            assert len(people) == 2, "every conversation went to one worker"

            killed = urls[0]
            os.kill(worker_pid(served, killed), signal.SIGKILL)
            await refusing_connections(killed)  # dead, not dying: a dying one may still accept, then reset
            for person in people.values():  # both conversations answered by Rasa, no apology
                replies = await person.replies_to("what are the time limits for making a complaint about the police?")
                assert replies and all(r["author"] == "bot" for r in replies), replies
            assert not rasa_ready(killed, served.settings.rasa_api_token)  # still loading its model

            deadline = time.monotonic() + 420
            while not rasa_ready(killed, served.settings.rasa_api_token):
                assert time.monotonic() < deadline and served.process.poll() is None, served.log()[-3000:]
                await asyncio.sleep(1)
            moved = people[killed]
            replies = await moved.replies_to("how do i make a complaint")
            assert replies and all(r["author"] == "bot" for r in replies), replies
        finally:
            for person in people.values():
                await person.close()
    # The moved conversation is one conversation in the shared tracker store, in order.
    url = f"{urls[1]}/conversations/{moved.contact}/tracker?token={served.settings.rasa_api_token}"
    status, tracker = get_json(url)
    assert status == 200
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [
        "hello",
        "what are the time limits for making a complaint about the police?",
        "how do i make a complaint",
    ]
    assert "rasa-1 stopped unexpectedly" in served.log()
    with open(f"{served.settings.log_dir}/endpoints.yml") as endpoints:
        assert "type: redis" in endpoints.read()
