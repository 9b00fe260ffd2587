"""Carrying on after the complaint questions stopped, through the real trained model, action server and database.

Round 45's tester said something suicidal at the last question: the crisis lines came first, then the questions just
stopped, nothing checked how he was, and the goodbye left out the crisis line. "carry on" and "continue my complaint"
were heard as `stop`.
"""

from __future__ import annotations

import uuid

import pytest

from actions import form_content
from actions.after_crisis import LINES
from tests.conversation.test_modes import say, slots, text_for

pytestmark = pytest.mark.model

STANDARD = {"language": "en", "audience": None}


def question(slot: str) -> str:
    return form_content.question(slot, "en")["text"]


async def test_after_a_crisis_in_the_questions_the_answers_wait_and_carry_on_finishes_them(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    for text in ["I want to make a complaint", "yes", "an officer pushed me over at the station and laughed"]:
        await say(rasa_stack, sender, text)
    replies = await say(rasa_stack, sender, "not that it matters, everyone would be better off if i wasnt here")
    assert "Samaritans" in replies[0], replies
    assert question("incident_date") not in replies, "the questions went on after the crisis reply"

    replies = await say(rasa_stack, sender, "anyway. so what happens next with the complaint")
    assert replies[:2] == [LINES["check_in"]["en"], LINES["carry_on"]["en"]], replies

    replies = await say(rasa_stack, sender, "carry on")
    assert replies == [form_content.feedback("kept_answers", "en"), question("incident_date")], replies
    state = await slots(rasa_stack, sender)
    assert state["consent"] == "yes" and "pushed me over" in state["incident_description"], state

    replies = await say(rasa_stack, sender, "last friday")
    assert question("force") in replies, replies
    assert (await slots(rasa_stack, sender))["incident_date"] == "last friday"


async def test_after_a_crisis_every_goodbye_gives_the_crisis_line_again(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    await say(rasa_stack, sender, "i dont want to be here anymore, the police made everything worse")
    replies = await say(rasa_stack, sender, "ok thanks bye")
    assert replies == [LINES["goodbye"]["en"], text_for("utter_goodbye", **STANDARD)], replies


async def test_carry_on_with_nothing_started_starts_the_questions(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    replies = await say(rasa_stack, sender, "continue my complaint")
    assert text_for("utter_complaint_start_offered", **STANDARD) in replies, replies
    assert question("consent") in replies, replies
    assert LINES["check_in"]["en"] not in replies, "a check-in with no crisis"


async def stopped_after_the_date(stack) -> str:
    """A new conversation that answered up to the date, then typed "stop"; its sender id."""
    sender = str(uuid.uuid4())
    for text in ["I want to make a complaint", "yes", "he shouted at me in the street", "last saturday", "stop"]:
        await say(stack, sender, text)
    return sender


async def test_asking_to_complain_again_after_stop_keeps_the_answers(rasa_stack) -> None:
    sender = await stopped_after_the_date(rasa_stack)
    replies = await say(rasa_stack, sender, "I want to make a complaint")
    assert form_content.feedback("kept_answers", "en") in replies, replies
    assert question("force") in replies and question("consent") not in replies, replies
    assert (await slots(rasa_stack, sender))["incident_date"] == "last saturday"


async def test_a_new_story_after_stop_starts_the_questions_afresh(rasa_stack) -> None:
    sender = await stopped_after_the_date(rasa_stack)
    story = "I want to complain about another officer who kept me in a cell all day and laughed at me"
    replies = await say(rasa_stack, sender, story)
    assert question("consent") in replies, replies
    assert form_content.feedback("kept_answers", "en") not in replies, replies
    state = await slots(rasa_stack, sender)
    assert state["incident_description"] == story and state["incident_date"] is None, state
