"""Welsh, Easy Read and young-person variations: exactly one choice for every state, in the right mode.

Rasa picks, among a response's variations, those whose `condition` matches every slot it names; if
several match it picks one at random, and if none match it uses the unconditioned ones. So two
conditions that can match the same slot values would make the words random. These tests enumerate
every state that matters and check which variation Rasa would use.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from actions import form_content
from bot.routing import canned
from bot.routing.messages import Reply
from content.texts import chosen, condition_of, domain_responses, variation_mode
from vocabulary.texts import EASY_READ, STANDARD, WELSH

LANGUAGES = ["en", "cy"]
AUDIENCES = [None, "young_person", "easy_read"]
# The other slots conditions use, with the values each can really have when its responses are said:
# the force is "not known" or a name; rephrase_failed is always set (initial value false); topic is
# unset or strip_search. (The route chooses the next steps by rule, not by condition.)
OTHER_VALUES: dict[str, list[Any]] = {
    "force": ["not known", "Gwent Police"],
    "rephrase_failed": [True, False],
    "easy_read_again": [True, False],
    "topic": [None, "strip_search"],
}
# Values a slot should not have there, but might: still never a tie.
UNEXPECTED = [None, "something else"]
RESPONSES = domain_responses()


def other_slots(variations: list[dict]) -> list[str]:
    return sorted({name for v in variations for name in condition_of(v)} - {"language", "audience"})


def states(variations: list[dict], extra: list[Any]) -> list[dict[str, Any]]:
    """Every combination of language, audience and the other slots this response's conditions use."""
    names = other_slots(variations)
    values = [OTHER_VALUES[name] + extra for name in names]
    return [
        {"language": language, "audience": audience, **dict(zip(names, combination))}
        for language, audience in itertools.product(LANGUAGES, AUDIENCES)
        for combination in itertools.product(*values)
    ]


def expected_modes(slots: dict[str, Any]) -> set[str]:
    if slots["language"] == "cy":
        return {"cy"}
    if slots["audience"] == "easy_read":
        return {"easy_read"}
    if slots["audience"] == "young_person":
        return {"young_person", "en"}  # standard English where young people need nothing different
    return {"en"}


def test_every_slot_a_condition_uses_is_enumerated_with_every_value_it_tests() -> None:
    for name, variations in RESPONSES.items():
        for variation in variations:
            for slot, value in condition_of(variation).items():
                if slot == "language":
                    assert value in LANGUAGES, name
                elif slot == "audience":
                    assert value in AUDIENCES, name
                else:
                    assert value in OTHER_VALUES.get(slot, []), f"{name}: add {slot}={value!r} to OTHER_VALUES"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_no_two_variations_can_match_the_same_slot_values(name: str) -> None:
    variations = RESPONSES[name]
    assert sum(1 for v in variations if not v.get("condition")) <= 1, f"{name}: one unconditioned variation at most"
    for slots in states(variations, UNEXPECTED):
        picked = chosen(variations, slots)
        assert len(picked) <= 1, f"{name}: {len(picked)} variations tie for {slots}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_welsh_gets_welsh_and_easy_read_gets_easy_read(name: str) -> None:
    variations = RESPONSES[name]
    for slots in states(variations, []):
        picked = chosen(variations, slots)
        assert len(picked) == 1, f"{name}: nothing to say for {slots}"
        assert variation_mode(picked[0]) in expected_modes(slots), f"{name}: {slots} gets {picked[0]['text']!r}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_easy_read_and_welsh_variations_really_differ_from_standard_english(name: str) -> None:
    # (A young-person twin may repeat standard English: it exists so conditions never tie.)
    variations = RESPONSES[name]
    for slots in states(variations, []):
        standard = chosen(variations, {**slots, "language": "en", "audience": None})[0]
        for language, audience in (("en", "easy_read"), ("cy", None)):
            other = chosen(variations, {**slots, "language": language, "audience": audience})[0]
            if other is not standard:
                assert other["text"] != standard["text"], f"{name}: the {audience or language} text is the standard one"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_buttons_keep_their_payloads_in_every_mode(name: str) -> None:
    variations = RESPONSES[name]
    # Compared between variations for the same situation (e.g. the second "not understood" has buttons).
    for slots in states(variations, []):
        twins = [
            chosen(variations, {**slots, "language": language, "audience": audience})[0]
            for language, audience in itertools.product(LANGUAGES, AUDIENCES)
        ]
        payloads = {tuple(b["payload"] for b in v.get("buttons") or []) for v in twins}
        assert len(payloads) == 1, f"{name}: button payloads differ between modes for {slots}"
    standard = [v for v in variations if variation_mode(v) == "en"]
    for welsh in (v for v in variations if variation_mode(v) == "cy" and v.get("buttons")):
        english_titles = {b["title"] for v in standard for b in v.get("buttons") or []}
        assert not english_titles & {b["title"] for b in welsh["buttons"]}, f"{name}: Welsh buttons need Welsh titles"


def test_young_people_get_childline_and_the_appropriate_adult_where_it_matters() -> None:
    def young(name: str, **slots: Any) -> str:
        state = {"language": "en", "audience": "young_person", **slots}
        return chosen(RESPONSES[name], state)[0]["text"]

    assert "0800 1111" in young("utter_serious_no_detail_needed")
    strip_search = young("utter_serious_incident", topic="strip_search")
    assert "appropriate adult" in strip_search and "You were right to ask" in strip_search
    assert "review means" in young("utter_review")
    assert "Misconduct means" in young("utter_outcomes_serious")
    assert "parent or guardian" in young("utter_complain_for_someone")
    assert "young people" in young("utter_how_to_complain_iopc")


def test_the_welsh_handoff_is_honest_about_welsh_speakers_and_welcomes_calls_in_welsh() -> None:
    welsh = {"language": "cy", "audience": None}
    handoff = chosen(RESPONSES["utter_handoff_requested"], welsh)[0]["text"]
    alternatives = chosen(RESPONSES["utter_handoff_alternatives"], welsh)[0]["text"]
    assert "siarad Cymraeg" in handoff and "Efallai na fydd" in handoff
    assert "0300 020 0096" in alternatives and "ffonio yn Gymraeg" in alternatives


# --- The complaint form (texts/form.json) -----------------------------------------------


@pytest.mark.parametrize("mode", [WELSH, EASY_READ])
def test_the_form_is_complete_in_welsh_and_easy_read(mode: str) -> None:
    standard = STANDARD
    assert form_content.QUESTIONS[mode].keys() == form_content.QUESTIONS[standard].keys()
    assert form_content.FEEDBACK[mode].keys() == form_content.FEEDBACK[standard].keys()
    assert form_content.LABELS[mode].keys() == form_content.LABELS[standard].keys()
    for slot, entry in form_content.QUESTIONS[mode].items():
        ours = [payload for _, payload in entry.get("buttons", [])]
        theirs = [payload for _, payload in form_content.QUESTIONS[standard][slot].get("buttons", [])]
        assert ours == theirs, f"{mode} {slot}: button payloads must match standard English"


def test_form_texts_are_chosen_by_language_then_audience() -> None:
    assert form_content.question("force", "cy", "easy_read")["text"].startswith("Pa heddlu")
    assert (
        form_content.question("force", "en", "easy_read")["text"]
        == form_content.QUESTIONS["easy_read"]["force"]["text"]
    )
    # A young person gets their own words where there are some, standard English elsewhere.
    assert (
        "do not have to tell us everything"
        in form_content.question("incident_description", "en", "young_person")["text"]
    )
    assert form_content.question("force", "en", "young_person") == form_content.question("force")
    assert form_content.feedback("summary_intro", "cy") == "Dyma beth ddywedoch chi wrthym ni:"
    assert form_content.label("force", "cy") == "Heddlu"
    assert form_content.readable("contact_method", "phone", "cy") == "Ffôn"
    assert form_content.readable("force", "not known", "cy") == "Ddim yn gwybod"
    assert form_content.readable("force", "Gwent Police", "cy") == "Gwent Police"


# --- The gateway's own messages (bot/routing/canned.py) -----------------------------------------


def test_every_gateway_message_has_a_welsh_twin_with_the_same_buttons() -> None:
    replies = {name: value for name, value in vars(canned).items() if isinstance(value, Reply)}
    assert replies and set(canned.WELSH) == set(replies.values())
    for name, reply in replies.items():
        welsh = canned.in_language(reply, "cy")
        assert welsh.text != reply.text, name
        assert [b.payload for b in welsh.buttons] == [b.payload for b in reply.buttons], name
        assert canned.in_language(reply, "en") is reply
    assert "Cymraeg" in canned.in_language(canned.QUEUED, "cy").text
    assert canned.staff_joined("Sam", "cy").text != canned.staff_joined("Sam").text
