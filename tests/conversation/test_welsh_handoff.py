"""Asking for a Welsh speaker queues a hand-off flagged Welsh, and the reply is in Welsh (the real model)."""

from __future__ import annotations

import uuid

import aiohttp
import pytest
from content.texts import chosen, domain_responses
from sqlalchemy import select

from bot.store.models import Contact, Handoff
from bot.store.session import create_engine_from_url, make_sessionmaker

pytestmark = pytest.mark.model

# Not in the training data: new wordings, in English and in Welsh.
ASKS_FOR_A_WELSH_SPEAKER = [
    "can I talk to someone in Welsh",
    "oes rhywun sy'n siarad Cymraeg?",
    "Is there somebody there who can speak Welsh with me?",
    "Hoffwn i siarad â rhywun yn Gymraeg os gwelwch yn dda",
]


async def say(stack, sender: str, text: str) -> list[str]:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as reply:
            assert reply.status == 200
            return [item.get("text") or "" for item in await reply.json()]


def welsh(name: str) -> str:
    (variation,) = chosen(domain_responses()[name], {"language": "cy", "audience": None})
    return variation["text"]


def handoffs_and_contact(stack, sender: str) -> tuple[list[Handoff], Contact | None]:
    engine = create_engine_from_url(stack.settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            handoffs = list(session.scalars(select(Handoff).where(Handoff.contact_id == sender)))
            contact = session.get(Contact, sender)
            session.expunge_all()
            return handoffs, contact
    finally:
        engine.dispose()


@pytest.mark.parametrize("text", ASKS_FOR_A_WELSH_SPEAKER)
async def test_asking_for_a_welsh_speaker_queues_a_welsh_handoff_and_answers_in_welsh(rasa_stack, text: str) -> None:
    sender = str(uuid.uuid4())
    replies = await say(rasa_stack, sender, text)
    assert welsh("utter_handoff_requested") in replies
    handoffs, contact = handoffs_and_contact(rasa_stack, sender)
    assert [h.language for h in handoffs] == ["cy"]
    assert contact is not None and contact.language == "cy"


async def test_asking_for_a_welsh_speaker_in_the_middle_of_the_form(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    for answer in ["I want to complain about an officer", "yes", "he was rude to me at the station"]:
        await say(rasa_stack, sender, answer)
    replies = await say(rasa_stack, sender, "actually can I speak to a person who speaks Welsh?")
    assert welsh("utter_handoff_requested") in replies
    handoffs, _ = handoffs_and_contact(rasa_stack, sender)
    assert [h.language for h in handoffs] == ["cy"]


async def test_asking_for_a_person_in_english_queues_an_english_handoff(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    replies = await say(rasa_stack, sender, "can I speak to a real person please")
    assert welsh("utter_handoff_requested") not in replies
    handoffs, _ = handoffs_and_contact(rasa_stack, sender)
    assert [h.language for h in handoffs] == ["en"]
