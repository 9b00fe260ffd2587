"""Console fixtures: the real gateway in-process on a migrated database, staff members with real
argon2 passwords, and clients that sign in through the real form (each with its own cookies).

Rasa is not running here (a loopback port nothing listens on): the gateway then offers "Talk to
a person" itself, which is all these tests need to put a conversation in the queue.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from chat_client import ChatClient
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import keys
from bot.app import create_app
from bot.console.auth import hash_password
from bot.settings import Settings
from bot.store.models import AuditEvent, Contact, Handoff, Message, StaffMember
from bot.store.repositories.contacts import ensure_contact
from bot.store.repositories.handoffs import request_handoff
from bot.supervisor import free_port, local_settings

PUBLIC_BASE_URL = "http://127.0.0.1:8080"
ORIGIN = PUBLIC_BASE_URL
PASSWORD = "correct horse battery staple"
# What someone hostile (or just unlucky) might type into the widget.
SCRIPT_MESSAGE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def console_settings(root: Path, database_url: str, **overrides: Any) -> Settings:
    """The tests' settings (local_settings: spool, logs and tracker under `root`) for this suite."""
    values: dict[str, Any] = dict(
        database_url=database_url,
        contact_key=Fernet.generate_key().decode(),
        hash_key="hash-key-for-console-tests",
        session_secret="session-secret-for-console-tests",
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_timeout_seconds=3.0,
        public_base_url=PUBLIC_BASE_URL,
        staff_hours="always",
        metrics_token="",  # no /metrics unless a test asks for it
    )
    values.update(overrides)
    return local_settings(root, **values)


class StaffClient:
    """One staff member's browser without JavaScript: its own cookies, forms posted as forms."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf: str | None = None

    async def get(self, path: str, **kwargs: Any):
        response = await self.client.get(path, allow_redirects=False, **kwargs)
        return response

    async def page(self, path: str) -> str:
        """GET a page that must render (200); remember its CSRF token."""
        response = await self.get(path)
        text = await response.text()
        assert response.status == 200, (response.status, text[:500])
        match = _CSRF.search(text)
        if match:
            self.csrf = match.group(1)
        return text

    async def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any):
        form = dict(data or {})
        if csrf:
            assert self.csrf, "load a page first"
            form.setdefault("csrf_token", self.csrf)
        return await self.client.post(path, data=form, allow_redirects=False, **kwargs)

    async def login(self, username: str, password: str = PASSWORD):
        await self.page("/staff/login")
        return await self.post("/staff/login", {"username": username, "password": password})

    async def signed_in(self, username: str, password: str = PASSWORD) -> StaffClient:
        response = await self.login(username, password)
        assert response.status == 303, (response.status, (await response.text())[:800])
        await self.page("/staff/")
        return self

    def cookie(self, name: str) -> str | None:
        for cookie in self.client.session.cookie_jar:
            if cookie.key == name:
                return cookie.value
        return None


class Person(ChatClient):
    """A member of the public on the web widget (tests/chat_client.py), from this suite's origin."""

    origin = ORIGIN


@dataclass
class Console:
    """The running gateway, the way to open staff and public clients on it, and the database."""

    server: TestServer
    settings: Settings
    make_client: Callable[..., Any]
    clients: list[TestClient] = field(default_factory=list)

    @property
    def app(self):
        return self.server.app

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.app[keys.SESSIONS]

    def query(self, fn: Callable[[Session], Any]) -> Any:
        with self.sessions.begin() as session:
            return fn(session)

    def add_staff(
        self,
        username: str,
        name: str = "Sam Jones",
        role: str = "agent",
        presence: str = "available",
        password: str = PASSWORD,
    ) -> int:
        def fn(session: Session) -> int:
            staff = StaffMember(
                username=username,
                display_name=name,
                first_name=name.split()[0],
                password_hash=hash_password(password),
                role=role,
                presence=presence,
            )
            session.add(staff)
            session.flush()
            return staff.id

        return self.query(fn)

    async def staff(self, source: str | None = None) -> StaffClient:
        """A staff browser; `source` is the loopback address it connects from (127.0.0.2, say)."""
        options = {"connector": aiohttp.TCPConnector(local_addr=(source, 0))} if source else {}
        client = await self.make_client(self.server, **options)
        self.clients.append(client)
        return StaffClient(client)

    async def person(self) -> Person:
        person = await Person.open(await self.make_client(self.server))
        channel = self.app[keys.WEB]
        person.contact_id = channel.contact_id_for(channel.signer.verify(person.token).session_id)
        await person.until(lambda f: f["type"] == "state")
        return person

    async def escalated_person(self) -> tuple[Person, str]:
        """A person on the widget whose conversation is waiting in the queue; and its contact id."""
        person = await self.person()
        await person.say("hello")
        apology = await person.until(lambda f: f["type"] == "message" and bool(f.get("buttons")))
        button = apology["buttons"][0]
        await person.press(button["title"], button["payload"])
        await person.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
        return person, person.contact_id

    def queued_contact(self, priority: int = 2, channel: str = "web", **details: Any) -> str:
        """A contact waiting in the queue, made directly in the store (no widget needed)."""
        contact_id = str(uuid.uuid4())

        def fn(session: Session) -> None:
            contact = ensure_contact(session, contact_id, channel)
            for name, value in details.items():
                setattr(contact, name, value)
            request_handoff(session, contact_id, "human_requested", priority, "en", None)

        self.query(fn)
        return contact_id

    def messages(self, contact_id: str) -> list[Message]:
        return self.query(
            lambda s: list(s.scalars(select(Message).where(Message.contact_id == contact_id).order_by(Message.id)))
        )

    def handoff(self, contact_id: str) -> Handoff:
        return self.query(
            lambda s: s.scalars(
                select(Handoff).where(Handoff.contact_id == contact_id).order_by(Handoff.id.desc())
            ).first()
        )

    def contact(self, contact_id: str) -> Contact:
        return self.query(lambda s: s.get(Contact, contact_id))

    def audit(self, action: str | None = None) -> list[AuditEvent]:
        def fn(session: Session) -> list[AuditEvent]:
            query = select(AuditEvent).order_by(AuditEvent.id)
            if action:
                query = query.where(AuditEvent.action == action)
            return list(session.scalars(query))

        return self.query(fn)

    async def settle(self) -> None:
        """Wait until background routing has finished."""
        router = self.app[keys.ROUTER]
        for _ in range(1500):
            if not router._tasks:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.02)


@pytest.fixture
def make_console(aiohttp_server, aiohttp_client, sqlite_url, tmp_path):
    async def make(database_url: str | None = None, **overrides: Any) -> Console:
        settings = console_settings(tmp_path, database_url or sqlite_url, **overrides)
        server = await aiohttp_server(create_app(settings))
        return Console(server, settings, aiohttp_client)

    return make


@pytest.fixture
async def console(make_console) -> Console:
    return await make_console()


@pytest.fixture
async def live(aiohttp_server, aiohttp_client, rasa_stack) -> Console:
    """The gateway in-process on the stack's database, talking to the stack's Rasa."""
    settings = dataclasses.replace(
        rasa_stack.settings,
        rasa_url=rasa_stack.rasa_url,
        rasa_timeout_seconds=30.0,  # a loaded two-core machine can be slow over a first turn
        public_base_url=PUBLIC_BASE_URL,
        staff_hours="always",
    )
    server = await aiohttp_server(create_app(settings))
    return Console(server, settings, aiohttp_client)
