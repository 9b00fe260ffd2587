"""Gateway fixtures: the real app in-process on a migrated database, with a recording server
standing in for Twilio's and Telegram's APIs (the only fake)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.settings import Settings
from bot.store.models import Contact, Handoff, Message, StaffMember
from bot.supervisor import free_port, local_settings

from .recording import RecordingApi

PUBLIC_BASE_URL = "https://gateway.example.test"
ORIGIN = PUBLIC_BASE_URL
TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "twilio-auth-token-for-tests"
TWILIO_FROM = "+447700900000"
TELEGRAM_TOKEN = "123456:TEST-token"
TELEGRAM_SECRET = "telegram-secret-for-tests"


@pytest.fixture
async def recording(aiohttp_server) -> RecordingApi:
    api = RecordingApi()
    server = await aiohttp_server(api.app())
    api.base_url = str(server.make_url("")).rstrip("/")
    return api


@pytest.fixture
def rasa_down_url() -> str:
    """Where Rasa would be if it were running: a loopback port nothing listens on."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def make_settings(sqlite_url: str, recording: RecordingApi, rasa_down_url: str, tmp_path) -> Callable[..., Settings]:
    """The tests' settings (local_settings: spool, logs and tracker under tmp_path) for this suite."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = dict(
            database_url=sqlite_url,
            contact_key=Fernet.generate_key().decode(),
            hash_key="hash-key-for-tests",
            session_secret="session-secret-for-tests",
            rasa_url=rasa_down_url,
            rasa_timeout_seconds=3.0,
            public_base_url=PUBLIC_BASE_URL,
            twilio_account_sid=TWILIO_SID,
            twilio_auth_token=TWILIO_TOKEN,
            twilio_from_number=TWILIO_FROM,
            twilio_api_base=recording.base_url,
            telegram_bot_token=TELEGRAM_TOKEN,
            telegram_secret_token=TELEGRAM_SECRET,
            telegram_api_base=recording.base_url,
            staff_hours="always",
            metrics_token="",  # no /metrics unless a test asks for it
        )
        values.update(overrides)
        return local_settings(tmp_path, **values)

    return make


@dataclass
class Gateway:
    """The running app plus what tests need to drive and inspect it."""

    client: TestClient
    settings: Settings
    recording: RecordingApi

    @property
    def app(self):
        return self.client.server.app

    @property
    def sessions(self) -> sessionmaker[Session]:
        from bot import keys

        return self.app[keys.SESSIONS]

    def query(self, fn: Callable[[Session], Any]) -> Any:
        with self.sessions.begin() as session:
            return fn(session)

    def messages(self, contact_id: str | None = None) -> list[Message]:
        def fn(session: Session) -> list[Message]:
            statement = select(Message).order_by(Message.id)
            if contact_id is not None:
                statement = statement.where(Message.contact_id == contact_id)
            return list(session.scalars(statement))

        return self.query(fn)

    def contacts(self) -> list[Contact]:
        return self.query(lambda s: list(s.scalars(select(Contact))))

    def handoffs(self) -> list[Handoff]:
        return self.query(lambda s: list(s.scalars(select(Handoff).order_by(Handoff.id))))

    def add_staff(self, username: str, first_name: str, presence: str = "available") -> int:
        def fn(session: Session) -> int:
            staff = StaffMember(
                username=username,
                display_name=f"{first_name} Example",
                first_name=first_name,
                password_hash="not-a-real-hash",
                presence=presence,
            )
            session.add(staff)
            session.flush()
            return staff.id

        return self.query(fn)

    # -- SMS ---------------------------------------------------------------------------------

    def sign(self, params: dict[str, str], path: str = "/channels/sms") -> str:
        return RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_BASE_URL + path, params)

    async def sms(self, body: str, sid: str, sender: str = "+447700900123", signature: str | None = None):
        params = {
            "MessageSid": sid,
            "SmsSid": sid,
            "AccountSid": TWILIO_SID,
            "From": sender,
            "To": TWILIO_FROM,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers["X-Twilio-Signature"] = self.sign(params) if signature is None else signature
        return await self.client.post("/channels/sms", data=urlencode(params), headers=headers)

    async def settle(self) -> None:
        """Wait until background routing has finished."""
        from bot import keys

        router = self.app[keys.ROUTER]
        deadline = time.monotonic() + 30
        while router._tasks and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.02)


@pytest.fixture
async def gateway(aiohttp_client, make_settings, recording) -> Gateway:
    settings = make_settings()
    client = await aiohttp_client(create_app(settings))
    return Gateway(client, settings, recording)


@pytest.fixture
def no_network() -> Iterator[None]:
    yield
