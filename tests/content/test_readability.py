"""Plain English an 11-year-old can follow, Easy Read simpler still, and SMS-sized bubbles in every language."""

from __future__ import annotations

import re
import warnings

import pytest

from content.texts import all_texts

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat imports pkg_resources
    import textstat

# Flesch-Kincaid grade ceilings by mode. Welsh has none: Flesch-Kincaid is an English formula (its
# syllable counts and weights are fitted to English), so a Welsh score would mean nothing. Welsh is
# still held to the length limits below, and a Welsh speaker reviews it for plainness.
GRADE = {"en": 6, "young_person": 6, "easy_read": 3}
# Standard-English replies whose only long "words" are web and email addresses, which the formula
# counts as many syllables each. Listed in docs/content-register.md; they may reach grade 8.
# (Their Easy Read variations are split into short sentences and meet grade 3.)
ADDRESS_LISTS = {"domain utter_contact_details[2]", "domain utter_how_to_complain_iopc[3]"}
TEXTS = all_texts()
IDS = [t.where for t in TEXTS]
SCORED = [t for t in TEXTS if t.mode in GRADE]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


@pytest.mark.parametrize("text", SCORED, ids=[t.where for t in SCORED])
def test_english_reads_at_its_grade(text) -> None:
    limit = 8 if text.where in ADDRESS_LISTS else GRADE[text.mode]
    grade = textstat.flesch_kincaid_grade(text.text)
    assert grade <= limit, f"{text.where} ({text.mode}) reads at grade {grade:.1f}, above {limit}: {text.text}"


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_every_bubble_is_short_in_every_language(text) -> None:
    assert all(len(s.split()) <= 25 for s in sentences(text.text)), f"{text.where} has a sentence over 25 words"
    assert len(text.text) <= 320, f"{text.where} is {len(text.text)} characters, more than one SMS-sized bubble"


def test_every_mode_is_covered_and_the_documented_exceptions_are_few_and_real() -> None:
    assert {t.mode for t in TEXTS} == {"en", "young_person", "easy_read", "cy"}
    standard = {t.where for t in TEXTS if t.mode == "en"}
    assert ADDRESS_LISTS <= standard and len(ADDRESS_LISTS) <= 3
    for where in ADDRESS_LISTS:
        assert "www." in next(t.text for t in TEXTS if t.where == where)


def test_welsh_never_copies_the_seeds_extraction_error() -> None:
    # The seeds' "galwadau ôn" lost its "ff" ligature in PDF extraction: it is "galwadau ffôn".
    assert not [t.where for t in TEXTS if re.search(r"\bôn\b", t.text)]


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_never_says_a_complaint_must_be_in_writing(text) -> None:
    lowered = text.text.lower()
    assert not re.search(
        r"\b(must|have to|need to|has to)\b[^.]*\b(in writing|write it|written)\b", lowered
    ) or re.search(r"\b(don'?t|do not|doesn'?t|does not)\b", lowered), text.where
    # Welsh: "rhaid ... yn ysgrifenedig" only ever in "does dim rhaid" (you don't have to).
    assert not re.search(r"\brhaid\b[^.]*\bysgrifen", lowered) or "dim rhaid" in lowered, text.where


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_never_promises_an_outcome(text) -> None:
    assert not re.search(
        r"\b(will be (sacked|dismissed|punished|charged)|we will make sure|guarantee)", text.text.lower()
    ), text.where
