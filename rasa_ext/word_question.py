"""NLU component: a short question asking what a word in the glossary means is `ask_meaning`.

The classifier learns "what does X mean?" from examples, but a word that other intents' examples use often ("gross
misconduct" in questions about outcomes) pulls it there. The shape of the question and a word the glossary explains
(vocabulary/signals/glossary.py) settle it instead. It runs after the clarifier and before the danger check, which
stays last and overrides it.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.stateless import StatelessComponent
from vocabulary.signals.glossary import asks_what_a_word_means

ASK_MEANING = "ask_meaning"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class WordQuestion(StatelessComponent):
    """Sets the intent `ask_meaning` (confidence 1.0) on questions like "whats a PCSO" and "what does NFA mean"."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text and not text.startswith("/") and asks_what_a_word_means(text):
                message.set(INTENT, {"name": ASK_MEANING, "confidence": 1.0}, add_to_output=True)
                # A clarifying question the clarifier prepared is no longer needed.
                message.set("clarify", None, add_to_output=True)
        return messages
