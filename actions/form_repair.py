"""Answers to the complaint form that are not answers: "I already told you", a lone "?", and a correction of an
earlier answer ("no wait, it was Tuesday not Monday"). Each is read here; actions/forms.py decides what to do.

Testers' people stored "What happened: i already told you" and "When: ?", and a correction given at the next
question was lost (docs/usability/2026-12-07-tester-c.md, section 7).
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.dates import says_when
from actions.forces import match_force
from vocabulary.signals.language import without_accents

_TOLD = re.compile(
    r"^\W*(?:(?:but|look|well|erm|um|like|yes|yeah|no|nah|mate|sorry)\W+)*"
    r"(?:(?:as\s+)?i(?:'?ve|\s+have|\s+had)?\s+)?(?:already\s+|just\s+|allready\s+|alredy\s+)?"
    r"(?:told|tould|said|sed|gave|put|wrote|typed|answered|explained|mentioned)"
    r"(?:\s+(?:you|u|ya|yer|that|this|it|all\s+this|all\s+that|everything|them))*"
    r"(?:\s*(?:already|allready|alredy|before|earlier|above|too|b4|at\s+the\s+start|in\s+my\s+first\s+message))*\W*"
    r"|^\W*(?:see|look|read|scroll)\s+(?:up|above|back)(?:\s+(?:there|it's there|its there))?\W*"
    # Welsh: "I have said (it) already", "I told you before".
    r"|^\W*(?:dw\s*i|dwi|rwy'?n|rydw\s+i|fi|sa\s+i)?\s*(?:'?n\s+barod\s+)?wedi\s+(?:dweud|deud|ateb|sgwennu|ysgrifennu)"
    r"(?:\s+(?:hynny|hyn|o|e|wrthoch\s+chi|wrthot\s+ti|yn\s+barod|eisoes|o'r\s+blaen))*\W*",
    re.IGNORECASE,
)
# "I said Leeds" is an answer; "I said already" or "as I told you" is a pointer back.
_POINTS_BACK = re.compile(
    r"\b(?:you|u|ya|yer|already|allready|alredy|before|earlier|above|up|back|b4|first|as\s+i|yn\s+barod|eisoes|o'r\s+blaen"
    r"|wrthoch|wrthot)\b",
    re.IGNORECASE,
)

_CORRECTION = re.compile(
    r"^\W*(?:(?:no+|nope|wait|hang\s+on|hold\s+on|sorry|oops|actually|correction|my\s+mistake|my\s+bad|i\s+mean"
    r"|i\s+meant|i\s+got\s+(?:that|it)\s+wrong|scratch\s+that|na|nage|sori|aros|wps)\W+)+",
    re.IGNORECASE,
)
# Words people use for an answer in the "What would you like to change?" menu, besides the button titles.
_FIELD_WORDS = {
    "incident_description": r"what happened|the story|story|description|beth ddigwyddodd",
    "incident_date": r"when|the date|date|the day|day|the time|time|pryd|dyddiad",
    "force": r"(?:the )?(?:police )?force|which police|heddlu",
    "people_involved": r"who was involved|officer|officers|names?|who was there",
    "already_complained": r"complained before|told the police before",
    "complainant": r"who it is for|complaint for|who for",
    "contact_method": r"contact(?: by)?|how we get in touch|phone number",
    "accessibility_needs": r"help(?: you need)?|needs?",
}


def told_already(text: str) -> str | None:
    """The rest of an answer that says it was given before ("I have already told you. 3 March" gives "3 March"),
    or None when the answer does not point back at all."""
    found = _TOLD.match(text)
    if not found or not found.group(0).strip() or not _POINTS_BACK.search(found.group(0)):
        return None
    return text[found.end() :].strip()


def answer_text(text: str) -> str:
    """The answer itself, without a pointer back: "I have already told you. 3 March" gives "3 March"."""
    pointer = told_already(text)
    return text.strip() if pointer is None else pointer


def has_words(text: str) -> bool:
    """False for an answer with no letters or numbers at all: "?", "...", "!!"."""
    return re.search(r"\w", text) is not None


def without_correction_words(text: str) -> str:
    """ "no wait it was tuesday not monday" reads back as "it was tuesday not monday"."""
    return _CORRECTION.sub("", text).strip()


def corrects(text: str) -> bool:
    """True when a message starts the way a correction does ("no wait", "sorry, I mean", "actually")."""
    return _CORRECTION.match(text) is not None


def correction_of(text: str, answered: list[str]) -> str | None:
    """Which earlier answer a correction carries a new value for: a date, or a police force. None if unclear."""
    if "incident_date" in answered and says_when(text):
        return "incident_date"
    if "force" in answered and match_force(text).force:
        return "force"
    return None


def field_named(text: str, answered: list[str], labels: dict[str, str]) -> str | None:
    """The answer someone names when they type their choice from the change menu ("when", "the date")."""
    plain = " ".join(re.sub(r"[^a-z0-9' ]+", " ", without_accents(text.lower())).split())
    plain = re.sub(r"^(?:the |change |change the |i want to change |i'd like to change )+", "", plain)
    for slot in answered:
        if plain == without_accents(labels[slot].lower()) or re.fullmatch(_FIELD_WORDS[slot], plain):
            return slot
    return None


def earlier_story(tracker: Tracker, min_words: int = 8) -> str | None:
    """The longest thing the person typed before this message, if it is long enough to be what happened."""
    users = [event for event in tracker.events if event.get("event") == "user"]
    # The latest user message is the "I already told you" itself.
    typed = [str(e.get("text") or "").strip() for e in users[:-1] if not str(e.get("text") or "").startswith("/")]
    longest = max(typed, key=lambda t: len(t.split()), default="")
    return longest if len(longest.split()) >= min_words else None
