"""Ask one short question when the NLU is unsure which of two routes someone needs."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import clarify_content
from actions.conversation import language


class ActionClarifyRoute(Action):
    """Asks which of two routes fits (with a button each), or says we did not understand."""

    def name(self) -> str:
        return "action_clarify_route"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        clarify = (tracker.latest_message or {}).get("clarify") or {}
        options = clarify.get("options") or []
        if len(options) == 2:
            dispatcher.utter_message(
                **clarify_content.question(
                    options, clarify.get("reason", ""), language(tracker), tracker.get_slot("audience")
                )
            )
        else:
            dispatcher.utter_message(response="utter_not_understood")
        return []
