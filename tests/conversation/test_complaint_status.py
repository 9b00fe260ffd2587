"""Asking "did my complaint go through?", through the real trained model, action server and database.

Round 47's note: the question was heard as a complaint the force never answered, which hands the chat to a person and
says "You should not need to start again". This chat sends nothing to the police; the answer depends on where the
questions stand.
"""

from __future__ import annotations

import uuid

import pytest

from actions import after_crisis, form_content
from actions.complaint_status import LINES
from tests.conversation.test_modes import say, slots, text_for

pytestmark = pytest.mark.model

STANDARD = {"language": "en", "audience": None}
NOT_RECORDED = text_for("utter_next_steps_complaint_not_recorded", **STANDARD)


def question(slot: str) -> str:
    return form_content.question(slot, "en")["text"]


async def test_at_the_summary_the_question_again_and_after_it_the_next_steps_again(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    answers = ["I want to make a complaint", "yes", "an officer swore at me in the street", "last monday", "leeds"]
    answers += ["skip", "no", "me", "email", "no thanks"]
    for text in answers:
        replies = await say(rasa_stack, sender, text)
    assert replies[-1] == text_for("utter_summary_question", **STANDARD), replies

    replies = await say(rasa_stack, sender, "so has my complaint been sent now?")
    assert replies == [LINES["questions_first"]["en"], text_for("utter_summary_question", **STANDARD)], replies

    replies = await say(rasa_stack, sender, "yes")
    next_steps = [r for r in replies if r.startswith("Your next step is to complain to West Yorkshire Police")]
    assert next_steps, replies

    replies = await say(rasa_stack, sender, "did my complaint go through")
    assert replies == [
        LINES["not_sent"]["en"],
        next_steps[0],
        LINES["saved"]["en"],
        text_for("utter_anything_else", **STANDARD),
    ], replies
    assert (await slots(rasa_stack, sender))["triage_outcome"] == "complain_to_force"


async def test_in_the_middle_of_the_questions_the_question_again(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    for text in ["I want to make a complaint", "no", "they searched my bag for no reason"]:
        await say(rasa_stack, sender, text)
    replies = await say(rasa_stack, sender, "have the police got my complaint now")
    assert replies == [LINES["questions_first"]["en"], question("incident_date")], replies
    assert (await slots(rasa_stack, sender))["incident_date"] is None, "the question was stored as the date"


async def test_after_the_questions_stopped_carry_on(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    for text in ["I want to make a complaint", "yes", "he pushed me against the wall", "stop"]:
        await say(rasa_stack, sender, text)
    replies = await say(rasa_stack, sender, "did it send?")
    assert replies[:2] == [LINES["questions_first"]["en"], after_crisis.LINES["carry_on"]["en"]], replies
    assert NOT_RECORDED not in replies, replies


async def test_with_nothing_in_this_chat_who_to_ask(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    replies = await say(rasa_stack, sender, "did my complaint go through?")
    assert LINES["elsewhere"]["en"] in replies and LINES["ask_about_it"]["en"] in replies, replies
    assert NOT_RECORDED not in replies, replies
    assert (await slots(rasa_stack, sender))["triage_outcome"] == "information"


async def test_asked_in_welsh_the_answer_is_in_welsh(rasa_stack) -> None:
    replies = await say(rasa_stack, str(uuid.uuid4()), "ydy fy nghwyn i wedi cyrraedd yr heddlu?")
    assert LINES["elsewhere"]["cy"] in replies and LINES["ask_about_it"]["cy"] in replies, replies
