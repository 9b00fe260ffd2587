"""NLU component: the danger check overrides whatever the classifier decided.

It sits after the classifier and the FallbackClassifier, so a message that shows danger is routed to
`report_danger` / `report_self_harm` whatever the confidence, even mid-form. The trained danger
intents stay as a second line for wordings the patterns miss, except when the only alarming words
are everyday phrases ("killing time"): then the classifier's next guess stands. And when the
classifier is unsure (its fallback) of a message that describes a death, serious injury or sexual
misconduct involving the police, it becomes `report_serious_incident` rather than "say it again".
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety.danger import EMERGENCY, SELF_HARM, assess, is_false_alarm
from bot.safety.serious import looks_serious
from rasa_ext.stateless import StatelessComponent

INTENT_FOR_LEVEL = {EMERGENCY: "report_danger", SELF_HARM: "report_self_harm"}
DANGER_INTENTS = set(INTENT_FOR_LEVEL.values())
FALLBACK = "nlu_fallback"
SERIOUS = "report_serious_incident"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DangerOverride(StatelessComponent):
    """Forces the danger intents when `bot.safety.danger.assess` finds danger."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            level = assess(text).level
            intent_name = INTENT_FOR_LEVEL.get(level)
            predicted = (message.get(INTENT) or {}).get("name")
            if intent_name is not None:
                self._force(message, intent_name, level)
            elif predicted in DANGER_INTENTS and is_false_alarm(text):
                self._demote(message)
            elif predicted == FALLBACK and looks_serious(text):
                self._force(message, SERIOUS, "serious")
        return messages

    @staticmethod
    def _force(message: Message, intent_name: str, level: str) -> None:
        forced = {"name": intent_name, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        message.set("danger_check", {"level": level}, add_to_output=True)

    @staticmethod
    def _demote(message: Message) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in DANGER_INTENTS]
        best = ranking[0] if ranking else {"name": FALLBACK, "confidence": 1.0}
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set("danger_check", {"level": "false_alarm"}, add_to_output=True)
