"""Questions the assistant used to answer with the nearest block, through the real trained model: what a word
means (alone, two at once, one after another, in Welsh, in the middle of the form, one we do not know), whether
the police will see this chat, and the options asked for again."""

from __future__ import annotations

import uuid

import pytest

from actions.form_content import question
from actions.glossary import UNKNOWN_WORD_LINE, explanations
from tests.conversation.test_rasa_over_http import say, tracker
from vocabulary.signals.glossary import glossary

pytestmark = pytest.mark.model


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text") or "" for r in replies]


def explained(term: str, mode: str = "en") -> str:
    return glossary()[term][mode]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("wots a pcso", ["pcso"]),
        ("is a 999 call handler police staff?", ["call_handler", "police_staff"]),
        ("what is a local policing body", ["local_policing_body"]),
        ("what does NFA stand for", ["no_further_action"]),
        ("whats a spit hood?", ["spit_hood"]),
        ("the letter from professional standards said case to answer. what does that mean", ["psd", "case_to_answer"]),
    ],
)
async def test_a_word_is_explained_then_anything_else(rasa_stack, text: str, terms: list[str]) -> None:
    sender = str(uuid.uuid4())
    said = texts(await say(rasa_stack, sender, text))
    wanted = [explained(term) for term in terms]
    assert [line for line in said if line in wanted] == wanted, said
    assert (await tracker(rasa_stack, sender))["slots"]["triage_outcome"] == "information"


async def test_a_second_word_straight_after_is_a_new_question_not_the_same_answer(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    assert explained("gross_misconduct") in texts(await say(rasa_stack, sender, "what does gross misconduct mean"))
    second = texts(await say(rasa_stack, sender, "and what's reflective practice?"))
    assert explained("reflective_practice") in second, second
    assert explained("gross_misconduct") not in second, second
    assert not any("same answer" in line for line in second), second


async def test_a_word_we_cannot_explain_says_so(rasa_stack) -> None:
    said = texts(await say(rasa_stack, str(uuid.uuid4()), "what does PNC mean? it was on my letter"))
    assert UNKNOWN_WORD_LINE["en"] in said, said


async def test_welsh_a_word_is_explained_in_welsh(rasa_stack) -> None:
    said = texts(await say(rasa_stack, str(uuid.uuid4()), "be mae 'camymddwyn difrifol' yn feddwl?"))
    assert explained("gross_misconduct", "cy") in said, said


async def test_a_word_asked_in_the_middle_of_the_form_is_explained_and_the_question_comes_again(rasa_stack) -> None:
    sender, when = str(uuid.uuid4()), question("incident_date")["text"]
    said = texts(await say(rasa_stack, sender, "I want to complain about an officer"))
    for answer in ("yes", "he swore at me outside the shop"):  # consent, then what happened
        if when in said:
            break
        said = texts(await say(rasa_stack, sender, answer))
    said = texts(await say(rasa_stack, sender, "sorry whats a PSD?"))
    assert said == [*explanations("whats a PSD", "en", None), when], said
    assert (await tracker(rasa_stack, sender))["active_loop"]["name"] == "complaint_form"


async def test_will_the_police_see_this_chat_is_answered(rasa_stack) -> None:
    said = "\n".join(texts(await say(rasa_stack, str(uuid.uuid4()), "will the cops see what i put in this chat")))
    assert "We are not the police" in said and "90 days" in said, said


async def test_the_options_asked_for_again_do_not_greet_as_new(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    first = texts(await say(rasa_stack, sender, "hiya"))
    assert any(line.startswith("Hello") for line in first), first
    await say(rasa_stack, sender, "how do I complain about an officer?")
    again = await say(rasa_stack, sender, "/ask_options")
    assert not any(r.get("text", "").startswith("Hello") for r in again), again
    assert [r for r in again if r.get("buttons")], again


async def test_a_grave_event_asked_about_as_what_does_that_mean_is_not_a_word_question(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    said = texts(await say(rasa_stack, sender, "my son was strip searched at school what does that mean"))
    assert UNKNOWN_WORD_LINE["en"] not in said, said
    assert (await tracker(rasa_stack, sender))["slots"]["triage_outcome"] == "serious_incident"


async def test_a_word_alone_given_as_the_forms_answer_is_taken_as_the_answer(rasa_stack) -> None:
    sender, who = str(uuid.uuid4()), question("people_involved")["text"]
    said = texts(await say(rasa_stack, sender, "I want to complain about an officer"))
    for answer in ("yes", "he swore at me outside the shop", "last tuesday", "Kent Police"):
        if who in said:
            break
        said = texts(await say(rasa_stack, sender, answer))
    assert who in said, said
    said = texts(await say(rasa_stack, sender, "PCSO"))
    assert explained("pcso") not in said and who not in said, said
    assert (await tracker(rasa_stack, sender))["slots"]["people_involved"] == "PCSO"
