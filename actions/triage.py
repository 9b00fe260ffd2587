"""The first step of (almost) every turn: log the contact, set the route, introduce ourselves."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import contact_log
from actions.after_crisis import after_crisis_lines
from actions.conversation import (
    asked_again_line,
    cannot_phone_line,
    chief_officer_line,
    detail_lines,
    domestic_abuse_line,
    introduce,
    latest_intent,
    latest_text,
    other_language_line,
    personalise,
    safety_net,
    set_route,
)
from actions.forms import stopped_before_summary
from vocabulary.routes import ROUTE_BY_INTENT
from vocabulary.signals.language import language_asked_for

# Messages the classifier could not place. Two in a row and we offer a person instead.
NOT_UNDERSTOOD = {"nlu_fallback", "inform"}


def _previous_user_intent(tracker: Tracker) -> str | None:
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_latest:
                return ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            seen_latest = True
    return None


class ActionTriage(Action):
    """Logs the contact, sets the route this message makes clear, and introduces the service once."""

    def name(self) -> str:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        intent = latest_intent(tracker)
        events, extra = personalise(tracker)
        extra += safety_net(dispatcher, tracker)
        # The greeting rule says who we are itself.
        events += [SlotSet("intro_shown", True)] if intent == "greet" else introduce(dispatcher, tracker)
        other_language_line(dispatcher, tracker)
        domestic_abuse_line(dispatcher, tracker)
        cannot_phone_line(dispatcher, tracker)
        after_crisis_lines(dispatcher, tracker, questions_stopped=stopped_before_summary(tracker))
        previous = _previous_user_intent(tracker)
        asked_again_line(dispatcher, tracker, intent, previous)
        chief_officer_line(dispatcher, tracker, intent)
        detail_lines(dispatcher, tracker, intent)
        failed_again = intent in NOT_UNDERSTOOD and previous in NOT_UNDERSTOOD
        if bool(tracker.get_slot("rephrase_failed")) != failed_again:
            events.append(SlotSet("rephrase_failed", failed_again))
        if intent == "report_complaint_not_recorded":
            extra.append(("add_safeguarding_flag", {"flag": "force_access_issue"}))
        return events + await set_route(tracker, ROUTE_BY_INTENT.get(intent) if intent else None, *extra)


class ActionSetLanguage(Action):
    """Switches replies to the language the person asked for (Welsh unless they asked for English)."""

    def name(self) -> str:
        return "action_set_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        chosen = language_asked_for(latest_text(tracker)) or "cy"
        flags = safety_net(dispatcher, tracker, language_now=chosen)
        await contact_log.record(tracker, ("update_details", {"language": chosen}), *flags)
        return [SlotSet("language", chosen), SlotSet("intro_shown", True)]


class ActionSetEasyRead(Action):
    """Switches replies to Easy Read: very short sentences, common words, one idea per message."""

    def name(self) -> str:
        return "action_set_easy_read"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        flags = safety_net(dispatcher, tracker, audience_now="easy_read")
        await contact_log.record(tracker, ("update_details", {"audience": "easy_read"}), *flags)
        already = tracker.get_slot("audience") == "easy_read"
        return [SlotSet("audience", "easy_read"), SlotSet("easy_read_again", already)]
