"""The words of the safe path when nobody can join, and promises and voices the content must not have."""

from __future__ import annotations

import re

import pytest

from bot.routing import canned
from bot.settings import ROOT
from content.texts import all_texts, chosen, domain_responses

RESPONSES = domain_responses()
TEXTS = all_texts()
MODES = {
    "en": ("en", None),
    "young_person": ("en", "young_person"),
    "easy_read": ("en", "easy_read"),
    "cy": ("cy", None),
}
CALL_BACK = re.compile(r"call (?:you )?back|call-back|callback|ffonio chi'n ôl|alwad yn ôl", re.I)
CONTRACTION = re.compile(r"\b\w+(?:n't|'re|'ve|'ll|'d)\b|\bI'm\b", re.I)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_nobody_available_in_danger_gives_every_safety_number_and_no_call_back(mode: str) -> None:
    replies = canned.urgent_nobody_available(*MODES[mode])
    assert replies == canned.URGENT_NOBODY_AVAILABLE[mode]
    words = " ".join(r.text for r in replies)
    for number in ("999", "116 123", "SHOUT", "85258", "0800 1111"):
        assert number in words, f"{mode}: {number} missing"
    assert not CALL_BACK.search(words), mode
    assert not any(r.buttons for r in replies), f"{mode}: no buttons, so no call-back to press"
    # What happens to what they type, and that the assistant still answers meanwhile (nobody is locked out).
    keep_typing = "ddal ati i deipio" if mode == "cy" else "keep typing here"
    assert keep_typing in words
    assert ("ddal i ateb" if mode == "cy" else "still answer") in words


def test_welsh_whatever_the_audience_and_young_people_hear_childline_first() -> None:
    assert canned.urgent_nobody_available("cy", "young_person") == canned.URGENT_NOBODY_AVAILABLE["cy"]
    assert canned.urgent_nobody_available("cy", "easy_read") == canned.URGENT_NOBODY_AVAILABLE["cy"]
    assert canned.urgent_nobody_available("en", None) == canned.URGENT_NOBODY_AVAILABLE["en"]
    young = canned.URGENT_NOBODY_AVAILABLE["young_person"][0].text
    assert young.index("Childline") < young.index("Samaritans")


def test_the_routine_no_staff_message_still_offers_a_call_back() -> None:
    # Only someone in danger or crisis loses the call-back; everyone else keeps all three ways.
    assert canned.NO_STAFF_AVAILABLE.buttons[0].payload == canned.REQUEST_CALLBACK
    assert CALL_BACK.search(canned.NO_STAFF_AVAILABLE.text)


@pytest.mark.parametrize("name", ["utter_danger_follow_up", "utter_crisis_follow_up"])
@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_follow_ups_promise_no_one_now_and_no_assistant_while_waiting(name: str, mode: str) -> None:
    language, audience = MODES[mode]
    text = chosen(RESPONSES[name], {"language": language, "audience": audience})[0]["text"]
    # They are said before anyone knows whether staff are free, so they must hold either way.
    assert not re.search(r"\bnow\b|\bnawr\b|talking to me|siarad â fi|\bI've\b", text), f"{name} ({mode}): {text}"
    assert not CALL_BACK.search(text)
    assert re.search(r"keep typing here|ddal ati i deipio yma", text), f"{name} ({mode}) must say they can keep typing"


def test_safety_messages_say_cannot_and_do_not_in_full() -> None:
    safety = [r.text for replies in canned.URGENT_NOBODY_AVAILABLE.values() for r in replies]
    safety += [
        v["text"]
        for name in (
            "utter_danger_follow_up",
            "utter_crisis_follow_up",
            "utter_intro",
            "utter_serious_no_detail_needed",
        )
        for v in RESPONSES[name]
    ]
    assert not [t for t in safety if CONTRACTION.search(t)]


# Promises the service cannot keep: the chat is kept for the retention period whatever the person
# says, and only a person can decide what to do about a force that has not answered.
BROKEN_PROMISES = re.compile(
    r"won'?t save|will not save|nothing (?:else )?will be saved|not save any more|follow (?:this|it) up with the police"
    r"|talk to the police for you|fydd dim byd arall yn cael ei gadw|mynd ar drywydd",
    re.I,
)


@pytest.mark.parametrize("text", TEXTS, ids=[t.where for t in TEXTS])
def test_no_promise_the_service_cannot_keep(text) -> None:
    assert not BROKEN_PROMISES.search(text.text), text.where


FIRST_PERSON = {
    "cy": re.compile(r"\b(?:gen i|rydw i|wrtha i|gallaf|alla i|fe wna i|byddaf|doeddwn i|dydw i)\b", re.I),
    "en": re.compile(r"\bI(?:'m|'ve|'ll|'d)?\b|\bme\b|\bmy\b"),
}


@pytest.mark.parametrize("text", TEXTS, ids=[t.where for t in TEXTS])
def test_one_voice_we(text) -> None:
    # The danger replies are written by the safety code (vocabulary/safety/danger.py) and quoted as they are.
    if text.where.startswith("danger reply"):
        pytest.skip("vocabulary/safety/danger.py")
    pattern = FIRST_PERSON["cy" if text.mode == "cy" else "en"]
    assert not pattern.search(text.text), f"{text.where}: {text.text}"


def test_the_opening_names_the_iopc_and_says_we_are_not_the_police_in_every_mode() -> None:
    for mode, (language, audience) in MODES.items():
        intro = chosen(RESPONSES["utter_intro"], {"language": language, "audience": audience})[0]["text"]
        assert "IOPC" in intro, mode
        assert re.search(r"not the police|nid yr heddlu", intro), mode
        assert "999" in intro, mode
    standard = chosen(RESPONSES["utter_intro"], {"language": "en", "audience": None})[0]["text"]
    assert "the police complaints watchdog, not the police" in standard


def test_the_register_lists_the_safe_path_numbers_and_has_a_welsh_corrections_section() -> None:
    register = (ROOT / "docs" / "content-register.md").read_text(encoding="utf-8")
    for claim in (
        "85258",
        "116 123",
        "0800 1111",
        "urgent_nobody_available",
        "28 days",
        "written permission",
        "Police and Crime Commissioner",
        "standards and guidance",
    ):
        assert claim in register, claim
    assert "### Welsh corrections" in register
