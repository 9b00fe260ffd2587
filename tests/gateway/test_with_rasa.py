"""End to end with the real trained model, the real action server and Rasa (the `rasa_stack`
fixture): an SMS conversation reaches a person, staff reply by SMS, and hand-back returns the
conversation to the assistant; the web conversation survives a reload. Only Twilio's and
Telegram's APIs are stood in for, by the recording server."""

from __future__ import annotations

import array
import dataclasses
import fcntl
import re
import socket
import struct
import uuid
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from bot import keys
from bot.app import create_app
from bot.store.models import Contact, Handoff, Message, StaffMember

from .conftest import (
    PUBLIC_BASE_URL,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_FROM,
    TWILIO_SID,
    TWILIO_TOKEN,
    Gateway,
)
from .test_web_channel import Widget, is_type, new_session

pytestmark = pytest.mark.model


def live_settings(rasa_stack, recording, staff_hours: str = "always"):
    """Gateway settings on the stack's database, talking to the stack's Rasa and the recording APIs."""
    return dataclasses.replace(
        rasa_stack.settings,
        rasa_url=rasa_stack.rasa_url,
        # A loaded two-core machine can take seconds over a first turn; the failure path has its own test.
        rasa_timeout_seconds=30.0,
        public_base_url=PUBLIC_BASE_URL,
        twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN,
        twilio_from_number=TWILIO_FROM,
        twilio_api_base=recording.base_url,
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_secret_token=TELEGRAM_SECRET,
        telegram_api_base=recording.base_url,
        staff_hours=staff_hours,
    )


@pytest.fixture
async def live(aiohttp_client, rasa_stack, recording) -> Gateway:
    """The gateway on the stack's database, talking to the stack's Rasa."""
    settings = live_settings(rasa_stack, recording)
    return Gateway(await aiohttp_client(create_app(settings)), settings, recording)


def a_phone_number() -> str:
    # The stack's database is shared by the whole session: each test texts from its own number.
    return "+4477009" + str(uuid.uuid4().int)[:5]


def sms_id() -> str:
    return "SM" + uuid.uuid4().hex


def option_number(body: str, title: str) -> str | None:
    match = re.search(r"(\d+) for " + re.escape(title), body)
    return match.group(1) if match else None


def contact_for(gateway: Gateway, message_sid: str) -> Contact:
    return gateway.query(
        lambda s: s.scalars(
            select(Contact)
            .join(Message, Message.contact_id == Contact.id)
            .where(Message.channel_message_id == message_sid)
        ).one()
    )


async def test_an_sms_conversation_reaches_a_person_and_comes_back_to_the_assistant(live: Gateway) -> None:
    number = a_phone_number()
    sam = live.add_staff(f"sam-{uuid.uuid4().hex[:6]}", "Sam")
    replies = lambda: [c.params["Body"] for c in live.recording.twilio_messages() if c.params["To"] == number]  # noqa: E731

    first = sms_id()
    await live.sms("hello", sid=first, sender=number)
    await live.settle()
    contact = contact_for(live, first)
    greeting = replies()
    assert greeting, "the assistant answered by SMS"
    assert any("automated helper" in body for body in greeting)
    assert all("Reply" not in body or body.rstrip().endswith(".") for body in greeting)

    # Pick "Talk to a person" by its number, as someone would on a basic phone.
    number_for_person = option_number(greeting[-1], "Talk to a person")
    assert number_for_person is not None, greeting[-1]
    await live.sms(number_for_person, sid=sms_id(), sender=number)
    await live.settle()
    [handoff] = live.query(lambda s: list(s.scalars(select(Handoff).where(Handoff.contact_id == contact.id))))
    assert handoff.status == "queued"
    assert live.query(lambda s: s.get(Contact, contact.id).owner) == "queued"
    assert any("asking a person" in body for body in replies())

    # While a routine request waits, the assistant keeps answering, and the conversation stays in the queue.
    bot_before = [m.id for m in live.messages(contact.id) if m.author == "bot"]
    await live.sms("how long have i got to complain", sid=sms_id(), sender=number)
    await live.settle()
    assert [m.id for m in live.messages(contact.id) if m.author == "bot"] != bot_before
    assert live.query(lambda s: s.get(Contact, contact.id).owner) == "queued"

    desk = live.app[keys.STAFF_DESK]
    sent_before = len(replies())
    assert await desk.claim(contact.id, sam) is True
    await desk.send_staff_message(contact.id, sam, "Hello, this is Sam. I can help with your complaint.")
    staff_calls = live.recording.twilio_messages()
    assert [c.params["Body"] for c in staff_calls if c.params["To"] == number][sent_before:] == [
        "Sam from our team has joined the conversation.",
        "Hello, this is Sam. I can help with your complaint.",
    ]
    assert staff_calls[-1].basic_auth == (TWILIO_SID, TWILIO_TOKEN)
    assert staff_calls[-1].params["From"] == TWILIO_FROM

    await desk.hand_back(contact.id, sam)
    assert replies()[-1] == "You're back with the assistant."
    await live.sms("what is the IOPC?", sid=sms_id(), sender=number)
    await live.settle()
    assert live.query(lambda s: s.get(Contact, contact.id).owner) == "bot"
    authors = [m.author for m in live.messages(contact.id)]
    assert authors[-1] == "bot", "the assistant answers again after hand-back"
    assert any("IOPC" in body for body in replies()[-2:])

    # Every message in and out is in the transcript exactly once.
    transcript = live.messages(contact.id)
    assert len({m.id for m in transcript}) == len(transcript)
    assert [m.direction for m in transcript].count("in") == 4


async def test_asking_in_words_queues_and_says_nobody_is_free_when_no_one_is(live: Gateway) -> None:
    live.query(lambda s: s.execute(update(StaffMember).values(presence="away")))  # the shared database
    number = a_phone_number()
    first = sms_id()
    await live.sms("can I speak to a real person please", sid=first, sender=number)
    await live.settle()
    contact = contact_for(live, first)
    assert live.query(lambda s: s.get(Contact, contact.id).owner) == "queued"
    bodies = [c.params["Body"] for c in live.recording.twilio_messages() if c.params["To"] == number]
    nobody = [b for b in bodies if "nobody from our team" in b.lower()]
    assert nobody and "0300 020 0096" in nobody[0] and "enquiries@policeconduct.gov.uk" in nobody[0]
    assert "Reply 1 for Request a call back." in nobody[0]


async def test_a_reload_continues_the_web_conversation_with_the_assistant(live: Gateway) -> None:
    session = await new_session(live.client)
    widget = await Widget.open(live.client, session["token"])
    await widget.until(is_type("state"))
    await widget.say("hello", "c-1")
    greeting = await widget.until(lambda f: f["type"] == "message" and f["author"] == "bot" and f["buttons"])
    await live.settle()
    await widget.ws.close()

    again = await new_session(live.client, session["token"])
    reloaded = await Widget.open(live.client, again["token"], after=0)
    await reloaded.until(is_type("state"))
    assert greeting["id"] in [m["id"] for m in reloaded.messages()]
    await reloaded.ws.send_json(
        {
            "type": "button",
            "title": greeting["buttons"][0]["title"],
            "payload": greeting["buttons"][0]["payload"],
            "client_id": "c-2",
        }
    )
    answer = await reloaded.until(
        lambda f: f["type"] == "message" and f["author"] == "bot" and f["id"] > greeting["id"]
    )
    assert answer["text"]


def _non_loopback_ipv4() -> list[str]:
    """This machine's IPv4 addresses other than 127.0.0.0/8 (Linux SIOCGIFCONF)."""
    size = 32 * 40
    buffer = array.array("B", b"\0" * size)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        result = fcntl.ioctl(probe.fileno(), 0x8912, struct.pack("iL", size, buffer.buffer_info()[0]))
    used = struct.unpack("iL", result)[0]
    data = buffer.tobytes()[:used]
    addresses = [socket.inet_ntoa(data[i + 20 : i + 24]) for i in range(0, used, 40)]
    return [a for a in addresses if not a.startswith("127.")]


def test_rasa_and_the_action_server_listen_on_loopback_only(rasa_stack) -> None:
    ports = [urlsplit(rasa_stack.rasa_url).port, urlsplit(rasa_stack.action_server_url).port]
    for port in ports:
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # reachable on loopback
    others = _non_loopback_ipv4()
    if not others:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    for address in others:
        for port in ports:
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()
