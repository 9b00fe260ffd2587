"""Asking which of two things someone needs (rasa_ext/clarifier.py decides when), in their mode.

The words live in texts/clarify.json; the readability test and docs/content-register.md cover them.
Modes: standard English, Easy Read and Welsh (young people get standard English: it is already short).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vocabulary import texts
from vocabulary.routes import INFORMATION, ROUTE_BY_INTENT
from vocabulary.texts import EASY_READ, STANDARD, WELSH, mode

_CLARIFY = texts.load("clarify")
GRAVITY_QUESTION: dict[str, str] = _CLARIFY["gravity_question"]
GRAVITY_ANSWERS: dict[str, list[str]] = _CLARIFY["gravity_answers"]
WHICH_QUESTION: dict[str, str] = _CLARIFY["which_question"]
LABELS: dict[str, dict[str, str]] = _CLARIFY["labels"]
# Information intents share one button; its payload is the intent the classifier thought most likely.
INFORMATION_INTENTS = {intent for intent, route in ROUTE_BY_INTENT.items() if route == INFORMATION}


def _mode(language: str | None, audience: str | None) -> str:
    chosen = mode(language, audience)
    return chosen if chosen in (STANDARD, EASY_READ, WELSH) else STANDARD


def label(intent: str, language: str | None = STANDARD, audience: str | None = None) -> str:
    key = "information" if intent in INFORMATION_INTENTS else intent
    return LABELS[_mode(language, audience)][key]


def question(
    options: list[str], reason: str, language: str | None = STANDARD, audience: str | None = None
) -> dict[str, Any]:
    """Keyword arguments for `dispatcher.utter_message`: one question, a button per option."""
    m = _mode(language, audience)
    if reason == "gravity":
        yes, no = GRAVITY_ANSWERS[m]
        return {
            "text": GRAVITY_QUESTION[m],
            "buttons": [
                {"title": yes, "payload": "/report_serious_incident"},
                {"title": no, "payload": "/make_complaint"},
            ],
        }
    return {
        "text": WHICH_QUESTION[m],
        "buttons": [{"title": label(intent, language, audience), "payload": f"/{intent}"} for intent in options],
    }


def all_texts() -> Iterator[tuple[str, str, str]]:
    """(mode, where, text) for every message this module can say: the readability test and the register.

    Button titles are left out, as they are for domain/: they are the person's own words ("my
    complaint"), a few words long, where reading-grade formulas mean nothing."""
    for m in (STANDARD, EASY_READ, WELSH):
        yield m, "clarify gravity question", GRAVITY_QUESTION[m]
        yield m, "clarify which question", WHICH_QUESTION[m]
