"""Which word a "what does it mean?" question names, and what is said back (texts/glossary.json)."""

from __future__ import annotations

import pytest

from actions.glossary import UNKNOWN_WORD_LINE, explanations
from vocabulary.signals.glossary import MAX_TERMS, asks_what_a_word_means, glossary, terms_named

TERMS = sorted(glossary())


@pytest.mark.parametrize("term", TERMS)
def test_every_way_of_naming_a_term_finds_that_term(term: str) -> None:
    # A name another term's longer name swallows, or a name listed twice, would explain the wrong word.
    wrong = {word: terms_named(f"what does '{word}' mean?") for word in glossary()[term]["words"]}
    assert {word: found for word, found in wrong.items() if found != [term]} == {}


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("is a 999 call handler police staff?", ["call_handler", "police_staff"]),
        ("whats the difference between misconduct and gross misconduct", ["misconduct", "gross_misconduct"]),
        ("got a letter, it says reflective practice for the PCSOs", ["reflective_practice", "pcso"]),
        ("my complaint has been recorded, what does that mean", ["recording"]),
        ("what does independent mean", ["independent"]),
        ("is a special constable the same as a PCSO", ["special_constable", "pcso"]),
        ("whats the difference between the ipcc and the iopc", ["ipcc"]),
        ("my letter says NFA'd", ["no_further_action"]),
        ("what are the next steps", []),
        ("what's an exhibit", []),
    ],
)
def test_the_words_a_question_names_in_its_own_order(text: str, terms: list[str]) -> None:
    assert terms_named(text) == terms


def test_a_question_naming_many_words_gets_at_most_two_explanations() -> None:
    asked = "what do PCSO, PSD, CPS and barred list mean"
    assert terms_named(asked) == ["pcso", "psd"] and MAX_TERMS == 2


def test_the_explanation_comes_in_the_persons_language_and_mode() -> None:
    entry = glossary()["case_to_answer"]
    assert explanations("case to answer?", "en", "easy_read") == [entry["easy_read"]]
    assert explanations("achos i'w ateb?", "cy", None) == [entry["cy"]]
    assert explanations("case to answer?", "en", "young_person") == [entry["en"]]
    assert explanations("what does habeas corpus mean", "en", None) == [UNKNOWN_WORD_LINE["en"]]


def test_every_entry_says_where_it_comes_from() -> None:
    assert all(entry["source"] for entry in glossary().values())


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what does gross misconduct mean", True),
        ("wots a pcso", True),
        ("who is the PCC for kent", True),
        ("reflective practice meaning?", True),
        ("be di PSD", True),
        ("beth yw ystyr achos i'w ateb", True),
        ("whats a spit hood", True),
        ("what does press 55 mean", True),
        ("be di bodycam", True),
        ("barred list??", True),
        ("a PCSO?", True),
        ("what's gross misconduct compared to just normal misconduct", True),
        ("is a special constable the same as a PCSO", True),
        ("achos i'w ateb - beth mae hynny'n ei olygu?", True),
        # A general word is left to the classifier; so is another question about a word, or a long message.
        ("what is a review", False),
        ("what is the CPS going to do about it", False),
        ("what happens at a misconduct hearing", False),
        ("the pcso was really mean", False),
        ("what did the pcso mean by that", False),
        # A word alone may answer the form's question ("who was it?"); with more words it is another question.
        ("PCSO", False),
        ("the pcso was rude?", False),
        # Something that happened, not a word: the classifier routes it.
        ("my son was strip searched at school, what does that mean", False),
        ("the officer got a final written warning and I want to know what that means for my complaint now", False),
    ],
)
def test_a_short_question_about_a_word_is_told_apart(text: str, asks: bool) -> None:
    assert asks_what_a_word_means(text) is asks
