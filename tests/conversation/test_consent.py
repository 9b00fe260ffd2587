"""Taking back consent, through the real trained model, action server and database: "delete what I told you"
clears the saved answers and the summary, and says plainly what is still kept (round 45's testers asked to have
everything deleted and got a change-your-answer menu)."""

from __future__ import annotations

import uuid

import pytest

from actions import form_content
from tests.conversation.test_modes import say, slots, stored

pytestmark = pytest.mark.model

COMPLETED_FORM = [
    "I want to complain about an officer who was rude to me",
    "yes",  # save my answers
    "he shouted at me in the street and would not give his number",
    "last Saturday",
    "Kent",
    "skip",
    "not yet",
    "for me",
    "email",
    "nothing needed",
    "yes",  # the summary is right
]


async def test_taking_back_consent_after_the_form_clears_what_was_saved(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    said = [reply for text in COMPLETED_FORM for reply in [f"> {text}", *await say(rasa_stack, sender, text)]]
    contact, _ = stored(rasa_stack, sender)
    assert contact.consent_given and contact.summary, f"the completed form was not saved: {said}"

    replies = await say(rasa_stack, sender, "actually I've changed my mind, please delete everything I told you")
    assert form_content.feedback("consent_withdrawn", "en") in replies, replies
    contact, _ = stored(rasa_stack, sender)
    assert contact.consent_given is False and contact.summary is None and contact.force is None
    assert (await slots(rasa_stack, sender))["incident_description"] is None


async def test_taking_back_consent_in_the_middle_of_the_form_stops_it(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    for text in COMPLETED_FORM[:4]:
        await say(rasa_stack, sender, text)
    replies = await say(rasa_stack, sender, "please wipe what i have told you so far, i dont want any of it kept")
    assert form_content.feedback("consent_withdrawn", "en") in replies, replies
    assert form_content.question("force", "en")["text"] not in replies, "the form went on asking"
    contact, _ = stored(rasa_stack, sender)
    assert contact.consent_given is False
