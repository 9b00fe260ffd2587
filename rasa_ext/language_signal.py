"""NLU component: a message written in Welsh carries the entity `language` = `cy`.

The `language` slot is filled from that entity before any action runs in the turn, so every reply to
that message, including the first, is already in Welsh.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.stateless import StatelessComponent
from vocabulary.signals.language import looks_welsh


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class WelshSignal(StatelessComponent):
    """Adds `{"entity": "language", "value": "cy"}` to messages written in Welsh."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text and looks_welsh(text):
                entity = {"entity": "language", "value": "cy", "start": 0, "end": len(text), "extractor": "WelshSignal"}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
