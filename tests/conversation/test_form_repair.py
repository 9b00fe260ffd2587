"""Answers that are not answers, through the real trained model, action server and database (round 45's testers
saved "What happened: i already told you" and "When: ?", and lost a correction given at the next question)."""

from __future__ import annotations

import uuid

import pytest

from actions import form_content
from tests.conversation.test_modes import say, slots

pytestmark = pytest.mark.model

STORY = (
    "last month they kept me in the cell for 20 hours with no blanket and laughed at me when I asked for a "
    "doctor for my asthma, who do i complain to about that"
)


def question(slot: str) -> str:
    return form_content.question(slot, "en")["text"]


async def at_the_force_question(stack, when: str) -> str:
    """A new conversation, answered up to "Which police force was it?"; its sender id."""
    sender = str(uuid.uuid4())
    for text in ["I want to make a complaint", "yes", "he swore at me at the station", when]:
        await say(stack, sender, text)
    return sender


async def test_i_already_told_you_uses_the_story_and_a_lone_question_mark_is_never_a_date(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    await say(rasa_stack, sender, STORY)
    await say(rasa_stack, sender, "I want to make a complaint")
    await say(rasa_stack, sender, "yes")  # save my answers
    replies = await say(rasa_stack, sender, "i already told you")
    assert form_content.feedback("story_from_before", "en") in replies, replies
    assert question("incident_date") in replies, replies
    assert (await slots(rasa_stack, sender))["incident_description"] == STORY

    replies = await say(rasa_stack, sender, "?")
    assert replies == [form_content.feedback("say_again", "en"), question("incident_date")], replies
    replies = await say(rasa_stack, sender, "?")
    assert question("force") in replies, "asked a third time"
    assert (await slots(rasa_stack, sender))["incident_date"] == "not known"


async def test_a_correction_at_the_next_question_changes_the_answer_and_asks_one_question(rasa_stack) -> None:
    sender = await at_the_force_question(rasa_stack, "monday morning")
    replies = await say(rasa_stack, sender, "no wait it was tuesday not monday")
    assert form_content.feedback("changed", "en") in replies, replies
    assert replies.count(question("force")) == 1, replies
    assert (await slots(rasa_stack, sender))["incident_date"] == "it was tuesday not monday"


async def test_the_change_menu_waits_for_a_choice_and_a_typed_choice_is_that_change(rasa_stack) -> None:
    sender = await at_the_force_question(rasa_stack, "last friday")
    replies = await say(rasa_stack, sender, "i need to change an answer")
    assert form_content.feedback("what_to_change", "en") in replies, replies
    assert question("force") not in replies, "two questions in one turn"
    replies = await say(rasa_stack, sender, "when")
    assert question("incident_date") in replies, replies
    state = await slots(rasa_stack, sender)
    assert state["incident_date"] is None and state["force"] is None, state


async def test_a_correction_at_the_summary_changes_it_and_reads_the_answers_back(rasa_stack) -> None:
    sender = await at_the_force_question(rasa_stack, "monday morning")
    for text in ["Kent", "skip", "not yet", "for me", "email", "nothing needed"]:
        replies = await say(rasa_stack, sender, text)
    assert replies[0].startswith(form_content.feedback("summary_intro", "en")), replies
    replies = await say(rasa_stack, sender, "no wait it was tuesday not monday")
    assert form_content.feedback("changed", "en") in replies, replies
    assert any("When: it was tuesday not monday" in reply for reply in replies), "the answers were not read back"
