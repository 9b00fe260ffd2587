"""With the real trained model, action server and Rasa (the `rasa_stack` fixture): the assistant
queues the conversation, staff take it over in the console, and after hand-back the assistant
answers the person again."""

from __future__ import annotations

import secrets

import pytest

from .conftest import Console

pytestmark = pytest.mark.model


def talk_to_a_person(frame: dict) -> bool:
    return frame["type"] == "message" and any(b["title"] == "Talk to a person" for b in frame.get("buttons", []))


async def test_the_assistant_answers_again_after_staff_hand_back(live: Console) -> None:
    username = f"rasa.{secrets.token_hex(4)}"  # the stack's database is shared by the whole session
    live.add_staff(username, "Sam Jones")
    person = await live.person()
    await person.say("hello")
    offer = await person.until(talk_to_a_person, timeout=60)
    button = next(b for b in offer["buttons"] if b["title"] == "Talk to a person")
    await person.press(button["title"], button["payload"])
    await person.until(lambda f: f["type"] == "state" and f["owner"] == "queued", timeout=60)
    contact_id = person.contact_id
    # Rasa's action queued it: the reason and route come from triage, not from the gateway.
    assert live.handoff(contact_id).status == "queued"
    assert live.contact(contact_id).triage_outcome == "human_requested"

    sam = await (await live.staff()).signed_in(username)
    page = await sam.page(f"/staff/conversations/{contact_id}")
    assert "Asked for a person" in page  # the route, on the context card
    assert (await sam.post(f"/staff/conversations/{contact_id}/claim")).status == 303
    await sam.post(f"/staff/conversations/{contact_id}/reply", {"text": "Hi, Sam here."})
    await person.until(lambda f: f["type"] == "message" and f["author"] == "staff")

    # While staff have it, the assistant stays quiet.
    await person.say("thanks")
    await person.quiet(1.0)
    await live.settle()
    assert not [
        m
        for m in live.messages(contact_id)
        if m.author == "bot" and m.id > max(m.id for m in live.messages(contact_id) if m.author == "staff")
    ]

    await sam.post(f"/staff/conversations/{contact_id}/hand-back")
    await person.until(lambda f: f["type"] == "state" and f["owner"] == "bot")
    bot_before = len([f for f in person.frames if f["type"] == "message" and f["author"] == "bot"])
    await person.say("hello")
    await person.until(
        lambda f: (
            f["type"] == "message"
            and f["author"] == "bot"
            and len([g for g in person.frames if g["type"] == "message" and g["author"] == "bot"]) > bot_before
        ),
        timeout=60,
    )
    assert live.contact(contact_id).owner == "bot"
