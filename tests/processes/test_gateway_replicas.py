"""Two gateway replicas and two Rasa workers under the real supervisor, on PostgreSQL and Redis:
whichever replica handles a message, people and staff on the other see it live; two SMS for one
conversation arriving on both replicas at once are answered in order; a killed Rasa worker is
started again and the conversation carries on."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from chat_client import ChatClient
from conftest import POSTGRES_ADMIN_URL, REDIS_TEST_URL, redis_or_skip
from gateway.recording import RecordingApi
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator

from bot.channels.tokens import TokenSigner
from bot.console.auth import hash_password
from bot.rasa_client import preference
from bot.store.models import Contact, Message, StaffMember
from bot.store.session import create_engine_from_url, make_sessionmaker
from bot.supervisor import free_port, free_ports, rasa_ready

from .served import Served, get_json, refusing_connections, started, worker_pid

pytestmark = [pytest.mark.model, pytest.mark.postgres]

TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "twilio-auth-token-for-replica-tests"
TWILIO_FROM = "+447700900000"
PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def twilio_api() -> Iterator[RecordingApi]:
    """Twilio's REST API stands in as a recording server, on its own thread (the stack outlives each test's loop)."""
    api, port, loop = RecordingApi(), free_port(), asyncio.new_event_loop()
    started_event = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(api.app())
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started_event.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started_event.wait(10)
    api.base_url = f"http://127.0.0.1:{port}"
    yield api
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def _database(name: str) -> Iterator[str]:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')  # our own hex name
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def contact_log_url() -> Iterator[str]:
    for name in _database(f"triage_replicas_{secrets.token_hex(6)}"):
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def tracker_url() -> Iterator[str]:
    for name in _database(f"triage_replicas_tracker_{secrets.token_hex(6)}"):
        # Rasa's environment has psycopg2, the default PostgreSQL driver of SQLAlchemy 1.4.
        yield (
            make_url(POSTGRES_ADMIN_URL)
            .set(drivername="postgresql", database=name)
            .render_as_string(hide_password=False)
        )


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, contact_log_url: str, tracker_url: str, twilio_api: RecordingApi
) -> Iterator[Served]:
    redis_or_skip()
    first_port = free_ports(2)
    yield from started(
        tmp_path_factory.mktemp("replicas"),
        rasa_workers=2,
        gateway_replicas=2,
        gateway_port=first_port,
        redis_url=REDIS_TEST_URL,
        redis_prefix=f"test-replicas-{secrets.token_hex(6)}:",  # pub/sub ignores the db number
        database_url=contact_log_url,
        tracker_database_url=tracker_url,
        # The load balancer's address is the first replica's (PUBLIC_BASE_URL); the widget may also
        # be reached on the second one directly here.
        allowed_origins=f"http://127.0.0.1:{first_port + 1}",
        twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN,
        twilio_from_number=TWILIO_FROM,
        twilio_api_base=twilio_api.base_url,
        rasa_timeout_seconds=20.0,  # a loaded two-core machine can be slow over a first turn
    )


class ContactLog:
    """The shared PostgreSQL contact log, read (and a staff member added) from the test."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine_from_url(url)
        self.sessions = make_sessionmaker(self.engine)

    def query(self, fn: Any) -> Any:
        with self.sessions.begin() as session:
            return fn(session)

    def messages(self, contact_id: str) -> list[tuple[int, str, str, str]]:
        def read(session: Session) -> list[tuple[int, str, str, str]]:
            rows = session.scalars(select(Message).where(Message.contact_id == contact_id).order_by(Message.id))
            return [(m.id, m.direction, m.author, m.text) for m in rows]

        return self.query(read)

    def sms_contact(self) -> str | None:
        return self.query(lambda s: s.scalars(select(Contact.id).where(Contact.channel == "sms")).first())

    def owner(self, contact_id: str) -> str:
        return self.query(lambda s: s.get(Contact, contact_id).owner)

    def add_staff(self, username: str) -> None:
        def add(session: Session) -> None:
            session.add(
                StaffMember(
                    username=username,
                    display_name="Sam Jones",
                    first_name="Sam",
                    password_hash=hash_password(PASSWORD),
                    role="agent",
                    presence="available",
                )
            )

        self.query(add)


@pytest.fixture(scope="module")
def contact_log(served: Served, contact_log_url: str) -> Iterator[ContactLog]:
    log = ContactLog(contact_log_url)
    yield log
    log.engine.dispose()


def contact_of(served: Served, token: str) -> str:
    signer = TokenSigner(served.settings.session_secret, served.settings.web_session_max_hours * 3600)
    session = signer.verify(token)
    assert session is not None
    return signer.contact_id_for(session.session_id)


def tracker_user_texts(served: Served, contact_id: str) -> list[str]:
    path = f"/conversations/{contact_id}/tracker?token={served.settings.rasa_api_token}"
    for _ in range(120):  # a worker may be restarting: any worker reads the shared tracker store
        for worker in served.rasa_urls():
            status, tracker = get_json(worker + path, timeout=10)
            if status == 200:
                return [e["text"] for e in tracker["events"] if e["event"] == "user"]
        time.sleep(1)
    raise AssertionError("no Rasa worker answered for the tracker")


class StaffBrowser:
    """A staff member's browser without JavaScript, on one replica."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url, self.csrf = http, url, ""

    async def page(self, path: str) -> str:
        async with self.http.get(self.url + path, allow_redirects=False) as response:
            text = await response.text()
            assert response.status == 200, (path, response.status)
        match = _CSRF.search(text)
        self.csrf = match.group(1) if match else self.csrf
        return text

    async def post(self, path: str, form: dict[str, str]) -> int:
        async with self.http.post(self.url + path, data={**form, "csrf_token": self.csrf}, allow_redirects=False) as r:
            return r.status

    async def sign_in(self, username: str) -> None:
        await self.page("/staff/login")
        assert await self.post("/staff/login", {"username": username, "password": PASSWORD}) == 303
        await self.page("/staff/")

    async def follow(self, contact_id: str, received: list[str]) -> asyncio.Task[None]:
        """Open the conversation's live stream; each event's data line is appended to `received`."""
        response = await self.http.get(f"{self.url}/staff/conversations/{contact_id}/events")
        assert response.status == 200

        async def read() -> None:
            async for line in response.content:
                if line.startswith(b"data: "):
                    received.append(line[6:].decode())

        return asyncio.ensure_future(read())


async def test_people_and_staff_on_either_replica_see_what_the_other_stored(
    served: Served, contact_log: ContactLog
) -> None:
    url_a, url_b = served.gateway_urls()
    contact_log.add_staff("sam")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        on_b = await ChatClient.open(http, base_url=url_b)
        # The same conversation in a tab the load balancer sent to A.
        on_a = await ChatClient.open(http, on_b.token, base_url=url_a)
        contact_id = contact_of(served, on_b.token or "")
        try:
            replies = await on_a.replies_to("hello")  # handled on A
            assert replies and all(r["author"] == "bot" for r in replies), replies
            for reply in replies:  # ...and on B, live
                await on_b.until(lambda f, id_=reply["id"]: f.get("type") == "message" and f.get("id") == id_)

            replies = await on_a.replies_to("can I speak to a real person please")
            assert replies, "no answer to the hand-off request"
            await on_b.until(lambda f: f.get("type") == "state" and f.get("owner") == "queued")

            staff = StaffBrowser(http, url_a)
            await staff.sign_in("sam")
            await staff.page(f"/staff/conversations/{contact_id}")
            seen_by_staff: list[str] = []
            stream = await staff.follow(contact_id, seen_by_staff)
            try:
                assert await staff.post(f"/staff/conversations/{contact_id}/claim", {}) == 303
                joined = await on_b.until(
                    lambda f: (
                        f.get("type") == "message"
                        and f.get("author") == "system"
                        and "Sam from our team has joined" in f.get("text", "")
                    )
                )
                assert joined
                await on_b.until(lambda f: f.get("type") == "state" and f.get("owner") == "staff")
                await staff.page(f"/staff/conversations/{contact_id}")
                assert (
                    await staff.post(f"/staff/conversations/{contact_id}/reply", {"text": "Hello, this is Sam."}) == 303
                )
                said = await on_b.until(lambda f: f.get("type") == "message" and f.get("author") == "staff")
                assert said["text"] == "Hello, this is Sam." and said["staff_name"] == "Sam"

                # The person answers on B; staff following on A see it as it happens.
                await on_b.ws.send_json({"type": "message", "text": "thank you Sam", "client_id": uuid.uuid4().hex})
                for _ in range(200):
                    if any("thank you Sam" in data for data in seen_by_staff):
                        break
                    await asyncio.sleep(0.05)
                assert any("thank you Sam" in data for data in seen_by_staff), seen_by_staff
            finally:
                stream.cancel()

            # "Exit this page" in the tab on A closes the person's widget on B too.
            exit_headers = {"Origin": url_a, "Content-Type": "text/plain"}
            async with http.post(f"{url_a}/api/web/session/exit", data=on_a.token, headers=exit_headers) as response:
                assert response.status == 204
            for _ in range(200):
                if on_b.ws is not None and on_b.ws.closed:
                    break
                await asyncio.sleep(0.05)
            assert on_b.ws is not None and on_b.ws.close_code == 4403
        finally:
            await on_a.close()
            await on_b.close()
    # One conversation, stored once: nothing duplicated by the two replicas.
    stored = contact_log.messages(contact_id)
    assert len({id_ for id_, *_ in stored}) == len(stored)
    assert [text for _, direction, _, text in stored if direction == "in"] == [
        "hello",
        "can I speak to a real person please",
        "thank you Sam",
    ]


def signed_sms(served: Served, body: str, number: str) -> tuple[str, dict[str, str]]:
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": TWILIO_SID,
        "From": number,
        "To": TWILIO_FROM,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    # Twilio signs what it called: the load balancer's public URL, whichever replica answers.
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(
        served.settings.public_base_url + "/channels/sms", params
    )
    return urlencode(params), {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}


async def test_two_sms_for_one_conversation_on_both_replicas_at_once_are_answered_in_order(
    served: Served, contact_log: ContactLog, twilio_api: RecordingApi
) -> None:
    url_a, url_b = served.gateway_urls()
    number = "+447700900" + str(secrets.randbelow(900) + 100)
    first, second = "can I speak to a real person please", "how long have i got to complain"
    async with aiohttp.ClientSession() as http:

        async def deliver(url: str, body: str) -> int:
            data, headers = signed_sms(served, body, number)
            async with http.post(f"{url}/channels/sms", data=data, headers=headers) as response:
                return response.status

        # The second reaches B as soon as A has stored the first: while A is still answering it.
        first_delivery = asyncio.ensure_future(deliver(url_a, first))
        contact_id = None
        for _ in range(3000):
            contact_id = contact_log.sms_contact()
            if contact_id and contact_log.messages(contact_id):
                break
            await asyncio.sleep(0.01)
        assert contact_id is not None, "the first SMS was not stored"
        assert await asyncio.gather(first_delivery, deliver(url_b, second)) == [200, 200]

    for _ in range(600):
        if contact_log.owner(contact_id) == "queued" and [m for m in contact_log.messages(contact_id) if m[1] == "out"]:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(3)  # anything still to come for the second message
    stored = contact_log.messages(contact_id)
    inbound = [(id_, text) for id_, direction, _, text in stored if direction == "in"]
    outbound = [(id_, author, text) for id_, direction, author, text in stored if direction == "out"]
    assert [text for _, text in inbound] == [first, second]
    assert inbound[1][0] < outbound[0][0], "the second SMS did not arrive while the first was being answered"
    # In order: the first turn finished (the conversation queued for a person) before the second was
    # routed, so the assistant (which keeps answering a routine request while it waits) saw it second,
    # and the conversation stayed in the queue.
    assert contact_log.owner(contact_id) == "queued"
    assert tracker_user_texts(served, contact_id) == [first, second]
    # What was sent by SMS is what the transcript says was said, in the same order.
    sent = await twilio_api.wait_for(lambda: [c for c in twilio_api.twilio_messages() if c.params.get("To") == number])
    texted = plain(" ".join(call.params["Body"] for call in sent))
    positions = [texted.find(plain(text)[:30]) for _, _, text in outbound]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), (positions, outbound)


def plain(text: str) -> str:
    """Letters, digits and single spaces: SMS rendering swaps typographic punctuation for plain."""
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


async def test_a_killed_rasa_worker_is_started_again_and_the_conversation_continues(served: Served) -> None:
    url_a, url_b = served.gateway_urls()
    urls = served.rasa_urls()
    async with aiohttp.ClientSession() as http:
        on_b = await ChatClient.open(http, base_url=url_b)
        on_a = await ChatClient.open(http, on_b.token, base_url=url_a)
        contact_id = contact_of(served, on_b.token or "")
        try:
            replies = await on_b.replies_to("hello")
            assert replies and all(r["author"] == "bot" for r in replies), replies
            killed = preference(contact_id, urls)[0]
            name = f"rasa-{urls.index(killed) + 1}"
            os.kill(worker_pid(served, killed), signal.SIGKILL)
            await refusing_connections(killed)
            replies = await on_a.replies_to("what are the time limits for making a complaint about the police?")
            assert replies and all(r["author"] == "bot" for r in replies), replies  # the other worker, no apology

            deadline = time.monotonic() + 420
            while not rasa_ready(killed, served.settings.rasa_api_token):
                assert time.monotonic() < deadline and served.process.poll() is None, served.log()[-3000:]
                await asyncio.sleep(1)
            replies = await on_b.replies_to("how do i make a complaint")  # back on its own worker
            assert replies and all(r["author"] == "bot" for r in replies), replies
        finally:
            await on_a.close()
            await on_b.close()
    assert f"{name} stopped unexpectedly" in served.log()
    assert tracker_user_texts(served, contact_id) == [
        "hello",
        "what are the time limits for making a complaint about the police?",
        "how do i make a complaint",
    ]
    assert json.dumps(get_json(f"{url_b}/readyz")[1]["rasa"]) == json.dumps({"workers": 2, "up": 2})
