"""Young people, Easy Read and Welsh, end to end: the trained model, the action server and the store.

Every reply is compared with the texts written for the mode (domain/ variations and
actions/form_content.py), so a reply that falls back to standard English fails the test.
"""

from __future__ import annotations

import uuid

import aiohttp
import pytest
from content.texts import chosen, domain_responses, texts_in_mode
from sqlalchemy import select

from actions import form_content
from actions.conversation import ASKED_AGAIN_LINE, OTHER_LANGUAGE_LINE
from bot.store.models import Contact, Handoff
from bot.store.session import create_engine_from_url, make_sessionmaker

pytestmark = pytest.mark.model

RESPONSES = domain_responses()


async def say(stack, sender: str, text: str) -> list[str]:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as reply:
            assert reply.status == 200
            return [item.get("text") or "" for item in await reply.json()]


async def slots(stack, sender: str) -> dict:
    async with aiohttp.ClientSession() as http:
        url = f"{stack.rasa_url}/conversations/{sender}/tracker"
        async with http.get(url, params={"token": stack.settings.rasa_api_token}) as reply:
            assert reply.status == 200
            return (await reply.json())["slots"]


def text_for(name: str, **slot_values) -> str:
    """The text Rasa must choose for `name` with these slot values."""
    (variation,) = chosen(RESPONSES[name], slot_values)
    return variation["text"]


def stored(stack, sender: str) -> tuple[Contact, list[Handoff]]:
    engine = create_engine_from_url(stack.settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            contact = session.get(Contact, sender)
            assert contact is not None, "the contact was not logged"
            handoffs = list(session.scalars(select(Handoff).where(Handoff.contact_id == sender)))
            session.expunge_all()
            return contact, handoffs
    finally:
        engine.dispose()


async def test_a_15_year_old_asking_about_a_strip_search_gets_young_person_replies_and_childline(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    replies = await say(
        rasa_stack,
        sender,
        "they took me to the station n made me take my clothes off. no adult was there. im 15. is that even allowed??",
    )
    state = await slots(rasa_stack, sender)
    assert (state["audience"], state["topic"], state["triage_outcome"]) == (
        "young_person",
        "strip_search",
        "serious_incident",
    )

    young = {"language": "en", "audience": "young_person", "topic": "strip_search"}
    assert text_for("utter_serious_incident", **young) in replies  # "You were right to ask" + appropriate adult
    assert text_for("utter_serious_no_detail_needed", **young) in replies  # a trusted adult, Childline
    assert any("0800 1111" in r and "Childline" in r for r in replies)
    assert any("appropriate adult should be there" in r for r in replies)
    standard = {"language": "en", "audience": None}
    assert text_for("utter_serious_incident", **standard) not in replies
    assert text_for("utter_serious_no_detail_needed", **standard) not in replies
    assert text_for("utter_handoff_requested", **standard) in replies  # a person is brought in at once

    contact, handoffs = stored(rasa_stack, sender)
    assert contact.audience == "young_person" and "under_18" in contact.safeguarding_flags
    assert contact.triage_outcome == "serious_incident" and [h.priority for h in handoffs] == [1]


async def test_easy_read_changes_every_reply_from_then_on(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    easy = texts_in_mode("easy_read")
    replies = await say(rasa_stack, sender, "can you use easier words")
    assert (await slots(rasa_stack, sender))["audience"] == "easy_read"
    assert replies[0] == text_for("utter_easy_read_on", language="en", audience="easy_read", easy_read_again=False)
    # Asked again ("i dont get it"): not the same line again, but a person offered.
    replies = await say(rasa_stack, sender, "can you use easier words")
    assert replies[0] == text_for("utter_easy_read_on", language="en", audience="easy_read", easy_read_again=True)

    seen: list[str] = []
    # Questions first (each answered, then "anything else?"), then the complaint form to the end.
    for text in [
        "how would I go about complaining about an officer",
        "what happens once I've complained",
        "is there a deadline for complaining",
        "will the officer lose his job",
        "what number can I ring you on",
        "/make_complaint",  # the menu's "Complain" button
        "yes",
        "he was rude and shouted at me in the street",
        "last week",
        "cardiff",
        "skip",
        "not yet",
        "for me",
        "email",
        "nothing needed",
        "yes",
    ]:
        replies = await say(rasa_stack, sender, text)
        assert replies, f"no reply to {text!r}"
        for reply in replies:
            if reply.startswith("- ") or reply.startswith(form_content.feedback("summary_intro", "en", "easy_read")):
                # The summary repeats the person's own words after Easy Read labels.
                labels = set(form_content.LABELS["easy_read"].values())
                lines = [line for line in reply.splitlines() if line.startswith("- ")]
                assert lines and all(line[2:].split(":")[0] in labels for line in lines), reply
            else:
                assert reply in easy, f"not an Easy Read text, after {text!r}: {reply!r}"
        seen += replies
    assert form_content.question("incident_description", "en", "easy_read")["text"] in seen
    assert text_for("utter_next_steps_complain_to_force", language="en", audience="easy_read") in seen


async def test_a_welsh_conversation_stays_in_welsh_through_to_a_handoff(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    welsh = texts_in_mode("cy")
    seen: list[str] = []
    for text in [
        "Helo, hoffwn i wneud cwyn am yr heddlu",
        "ie",
        "Roedd swyddog yn gas iawn wrtha i yn yr orsaf yng Nghaerdydd",
        "nos Iau diwethaf",
        "Heddlu De Cymru",
        "Dw i eisiau siarad â pherson go iawn plis",
    ]:
        replies = await say(rasa_stack, sender, text)
        assert replies, f"no reply to {text!r}"
        assert all(reply in welsh for reply in replies), f"not Welsh, after {text!r}: {replies}"
        seen += replies

    assert (await slots(rasa_stack, sender))["language"] == "cy"
    for name in ("utter_intro", "utter_complaint_start", "utter_handoff_requested", "utter_handoff_alternatives"):
        assert text_for(name, language="cy") in seen, name
    assert form_content.question("consent", "cy")["text"] in seen
    assert "galwadau ôn" not in " ".join(seen)

    contact, handoffs = stored(rasa_stack, sender)
    assert contact.language == "cy"
    assert handoffs and all(h.language == "cy" for h in handoffs)
    assert contact.consent_given


async def test_a_message_in_another_language_hears_once_that_we_write_english_or_welsh(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    line = OTHER_LANGUAGE_LINE["en"]
    greeting = await say(rasa_stack, sender, "Dzień dobry!")
    assert greeting.count(line) == 1, greeting
    complaint = await say(rasa_stack, sender, "Chcę złożyć skargę na policjanta, który był dla mnie niegrzeczny")
    assert line not in complaint and any("a few short questions" in r for r in complaint), complaint

    contact, _ = stored(rasa_stack, sender)
    assert "other_language" in contact.safeguarding_flags and contact.language == "en"


async def test_a_question_asked_again_hears_that_the_answer_is_the_same_and_who_can_help(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    limit = text_for("utter_time_limit", language="en")
    first = await say(rasa_stack, sender, "what is the time limit for making a complaint")
    assert limit in first and ASKED_AGAIN_LINE["en"] not in first
    # A follow-up the classifier hears as the same question: the same block follows, so say so first.
    again = await say(rasa_stack, sender, "is there a deadline to complain about the police")
    assert ASKED_AGAIN_LINE["en"] in again, again
    assert again.index(ASKED_AGAIN_LINE["en"]) < again.index(limit), again
    other = await say(rasa_stack, sender, "who can make a complaint")
    assert ASKED_AGAIN_LINE["en"] not in other
