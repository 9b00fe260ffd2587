"""Actions that bring in a person: on request, and at once when someone is in danger."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import contact_log
from actions.conversation import (
    cannot_phone_line,
    domestic_abuse_line,
    introduce,
    language,
    latest_intent,
    latest_text,
    personalise,
    safety_net,
    set_route,
)
from bot.store.repositories.handoffs import priority_for_outcome
from vocabulary.routes import CRISIS_SUPPORT, EMERGENCY, HUMAN_REQUESTED, next_route
from vocabulary.safety.danger import EMERGENCY as DANGER
from vocabulary.safety.danger import LEVEL_OF_KIND, SELF_HARM, DangerAssessment, help_on_the_way
from vocabulary.signals.language import language_asked_for


def handoff_request(tracker: Tracker, route: str, reason: str, language_code: str | None = None) -> tuple[str, dict]:
    """The contact-log operation that queues this conversation for a person."""
    return (
        "request_handoff",
        {
            "reason": reason,
            "priority": priority_for_outcome(route),
            "language": language_code or language(tracker),
            "request_key": contact_log.event_key(tracker, "handoff"),
        },
    )


def asks_for_welsh(tracker: Tracker) -> bool:
    """True when the message asking for a person is in Welsh or asks for Welsh ("someone who speaks Welsh")."""
    return language_asked_for(latest_text(tracker)) == "cy"


class ActionRequestHuman(Action):
    """Queues the conversation for a person on our team (the gateway then routes it to staff)."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        signals, ops = personalise(tracker)
        ops += safety_net(dispatcher, tracker)
        events = signals + introduce(dispatcher, tracker)
        cannot_phone_line(dispatcher, tracker)
        # Someone asking for a Welsh speaker is queued for one, and hears the rest of this turn in Welsh.
        welsh = asks_for_welsh(tracker)
        if welsh and tracker.get_slot("language") != "cy":
            events.append(SlotSet("language", "cy"))
            ops.append(("update_details", {"language": "cy"}))
        # Asking for a person (or saying yes to the offer of one) is a route of its own; a hand-off
        # that is part of another route (a serious incident, a complaint not recorded) keeps that route.
        asked = latest_intent(tracker) in ("request_human", "affirm")
        current = tracker.get_slot("triage_outcome")
        route = (next_route(current, HUMAN_REQUESTED) if asked else current) or HUMAN_REQUESTED
        reason = latest_intent(tracker) or "request_human"
        events += await set_route(
            tracker, route, *ops, handoff_request(tracker, route, reason, "cy" if welsh else None)
        )
        return events


class ActionRespondToDanger(Action):
    """First reply to danger: 999 (and press 55), crisis lines for self-harm, and an urgent person."""

    def name(self) -> str:
        return "action_respond_to_danger"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        self_harm = latest_intent(tracker) == "report_self_harm"
        level, route = (SELF_HARM, CRISIS_SUPPORT) if self_harm else (DANGER, EMERGENCY)
        # The NLU's danger check says what kind of danger it is (an ambulance, a missing child…).
        kind = ((tracker.latest_message or {}).get("danger_check") or {}).get("kind")
        found = DangerAssessment(
            level,
            kind if kind in LEVEL_OF_KIND and LEVEL_OF_KIND[kind] == level else None,
            help_called=help_on_the_way(latest_text(tracker)),
        )
        # Nothing comes before this message: it is the same text the gateway sends while staff
        # own a conversation, kept in one place (vocabulary/safety/danger.py).
        dispatcher.utter_message(text=found.reply(language(tracker)))
        domestic_abuse_line(dispatcher, tracker)
        signals, ops = personalise(tracker)
        events = await set_route(
            tracker,
            route,
            *ops,
            ("add_safeguarding_flag", {"flag": "self_harm_risk" if self_harm else "immediate_danger"}),
            handoff_request(tracker, route, route),
        )
        return [*signals, SlotSet("intro_shown", True), *events]
