"""Actions that bring in a person: on request, and at once when someone is in danger."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import contact_log
from actions.conversation import introduce, language, latest_intent, personalise, set_route
from actions.routes import CRISIS_SUPPORT, EMERGENCY, HUMAN_REQUESTED, next_route
from bot.safety.danger import EMERGENCY as DANGER, SELF_HARM, DangerAssessment
from bot.store.repositories.handoffs import priority_for_outcome


def handoff_request(tracker: Tracker, route: str, reason: str) -> tuple[str, dict]:
    """The contact-log operation that queues this conversation for a person."""
    return (
        "request_handoff",
        {
            "reason": reason,
            "priority": priority_for_outcome(route),
            "language": language(tracker),
            "request_key": contact_log.event_key(tracker, "handoff"),
        },
    )


class ActionRequestHuman(Action):
    """Queues the conversation for a person on our team (the gateway then routes it to staff)."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        signals, ops = personalise(tracker)
        events = signals + introduce(dispatcher, tracker)
        # Asking for a person (or saying yes to the offer of one) is a route of its own; a hand-off
        # that is part of another route (a serious incident, a complaint not recorded) keeps that route.
        asked = latest_intent(tracker) in ("request_human", "affirm")
        current = tracker.get_slot("triage_outcome")
        route = next_route(current, HUMAN_REQUESTED) if asked else current or HUMAN_REQUESTED
        reason = latest_intent(tracker) or "request_human"
        events += await set_route(tracker, route, *ops, handoff_request(tracker, route, reason))
        return events


class ActionRespondToDanger(Action):
    """First reply to danger: 999 (and press 55), crisis lines for self-harm, and an urgent person."""

    def name(self) -> Text:
        return "action_respond_to_danger"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        self_harm = latest_intent(tracker) == "report_self_harm"
        level, route = (SELF_HARM, CRISIS_SUPPORT) if self_harm else (DANGER, EMERGENCY)
        # Nothing comes before this message: it is the same text the gateway sends while staff
        # own a conversation, kept in one place (bot/safety/danger.py).
        dispatcher.utter_message(text=DangerAssessment(level).reply(language(tracker)))
        signals, ops = personalise(tracker)
        events = await set_route(
            tracker,
            route,
            *ops,
            ("add_safeguarding_flag", {"flag": "self_harm_risk" if self_harm else "immediate_danger"}),
            handoff_request(tracker, route, route),
        )
        return [*signals, SlotSet("intro_shown", True), *events]
