"""Helpers every action shares: the intro, the language and the route slot."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import contact_log
from actions.routes import next_route


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "en"


def introduce(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Say once per conversation that this is an automated helper and not the police."""
    if tracker.get_slot("intro_shown"):
        return []
    dispatcher.utter_message(response="utter_intro")
    return [SlotSet("intro_shown", True)]


async def set_route(tracker: Tracker, new_route: Optional[str], *extra_ops: tuple[str, dict]) -> list[EventType]:
    """Move to `new_route` if it replaces the current one; log the contact (and route) either way."""
    current = tracker.get_slot("triage_outcome")
    route = next_route(current, new_route)
    ops = list(extra_ops)
    if route and route != current:
        ops.insert(0, ("record_route", {"outcome": route, "source_event_id": contact_log.event_key(tracker, route)}))
    await contact_log.record(tracker, *ops)
    return [SlotSet("triage_outcome", route)] if route != current else []

