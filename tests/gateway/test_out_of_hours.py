"""Someone in danger or crisis when nobody can join (outside staff hours, or nobody available): on SMS
and Telegram every message they get is read, and none contradicts another or offers a call-back.

The first tests run the gateway alone (Rasa down: the gateway's own danger check queues the person);
the rest run the real trained model and action server (`rasa_stack`), as a person would meet them.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from bot.app import create_app
from bot.routing import canned
from bot.routing.availability import LONDON
from bot.store.models import StaffMember

from .conftest import TELEGRAM_SECRET, Gateway
from .test_with_rasa import contact_for, live_settings

DANGER = "he's outside my door with a knife and I'm scared"
CRISIS = "i want to end it all tonight"
SAFETY_NUMBERS = ("999", "116 123", "85258", "0800 1111")

_CALL_BACK = re.compile(r"call (?:you )?back|call-back|callback|ffonio chi'n ôl|alwad yn ôl", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def closed_now() -> str:
    """STAFF_HOURS that are shut at this moment: one minute, on another day of the week."""
    tomorrow = (dt.datetime.now(LONDON).weekday() + 1) % 7
    return f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[tomorrow]} 09:00-09:01"


def contradictions(messages: list[str]) -> list[str]:
    """What in this run of messages contradicts itself or offers a call-back."""
    problems = [f"offers a call-back: {m!r}" for m in messages if _CALL_BACK.search(m)]
    sentences = [s for m in messages for s in _SENTENCES.split(m) if s.strip()]
    nobody = any(re.search(r"\bnobody\b.*\bcan (?:join|come)\b", s, re.I) for s in sentences)
    for sentence in sentences:
        lowered = sentence.lower()
        if re.search(r"\b(?:asked|asking)\b", lowered) and re.search(r"\bnow\b", lowered):
            problems.append(f"promises a person now: {sentence!r}")
        if nobody and re.search(r"as soon as they can|reply here soon|will reply here", lowered):
            problems.append(f"says someone will reply soon although nobody can join: {sentence!r}")
    return problems


def assert_safe(messages: list[str], buttons: list[str]) -> None:
    assert messages, "the person got nothing"
    assert "999" in messages[0], f"999 must come first: {messages[0]!r}"
    everything = " ".join(messages)
    for number in SAFETY_NUMBERS:
        assert number in everything, f"{number} is missing from what the person got: {messages}"
    assert "keep typing here" in everything
    assert re.search(r"still answer", everything), "they must be told plainly the assistant still answers"
    assert not [b for b in buttons if _CALL_BACK.search(b)], f"a call-back button was offered: {buttons}"
    assert not contradictions(messages), contradictions(messages)


# --- SMS and Telegram, read back from the stand-in APIs -----------------------------------------------


def sms_to(gateway: Gateway, number: str) -> list[str]:
    return [c.params["Body"] for c in gateway.recording.twilio_messages() if c.params["To"] == number]


def telegram_to(gateway: Gateway, chat_id: int) -> tuple[list[str], list[str]]:
    sent = [c for c in gateway.recording.telegram("sendMessage") if int(c.params["chat_id"]) == chat_id]
    buttons = [
        b["text"] for c in sent for row in (c.params.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
    ]
    return [c.params["text"] for c in sent], buttons


def telegram_text(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id + 1000,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Alex", "language_code": "en"},
            "chat": {"id": chat_id, "first_name": "Alex", "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


async def telegram(gateway: Gateway, update_id: int, chat_id: int, text: str) -> None:
    response = await gateway.client.post(
        "/channels/telegram",
        json=telegram_text(update_id, chat_id, text),
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert response.status == 200
    await gateway.settle()


def sms_id() -> str:
    return "SM" + uuid.uuid4().hex


def a_phone_number() -> str:
    return "+4477009" + str(uuid.uuid4().int)[:5]


def a_chat_id() -> int:
    return 500_000_000 + uuid.uuid4().int % 100_000_000


# --- The gateway alone (Rasa down): its own danger check queues the person ------------------------


@pytest.fixture(params=["hours_closed", "nobody_available"])
async def unstaffed(request, aiohttp_client, make_settings, recording) -> Gateway:
    """A gateway where nobody can join: outside staff hours (someone is set available all the same),
    or within hours with nobody available."""
    hours = closed_now() if request.param == "hours_closed" else "always"
    settings = make_settings(staff_hours=hours)
    gateway = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
    if request.param == "hours_closed":
        gateway.add_staff("sam", "Sam", presence="available")
    return gateway


@pytest.mark.parametrize("text", [DANGER, CRISIS], ids=["emergency", "crisis"])
async def test_sms_without_the_assistant_gets_the_safe_path(unstaffed: Gateway, text: str) -> None:
    number = a_phone_number()
    await unstaffed.sms(text, sid=sms_id(), sender=number)
    await unstaffed.settle()
    bodies = sms_to(unstaffed, number)
    assert_safe(bodies, [b for b in bodies if b.startswith("Reply ")])
    [contact] = unstaffed.contacts()
    assert contact.owner == "queued"


async def test_telegram_without_the_assistant_gets_the_safe_path(unstaffed: Gateway) -> None:
    chat = a_chat_id()
    await telegram(unstaffed, 1, chat, DANGER)
    texts, buttons = telegram_to(unstaffed, chat)
    assert_safe(texts, buttons)


async def test_danger_while_waiting_as_a_routine_request_brings_the_safe_path(gateway: Gateway) -> None:
    # Nobody is available in this gateway: asking for a person first gets the routine message.
    number = a_phone_number()
    await gateway.sms("hello", sid=sms_id(), sender=number)
    await gateway.settle()
    await gateway.sms("1", sid=sms_id(), sender=number)  # "Reply 1 for Talk to a person."
    await gateway.settle()
    routine = sms_to(gateway, number)
    assert any("Request a call back" in b for b in routine)
    await gateway.sms(DANGER, sid=sms_id(), sender=number)
    await gateway.settle()
    after = sms_to(gateway, number)[len(routine) :]
    assert_safe(after, [b for b in after if b.startswith("Reply ")])
    [handoff] = gateway.handoffs()
    assert handoff.priority == 0


async def test_waiting_for_a_person_while_the_assistant_is_down_brings_no_second_apology(gateway: Gateway) -> None:
    number = a_phone_number()
    await gateway.sms("hello", sid=sms_id(), sender=number)
    await gateway.settle()
    await gateway.sms("1", sid=sms_id(), sender=number)  # the apology's "Talk to a person"
    await gateway.settle()
    waiting = sms_to(gateway, number)
    await gateway.sms("how long will it take", sid=sms_id(), sender=number)
    await gateway.settle()
    assert sms_to(gateway, number) == waiting, "an apology offering a person they are already waiting for"
    [contact] = gateway.contacts()
    assert contact.owner == "queued"


async def test_with_someone_available_there_is_no_nobody_message(aiohttp_client, make_settings, recording) -> None:
    settings = make_settings(staff_hours="always")
    gateway = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
    gateway.add_staff("sam", "Sam", presence="available")
    number = a_phone_number()
    await gateway.sms(DANGER, sid=sms_id(), sender=number)
    await gateway.settle()
    bodies = sms_to(gateway, number)
    assert "999" in bodies[0]
    assert not any("Nobody" in b for b in bodies)
    assert canned.QUEUED.text in bodies
    assert not contradictions(bodies)


# --- The real assistant ------------------------------------------------------------------------------


@pytest.fixture(params=["hours_closed", "nobody_available"])
async def live_unstaffed(request, aiohttp_client, rasa_stack, recording) -> Gateway:
    """The gateway in front of the real model, with nobody able to join (the stack's database is shared
    by the session, so staff presence is put back afterwards)."""
    settings = live_settings(rasa_stack, recording, closed_now() if request.param == "hours_closed" else "always")
    gateway = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
    gateway.query(lambda s: s.execute(update(StaffMember).values(presence="away")))
    staff_id = None
    if request.param == "hours_closed":
        staff_id = gateway.add_staff(f"night-{uuid.uuid4().hex[:6]}", "Nia", presence="available")
    yield gateway
    if staff_id is not None:
        gateway.query(
            lambda s: s.execute(update(StaffMember).where(StaffMember.id == staff_id).values(presence="away"))
        )


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "route"), [(DANGER, "emergency"), (CRISIS, "crisis_support")], ids=["emergency", "crisis"]
)
async def test_an_sms_in_danger_out_of_hours_reads_safely_from_start_to_finish(
    live_unstaffed: Gateway, text: str, route: str
) -> None:
    number, first = a_phone_number(), sms_id()
    await live_unstaffed.sms(text, sid=first, sender=number)
    await live_unstaffed.settle()
    # They keep typing, as they are told they can: nothing new promises anything, and nobody is locked out.
    await live_unstaffed.sms("is anyone there? what do i do", sid=sms_id(), sender=number)
    await live_unstaffed.settle()
    told = len(sms_to(live_unstaffed, number))
    await live_unstaffed.sms("how long have i got to make a complaint", sid=sms_id(), sender=number)
    await live_unstaffed.settle()
    bodies = sms_to(live_unstaffed, number)
    assert_safe(bodies, [b for b in bodies if b.startswith("Reply ")])
    assert any("12 months" in b for b in bodies[told:]), bodies[told:]
    assert sum("Nobody from our team" in b for b in bodies) == 1, "the urgent message again on every turn"
    contact = contact_for(live_unstaffed, first)
    assert (contact.triage_outcome, contact.owner) == (route, "queued")
    [handoff] = [h for h in live_unstaffed.handoffs() if h.contact_id == contact.id]
    assert handoff.priority == 0, "a calm question while waiting lowers nothing"


@pytest.mark.model
async def test_telegram_in_crisis_out_of_hours_reads_safely_from_start_to_finish(live_unstaffed: Gateway) -> None:
    chat = a_chat_id()
    update_id = uuid.uuid4().int % 1_000_000
    await telegram(live_unstaffed, update_id, chat, CRISIS)
    await telegram(live_unstaffed, update_id + 1, chat, "are you still there")
    texts, buttons = telegram_to(live_unstaffed, chat)
    assert_safe(texts, buttons)
    assert "116 123" in texts[0], "the crisis lines come in the very first reply"


@pytest.mark.model
async def test_welsh_by_sms_in_danger_out_of_hours_is_safe_and_in_welsh(live_unstaffed: Gateway) -> None:
    number = a_phone_number()
    await live_unstaffed.sms("Helpwch fi, mae e tu allan i'r drws, dw i mewn perygl", sid=sms_id(), sender=number)
    await live_unstaffed.settle()
    bodies = sms_to(live_unstaffed, number)
    assert bodies and "999" in bodies[0]
    everything = " ".join(bodies)
    for number_ in SAFETY_NUMBERS:
        assert number_ in everything
    assert "ddal ati i deipio yma" in everything and "Does neb o'n tîm" in everything
    assert not contradictions(bodies)


@pytest.mark.model
async def test_waiting_out_of_hours_the_assistant_still_answers_and_call_back_details_are_acknowledged(
    live_unstaffed: Gateway,
) -> None:
    async def ask_for_a_person(number: str) -> str:
        first = sms_id()
        await live_unstaffed.sms("can i talk to a real person please", sid=first, sender=number)
        await live_unstaffed.settle()
        assert any("ask our automated helper questions" in b for b in sms_to(live_unstaffed, number))
        return first

    # Hours may pass before anyone joins: a question while waiting still gets its answer.
    waiting = a_phone_number()
    first = await ask_for_a_person(waiting)
    told = len(sms_to(live_unstaffed, waiting))
    await live_unstaffed.sms("how long have i got to make a complaint", sid=sms_id(), sender=waiting)
    await live_unstaffed.settle()
    answered = sms_to(live_unstaffed, waiting)[told:]
    assert any("12 months" in b for b in answered), answered
    assert contact_for(live_unstaffed, first).owner == "queued", "answering does not take them out of the queue"

    # Once they ask to be called back, the next message (a number, a time) is for the team: the assistant does not
    # answer it, but says it was noted. After that the assistant answers again (round 45's testers asked "did you
    # get my number?" into silence).
    calling = a_phone_number()
    contact_id = contact_for(live_unstaffed, await ask_for_a_person(calling)).id
    await live_unstaffed.sms("1", sid=sms_id(), sender=calling)  # "Reply 1 for Request a call back."
    await live_unstaffed.settle()
    await live_unstaffed.sms("07700 900123 after 3pm", sid=sms_id(), sender=calling)
    await live_unstaffed.settle()
    transcript = [(m.author, m.text) for m in live_unstaffed.messages(contact_id)]
    assert transcript[-3:] == [
        ("system", canned.CALLBACK_REQUESTED.text),
        ("user", "07700 900123 after 3pm"),
        ("system", canned.CALLBACK_NOTED.text),
    ], transcript
    await live_unstaffed.sms("how long have i got to make a complaint", sid=sms_id(), sender=calling)
    await live_unstaffed.settle()
    after = [(m.author, m.text) for m in live_unstaffed.messages(contact_id)]
    assert any(author == "bot" and "12 months" in text for author, text in after[len(transcript) :]), after


@pytest.mark.model
async def test_someone_who_cannot_phone_is_offered_email_and_text_relay_never_a_call_back(
    live_unstaffed: Gateway,
) -> None:
    number, first = a_phone_number(), sms_id()
    await live_unstaffed.sms(
        "im deaf, i cant use a phone. can i talk to a real person please", sid=first, sender=number
    )
    await live_unstaffed.settle()
    bodies = sms_to(live_unstaffed, number)
    assert canned.NO_STAFF_AVAILABLE_NO_PHONE.text in bodies, bodies
    assert any("18001 0207 166 3000" in b for b in bodies), bodies
    assert not [b for b in bodies if _CALL_BACK.search(b)], f"a call-back was offered: {bodies}"
    contact = contact_for(live_unstaffed, first)
    assert contact.owner == "queued" and "cannot_phone" in contact.safeguarding_flags
