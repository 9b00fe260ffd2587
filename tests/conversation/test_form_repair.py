"""Answers that are not answers, through the real trained model, action server and database (round 45's testers
saved "What happened: i already told you" and "When: ?", and lost a correction given at the next question)."""

from __future__ import annotations

import uuid

import pytest

from actions import form_content
from actions.conversation import DETAIL_LINES
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


async def test_having_to_go_keeps_the_answer_given_with_it_and_the_next_question_waits(rasa_stack) -> None:
    # Tester-d section 7, in her words: the force and "i have to go" in one message, then back a while later.
    sender = await at_the_force_question(rasa_stack, "the 12th")
    replies = await say(rasa_stack, sender, "hampshire!! police are here now i have to go")
    assert replies[0] == form_content.feedback("going", "en"), replies
    assert replies[-1] == question("people_involved"), replies
    assert (await slots(rasa_stack, sender))["force"] == "Hampshire and Isle of Wight Constabulary"

    replies = await say(rasa_stack, sender, "back. theyve took him away. sorry. officer was PC Dunn like i said")
    assert question("already_complained") in replies, replies
    assert "PC Dunn" in (await slots(rasa_stack, sender))["people_involved"]


async def test_bye_or_hang_on_is_never_stored_as_the_answer(rasa_stack) -> None:
    sender = await at_the_force_question(rasa_stack, "last friday")
    replies = await say(rasa_stack, sender, "ok gotta go")
    assert replies == [form_content.feedback("going", "en"), question("force")], replies
    replies = await say(rasa_stack, sender, "hang on")
    assert replies == [form_content.feedback("a_moment", "en"), question("force")], replies
    # Stepping away got the crisis lines before round 49; it is neither danger nor an answer.
    replies = await say(rasa_stack, sender, "sorry my mum is calling, brb")
    assert replies == [form_content.feedback("going", "en"), question("force")], replies
    assert (await slots(rasa_stack, sender))["force"] is None

    for text in ["Kent", "skip", "not yet", "for me", "email"]:
        await say(rasa_stack, sender, text)
    # "No, thanks" to the last question, with a goodbye: the summary still comes, to be checked.
    replies = await say(rasa_stack, sender, "no thanks bye")
    assert any(reply.startswith(form_content.feedback("summary_intro", "en")) for reply in replies), replies
    assert (await slots(rasa_stack, sender))["accessibility_needs"] == "none"


async def test_i_did_not_say_stop_keeps_the_questions_and_an_angry_message_keeps_the_answers(rasa_stack) -> None:
    # Tester-d §8, a parent: "No, I did not say stop" ended the questions. Round 50: angry or frightened words with
    # nothing about data in them were heard as taking back consent, which stops the questions and clears the answers.
    sender = str(uuid.uuid4())
    await say(rasa_stack, sender, "yes I want to start the complaint")
    await say(rasa_stack, sender, "stop")
    replies = await say(rasa_stack, sender, "No, I did not say stop. I want to make a complaint.")
    assert (await slots(rasa_stack, sender))["requested_slot"] == "consent", replies
    # Typed again at the consent question itself, its "No" is about stopping, not a no to saving: asked again.
    replies = await say(rasa_stack, sender, "No, I did not say stop. I want to make a complaint.")
    state = await slots(rasa_stack, sender)
    assert state["requested_slot"] == "consent" and state["consent"] is None, replies
    await say(rasa_stack, sender, "yes")
    await say(rasa_stack, sender, "the officer pushed me over outside the station")
    await say(rasa_stack, sender, "last friday")
    await say(rasa_stack, sender, "west mids police, birmingham")
    replies = await say(rasa_stack, sender, "im not in danger its not happening now ffs. i asked WHO DO I COMPLAIN TO")
    state = await slots(rasa_stack, sender)
    assert state["consent"] == "yes" and state["force"] == "West Midlands Police", replies
    assert state["requested_slot"] is not None, replies  # the questions go on


async def test_asking_whether_they_must_tell_it_all_again_hears_that_they_need_not(rasa_stack) -> None:
    # Tester-d §6: a rape survivor asked this at the consent question and heard what happens next.
    sender = str(uuid.uuid4())
    await say(rasa_stack, sender, "I want to complain about how the officer handled my report")
    replies = await say(
        rasa_stack,
        sender,
        "Before I say yes - do I have to go through what happened to me again? I really can't do that right now.",
    )
    assert DETAIL_LINES["retell"]["en"] in replies, replies
    assert (await slots(rasa_stack, sender))["requested_slot"] == "consent", replies


async def test_fear_that_word_gets_back_to_him_is_answered_and_the_question_waits(rasa_stack) -> None:
    # Tester-d §6, at "who was involved?": this got 999 and the urgent queue, and the questions were lost.
    sender = await at_the_force_question(rasa_stack, "burglary was 14 march, messages since then")
    await say(rasa_stack, sender, "west mids police, birmingham")
    replies = await say(
        rasa_stack, sender, "do i have to say his name? im scared it gets back to him before anything happens"
    )
    assert DETAIL_LINES["repercussions"]["en"] in replies, replies
    assert not any("999" in reply for reply in replies), replies
    state = await slots(rasa_stack, sender)
    assert state["requested_slot"] == "people_involved" and state["triage_outcome"] == "complain_to_force", replies
