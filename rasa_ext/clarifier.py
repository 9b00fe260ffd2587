"""NLU component: when the best two routes are close, or one message carries two needs, ask; don't guess.

A message with no letters or digits at all ("?", "...", an emoji) becomes `nlu_fallback` too.
It runs after the classifier and its fallback, before the danger check (danger always wins). It turns
the message into `nlu_fallback` with a `clarify` entry naming the two intents to offer; the fallback
rule's action (`action_clarify_route`) asks one short question with a button for each. Three cases:
- a story of serious-incident gravity that also asks about the outcome of a complaint (a death *and* a
  review): which first?
- `report_serious_incident` predicted for a message that names nothing of that gravity: is it that
  serious? (The urgent queue is for deaths, serious injuries, sexual misconduct, corruption…)
- the top two intents lead to different routes and are within `margin` of each other.
Three cases are not a question: a question about a live incident from someone whose own family member died or was
seriously hurt ("my son died after a police chase, what happened?") is their serious incident, not news to decline.
"I did not say stop" is not `stop`, and a message that names nothing we keep is not `withdraw_consent` ("i asked WHO
DO I COMPLAIN TO"): both end the complaint questions, so for those the classifier's next intent stands.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.next_guess import FALLBACK, next_guess
from rasa_ext.stateless import StatelessComponent
from vocabulary.routes import ASK_MEANING, INFORMATION, ROUTE_BY_INTENT
from vocabulary.safety.serious import has_gravity, tells_of_someone_close
from vocabulary.signals.ending import ruled_out
from vocabulary.signals.needs import mentions_review

_WORD = re.compile(r"[^\W_]")  # a letter or a digit, in any script
SERIOUS = "report_serious_incident"
COMPLAINT = "make_complaint"
REVIEW = "ask_review"
LIVE_INCIDENT = "ask_live_incident"
# Intents worth a question: each leads somewhere different. Danger intents are the danger check's.
CLARIFIABLE = {
    intent for intent, route in ROUTE_BY_INTENT.items() if route not in ("emergency", "crisis_support", "out_of_scope")
}
CLARIFIABLE |= {"report_crime_not_police", "complain_outside_england_wales"}
# A button cannot carry the word a "what does it mean?" question asked about.
CLARIFIABLE -= {ASK_MEANING}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RouteClarifier(StatelessComponent):
    """Marks messages that need one clarifying question, with the two intents to offer."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"margin": 0.15, "floor": 0.2}

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RouteClarifier:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text and not _WORD.search(text):
                # "?", "...", an emoji: nothing to classify, so never a yes, a skip or a mode switch.
                message.set(INTENT, {"name": FALLBACK, "confidence": 1.0}, add_to_output=True)
            elif text and not text.startswith("/"):
                ranking = _ranking(message)
                predicted = (message.get(INTENT) or {}).get("name")
                if ranking and ranking[0][0] == LIVE_INCIDENT and has_gravity(text) and tells_of_someone_close(text):
                    message.set(INTENT, {"name": SERIOUS, "confidence": ranking[0][1]}, add_to_output=True)
                elif ranking and predicted == ranking[0][0] and ruled_out(predicted, text):
                    best, left = next_guess(message.get(INTENT_RANKING_KEY) or [], text, set_aside={predicted})
                    message.set(INTENT, best, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, left, add_to_output=True)
                elif options := self.options(text, ranking):
                    self._ask(message, options)
        return messages

    def options(self, text: str, ranking: List[tuple[str, float]]) -> Optional[tuple[str, str, str]]:
        """(first intent, second intent, reason) to ask between, or None to go with the classifier."""
        if not ranking:
            return None
        top, confidence = ranking[0]
        second, second_confidence = ranking[1] if len(ranking) > 1 else ("", 0.0)
        if top in (SERIOUS, REVIEW) and has_gravity(text) and mentions_review(text):
            return SERIOUS, REVIEW, "two_needs"
        if top == SERIOUS and not has_gravity(text):
            return SERIOUS, COMPLAINT, "gravity"
        if (
            top in CLARIFIABLE
            and second in CLARIFIABLE
            and _route(top) != _route(second)
            and second_confidence >= self._config["floor"]
            and confidence - second_confidence < self._config["margin"]
        ):
            return top, second, "close"
        return None

    @staticmethod
    def _ask(message: Message, options: tuple[str, str, str]) -> None:
        first, second, reason = options
        confidence = (message.get(INTENT) or {}).get("confidence", 0.0)
        message.set(INTENT, {"name": FALLBACK, "confidence": confidence}, add_to_output=True)
        message.set("clarify", {"options": [first, second], "reason": reason}, add_to_output=True)


def _route(intent: str) -> str:
    route = ROUTE_BY_INTENT.get(intent, intent)
    return INFORMATION if route == INFORMATION else f"{route}:{intent}" if route == "out_of_scope" else route


def _ranking(message: Message) -> List[tuple[str, float]]:
    """The classifier's own ranking, without the entry the FallbackClassifier adds."""
    return [
        (r["name"], float(r.get("confidence") or 0.0))
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get("name") and r["name"] != FALLBACK
    ]
