"""Answers to the complaint form that are not answers: "I already told you", a lone "?", a correction of an
earlier answer ("no wait, it was Tuesday not Monday"), having to go ("police are here now i have to go") and asking
for a moment ("hang on"). Each is read here; actions/forms.py decides what to do.

Testers' people stored "What happened: i already told you" and "When: ?", a correction given at the next
question was lost (docs/usability/2026-12-07-tester-c.md, section 7), and a woman who had to go mid-form was asked the
next question as if she had answered it (-d.md, section 7).
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.dates import says_when
from actions.forces import match_force
from vocabulary.signals.away import CALLED_AWAY
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
_FILLER = r"(?:ok|okay|sorry|soz|sori|right|anyway|anyways|but|oh|oops|shit|crap|um|erm|look|sorry but)"
_GOING = (
    r"(?:(?:i|ive|i've|i have|i'?ve got|i'?m going) )?(?:have|has|need|needs|got|gotta|must|hafta|'ve got) to "
    r"(?:go|leave|run|dash|log off|get off|hang up|stop)(?: (?:now|right now|sorry|soz|quick|quickly|for now|for a bit"
    r"|for a while|asap))*"
    r"|(?:gotta|got ta|got to) go|g2g|gtg|(?:i )?must (?:go|leave)|(?:i'?m|im|i am) (?:going|off) now"
    r"|brb|be right back|bye(?: bye| for now| now)?|goodbye|good bye|cya|see ya|see you(?: later| soon)?|ttyl"
    r"|(?:talk|speak|chat) (?:to you |to u |2 u |2u )?(?:later|soon)"
    r"|(?:i'?ll|i will|ill) (?:come back|be back|finish (?:this|it)|do (?:this|it)) (?:later|soon|another time|tomorrow)"
    r"|(?:i )?can'?t (?:talk|chat|do this|do it|finish this) (?:right )?now"
    # Welsh: "I must go", "I have to go", "bye (for now)", "see you".
    r"|rhaid i (?:mi|fi) fynd(?: nawr| rwan)?|rhaid mynd|dw ?i'?n gorfod mynd|hwyl(?: fawr| am y tro| nawr)?"
    r"|wela i (?:chi|ti)"
)
_THEN = r"(?:\W+(?:sorry|soz|sori|bye|x+|thanks|thank you|diolch))*"
# At the start, going ends at a stop or a comma, or where a new clause begins: "I have to go to court" is not going.
_GOING_FIRST = re.compile(
    rf"^\W*(?:{_FILLER}\W+)*(?:{_GOING}){_THEN}"
    r"(?:\W*$|\s*[,.!;:\-]+\s*|\s+(?=(?:he|she|they|the|police|my|someone|somebody|i'?ll|ill|will|back)\b))",
    re.IGNORECASE,
)
_GOING_LAST = re.compile(rf"(?:^|\W)(?:{_FILLER}\W+)*(?:{_GOING}){_THEN}\W*$", re.IGNORECASE)
# "they told me i have to go" tells what happened; it is not the person going.
_REPORTED = re.compile(
    r"\b(?:told|tells|tell|telling|said|says|say|saying|that|because|cos|coz|so|and|he|she|they|me|us|him|them)\W*$",
    re.I,
)
_CALLED_AWAY = re.compile(CALLED_AWAY, re.IGNORECASE)
_MOMENT = r"(?:sec|secs|second|seconds|minute|minutes|min|mins|mo|moment)"
# Asking for a moment, alone ("hang on") or around being called away ("hang on my mum is calling").
_HOLD_ON = rf"(?:(?:hang|hold) on|wait)(?: a {_MOMENT})?|(?:one|just a|give me a|gimme a|a|two|2) {_MOMENT}"
_WAIT_WORDS = re.compile(rf"\b(?:{_HOLD_ON}|sorry|soz|sori|ok|okay|oh)\b", re.IGNORECASE)
_CHECK = r"(?:let me|lemme|i(?:'ll| will)?) (?:check|look|find (?:it|out)|get it|see)"
_HOLD = re.compile(
    rf"^\W*(?:(?:ok|okay|sorry|um|erm)\W+)*"
    rf"(?:{_HOLD_ON}|{_CHECK}|brb|be right back"
    # Welsh: "a minute", "a second", "wait (a minute)".
    rf"|un (?:munud|eiliad)|arhoswch(?: funud)?|aros funud)"
    rf"(?:\W+{_CHECK})?(?:\W+(?:please|pls|plz))?\W*$",
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


def going_away(text: str) -> str | None:
    """The rest of an answer that says the person has to go for now ("hampshire!! police are here now i have to go"
    gives "hampshire!! police are here now"; "bye" and "hang on my mum is calling" give ""), or None when it does
    not say so."""
    called_away = _CALLED_AWAY.search(text) is not None
    rest = _CALLED_AWAY.sub(" ", text)
    first = _GOING_FIRST.match(rest)
    if first:
        return rest[first.end() :].strip()
    last = _GOING_LAST.search(rest)
    if last and not _REPORTED.search(rest[: last.start() + 1]):
        return rest[: last.start() + 1].strip(" ,;:-")
    return _WAIT_WORDS.sub(" ", rest).strip(" ,;:-.!?") if called_away else None


def asks_for_a_moment(text: str) -> bool:
    """True for a message that only asks for a moment: "hang on", "one sec let me check", "brb"."""
    return _HOLD.match(text) is not None


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
