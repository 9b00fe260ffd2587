"""Helpers every action shares: the safety line, the intro, language and age, and the route slot."""

from __future__ import annotations

import re
from collections.abc import Collection

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import contact_log
from actions.forces import mentions_chief_officer
from vocabulary import texts
from vocabulary.routes import (
    ASK_MEANING,
    INFORMATION,
    IOPC_DECISION_CHALLENGE,
    IOPC_SERVICE_COMPLAINT,
    REVIEW,
    ROUTE_BY_INTENT,
    SERIOUS_INCIDENT,
    next_route,
)
from vocabulary.safety.danger import SAFETY_LINE
from vocabulary.signals.access import CANNOT_PHONE_FLAG, cannot_phone
from vocabulary.signals.age import says_under_18
from vocabulary.signals.detail import details_asked
from vocabulary.signals.language import looks_other_language, looks_welsh
from vocabulary.signals.topic import mentions_domestic_abuse, mentions_strip_search

OTHER_LANGUAGE_LINE: dict[str, str] = texts.load("languages")["other_language"]
ASKED_AGAIN_LINE: dict[str, str] = texts.load("asked_again")["asked_again"]
CHIEF_OFFICER_LINE: dict[str, str] = texts.load("chief_officer")["chief_officer"]
DOMESTIC_ABUSE_LINE: dict[str, str] = texts.load("domestic_abuse")["domestic_abuse"]
CANNOT_PHONE_LINE: dict[str, str] = texts.load("access")["cannot_phone"]
DETAIL_LINES: dict[str, dict[str, str]] = texts.load("details")
# Routes whose answer is a fixed block of information: asked again, the same block follows.
_ANSWERED_IN_FULL = {INFORMATION, REVIEW, IOPC_SERVICE_COMPLAINT, IOPC_DECISION_CHALLENGE}
# Questions whose answer depends on the words asked about: a second one in a row is a new question.
_ANSWER_FITS_THE_WORDS = {ASK_MEANING}


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def language(tracker: Tracker) -> str:
    """The person's language: Welsh as soon as they write in Welsh, else what they chose."""
    if looks_welsh(latest_text(tracker)):
        return "cy"
    return tracker.get_slot("language") or "en"


def _entity(tracker: Tracker, name: str) -> str | None:
    entities = (tracker.latest_message or {}).get("entities") or []
    return next((e.get("value") for e in entities if e.get("entity") == name), None)


def latest_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def personalise(tracker: Tracker) -> tuple[list[EventType], list[tuple[str, dict]]]:
    """Slots and contact-log writes for what this message shows: Welsh or another language, no phone, someone under
    18, a strip search."""
    events: list[EventType] = []
    ops: list[tuple[str, dict]] = []
    # Rasa has already set the slot from the Welsh entity; the contact log still needs to hear of it.
    if _entity(tracker, "language") == "cy":
        ops.append(("update_details", {"language": "cy"}))
    # Staff see it on the conversation, so whoever picks it up can look for a way to talk in that language.
    if looks_other_language(latest_text(tracker)):
        ops.append(("add_safeguarding_flag", {"flag": "other_language"}))
    # The gateway then offers email and text relay rather than a call-back.
    if cannot_phone(latest_text(tracker)):
        ops.append(("add_safeguarding_flag", {"flag": CANNOT_PHONE_FLAG}))
    if says_under_18(latest_text(tracker)) and tracker.get_slot("audience") is None:
        events.append(SlotSet("audience", "young_person"))
        ops += [("update_details", {"audience": "young_person"}), ("add_safeguarding_flag", {"flag": "under_18"})]
    # Only chooses words (a young person asking about a strip search hears about appropriate adults);
    # nothing is logged, as the topic is among the details kept only with consent.
    if mentions_strip_search(latest_text(tracker)) and tracker.get_slot("topic") is None:
        events.append(SlotSet("topic", "strip_search"))
    return events, ops


# "whats the point calling 999 they never come", said after the danger reply (tester-d section 7, while he was still
# at the door): the safety line again, before anything else.
_DOUBTS_999 = re.compile(
    r"\b(?:what'?s|whats|wats|wots|no|not much|is there any|there'?s no|theres no) (?:the )?point (?:in )?"
    r"(?:calling|ringing|phoning|dialling|call|ring|phone|dial)\b"
    r"|\b(?:999|police|they|cops|no ?one|nobody)\b.{0,20}\b(?:never|don'?t|dont|won'?t|wont|didn'?t|didnt|not going to|not gonna)"
    r" (?:come|came|turn up|show up|bother|care|do anything|help)\b"
    r"|\bbeth yw'?r pwynt (?:ffonio|galw)\b",
    re.IGNORECASE,
)


def _doubts_999_after_danger(tracker: Tracker) -> bool:
    """Whether the message doubts that calling 999 helps, after the danger reply was given in this conversation."""
    if _DOUBTS_999.search(latest_text(tracker)) is None:
        return False
    return any(e.get("event") == "action" and e.get("name") == "action_respond_to_danger" for e in tracker.events)


def safety_net(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    language_now: str | None = None,
    audience_now: str | None = None,
) -> list[tuple[str, dict]]:
    """The safety line (999, 55, Samaritans) first, once a turn, when the NLU marked danger as possible, or when
    someone who got the danger reply doubts that 999 will come.

    rasa_ext/danger_override.py marks a message `possible` when none of its checks settled it but the
    classifier saw danger in it; the route stands, and the person is not told it is an emergency.
    `language_now` and `audience_now` are for the turn that switches them: the line comes in the new mode.
    """
    check = (tracker.latest_message or {}).get("danger_check") or {}
    if (language_now or language(tracker)) == "cy":
        line = SAFETY_LINE["cy"]
    else:
        line = SAFETY_LINE["easy_read" if (audience_now or tracker.get_slot("audience")) == "easy_read" else "en"]
    possible = check.get("possible") or _doubts_999_after_danger(tracker)
    if not possible or said_this_turn(tracker, line):
        return []
    dispatcher.utter_message(text=line)
    return [("add_safeguarding_flag", {"flag": "possible_danger"})]


def other_language_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Once a conversation, to a message in a language other than English or Welsh: we write only those two,
    and a person can help (the route's own reply follows, in English)."""
    if looks_other_language(latest_text(tracker)):
        _once(dispatcher, tracker, OTHER_LANGUAGE_LINE)


def in_mode(line: dict[str, str], language_: str, audience: str | None) -> str:
    """One of the lines in `texts/` (by mode: en, easy_read, cy) in a language and mode, or the nearest it has."""
    return next(line[mode] for mode in texts.fallbacks(language_, audience) if mode in line)


def say_line(dispatcher: CollectingDispatcher, tracker: Tracker, line: dict[str, str]) -> None:
    """Say one of the lines in `texts/` in the person's language and mode."""
    dispatcher.utter_message(text=in_mode(line, language(tracker), tracker.get_slot("audience")))


def said_before(tracker: Tracker, texts_: Collection[str], within: int | None = None) -> bool:
    """Whether the assistant said any of `texts_` in this conversation (or in its last `within` events)."""
    events = tracker.events if within is None else tracker.events[-within:]
    return any(e.get("event") == "bot" and e.get("text") in texts_ for e in events)


def _once(dispatcher: CollectingDispatcher, tracker: Tracker, line: dict[str, str]) -> None:
    """Say `line`, unless it was said before in this conversation."""
    if not said_before(tracker, line.values()):
        say_line(dispatcher, tracker, line)


def domestic_abuse_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Once a conversation, when a message tells of abuse at home: the domestic abuse helpline (after any 999 reply)."""
    if mentions_domestic_abuse(latest_text(tracker)):
        _once(dispatcher, tracker, DOMESTIC_ABUSE_LINE)


def cannot_phone_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Once a conversation, to someone who cannot use a phone: email and text relay."""
    if cannot_phone(latest_text(tracker)):
        _once(dispatcher, tracker, CANNOT_PHONE_LINE)


def detail_lines(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None) -> None:
    """Before the route's answer, the details it does not cover that the message asks about (who does a review, new
    evidence, money for damage, no reply to a complaint, council matters)."""
    for key in details_asked(latest_text(tracker), intent):
        say_line(dispatcher, tracker, DETAIL_LINES[key])


def asked_again_line(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None, previous: str | None
) -> None:
    """Before the same answer a second time in a row (a follow-up heard as the same question): say it is the same,
    and that a person can answer what it does not."""
    same_question = intent is not None and intent == previous and intent not in _ANSWER_FITS_THE_WORDS
    # A follow-up that asks a detail hears that detail (`detail_lines`): not the same answer.
    same_question = same_question and not details_asked(latest_text(tracker), intent)
    if same_question and ROUTE_BY_INTENT.get(intent or "") in _ANSWERED_IN_FULL:
        say_line(dispatcher, tracker, ASKED_AGAIN_LINE)


def chief_officer_line(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None) -> None:
    """Before how to complain, when the question is about a chief officer: that complaint goes elsewhere."""
    if intent == "ask_how_to_complain" and mentions_chief_officer(latest_text(tracker)):
        say_line(dispatcher, tracker, CHIEF_OFFICER_LINE)


def said_this_turn(tracker: Tracker, text: str) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and event.get("text") == text:
            return True
    return False


def introduce(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Say once per conversation that this is an automated helper and not the police."""
    if tracker.get_slot("intro_shown"):
        return []
    dispatcher.utter_message(response="utter_intro")
    return [SlotSet("intro_shown", True)]


async def set_route(tracker: Tracker, new_route: str | None, *extra_ops: tuple[str, dict]) -> list[EventType]:
    """Move to `new_route` if it replaces the current one; log the contact (and route) either way."""
    current = tracker.get_slot("triage_outcome")
    route = next_route(current, new_route)
    ops = list(extra_ops)
    if route and route != current:
        ops.insert(0, ("record_route", {"outcome": route, "source_event_id": contact_log.event_key(tracker, route)}))
    await contact_log.record(tracker, *ops)
    events: list[EventType] = [SlotSet("triage_outcome", route)] if route != current else []
    if route == SERIOUS_INCIDENT and not tracker.get_slot("serious_case"):
        events.append(SlotSet("serious_case", True))
    return events
