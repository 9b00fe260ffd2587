"""After someone in crisis carries on talking: a gentle word before the next answer, where their complaint stands, and
the crisis line again at every goodbye (docs/usability/2026-12-07-tester-c.md, section 11)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_intent, said_before, say_line
from vocabulary import texts

LINES: dict[str, dict[str, str]] = texts.load("after_crisis")


def had_crisis(tracker: Tracker) -> bool:
    """Whether the crisis reply was given in this conversation (the route may have moved on since)."""
    return any(e.get("event") == "action" and e.get("name") == "utter_crisis_follow_up" for e in tracker.events)


def _answers_anything_else(tracker: Tracker) -> bool:
    """Whether the latest message answers "Is there anything else we can help with?" (a no there is a goodbye)."""
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_latest:
                return False
            seen_latest = True
        elif seen_latest and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") == "utter_anything_else"
    return False


def after_crisis_lines(dispatcher: CollectingDispatcher, tracker: Tracker, *, questions_stopped: bool) -> None:
    """After the crisis reply: Samaritans before a goodbye; otherwise, once, a word of thanks with Samaritans, and
    (when `questions_stopped`) that their answers are kept until they say "carry on"."""
    if not had_crisis(tracker):
        return
    intent = latest_intent(tracker)
    if intent == "goodbye" or (intent == "deny" and _answers_anything_else(tracker)):
        say_line(dispatcher, tracker, LINES["goodbye"])
        return
    if said_before(tracker, LINES["check_in"].values()):
        return
    say_line(dispatcher, tracker, LINES["check_in"])
    if questions_stopped:
        say_line(dispatcher, tracker, LINES["carry_on"])
