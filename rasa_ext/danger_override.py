"""NLU component: the danger check overrides whatever the classifier decided.

It sits after the classifier and the FallbackClassifier, so a message that shows danger is routed to
`report_danger` / `report_self_harm` whatever the confidence, even mid-form.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.danger import EMERGENCY, SELF_HARM, assess

INTENT_FOR_LEVEL = {EMERGENCY: "report_danger", SELF_HARM: "report_self_harm"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DangerOverride(GraphComponent):
    """Forces the danger intents when `bot.safety.danger.assess` finds danger."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DangerOverride":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            level = assess(text).level
            intent_name = INTENT_FOR_LEVEL.get(level)
            if intent_name is None:
                continue
            forced = {"name": intent_name, "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
            message.set(INTENT, forced, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
            message.set("danger_check", {"level": level}, add_to_output=True)
        return messages
