"""Asked "did my complaint go through?": this chat sends nothing to the police, so the answer is where the questions stand
and what to do next (round 47: the question was heard as a complaint the force never answered)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import after_crisis
from actions.conversation import personalise, safety_net, say_line, set_route
from actions.forms import has_answers, opening_lines
from vocabulary import texts
from vocabulary.routes import INFORMATION

LINES: dict[str, dict[str, str]] = texts.load("complaint_status")

_FORM_STEPS = (
    "action_start_complaint",
    "action_continue_complaint",
    "action_summarise_complaint",
    "action_submit_complaint",
)


def _form_progress(tracker: Tracker) -> tuple[str | None, str | None]:
    """The latest of starting, summarising and submitting the complaint questions, and after a submission the route it
    settled (the route may move on later, to a person say; the next steps are the submission's)."""
    step = route = current = None
    settling = False
    for event in tracker.events:
        kind, name = event.get("event"), event.get("name")
        if kind == "slot" and name == "triage_outcome":
            current = event.get("value")
            route = current if settling else route
        elif kind in ("action", "user"):
            settling = kind == "action" and name == "action_submit_complaint"
            if kind == "action" and name in _FORM_STEPS:
                step, route = name, current if settling else None
    return step, route


class ActionComplaintStatus(Action):
    """Says that nothing was sent from this chat and what comes next: the next steps after a finished summary, the
    questions (or "carry on") before one, and who to ask about a complaint made another way."""

    def name(self) -> str:
        return "action_complaint_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events, ops = personalise(tracker)
        ops += safety_net(dispatcher, tracker)
        events += opening_lines(dispatcher, tracker)
        step, route = _form_progress(tracker)
        next_steps = f"utter_next_steps_{route}"
        if tracker.active_loop_name == "complaint_form" or step == "action_summarise_complaint":
            say_line(dispatcher, tracker, LINES["questions_first"])
        elif step == "action_submit_complaint" and next_steps in domain.get("responses", {}) and has_answers(tracker):
            say_line(dispatcher, tracker, LINES["not_sent"])
            dispatcher.utter_message(response=next_steps)
            if tracker.get_slot("consent") == "yes":
                say_line(dispatcher, tracker, LINES["saved"])
        elif step and has_answers(tracker):
            say_line(dispatcher, tracker, LINES["questions_first"])
            say_line(dispatcher, tracker, after_crisis.LINES["carry_on"])
        else:
            say_line(dispatcher, tracker, LINES["elsewhere"])
            say_line(dispatcher, tracker, LINES["ask_about_it"])
        return events + await set_route(tracker, INFORMATION, *ops)
