"""NLU component: a short question asking what a word in the glossary means is `ask_meaning`; a guess of
`ask_meaning` with no word to explain is not.

The classifier learns "what does X mean?" from examples, but a word that other intents' examples use often ("gross
misconduct" in questions about outcomes) pulls it there. The shape of the question and a word the glossary explains
(vocabulary/signals/glossary.py) settle it instead. The other way round, the classifier's `ask_meaning` gives way
when the message asks nothing, or tells of something grave and asks only what "that" means. It runs after the
clarifier and before the danger check, which stays last and overrides it.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.clarifier import FALLBACK, SERIOUS
from rasa_ext.stateless import StatelessComponent
from vocabulary.routes import ASK_MEANING
from vocabulary.safety.serious import has_gravity
from vocabulary.signals.glossary import asks_something, asks_what_a_word_means, asks_what_that_means, terms_named


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class WordQuestion(StatelessComponent):
    """Sets the intent `ask_meaning` (confidence 1.0) on questions like "whats a PCSO" and "what does NFA mean";
    takes it away from "PCSO" given as an answer, and from "my son was strip searched, what does that mean"."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            if asks_what_a_word_means(text):
                message.set(INTENT, {"name": ASK_MEANING, "confidence": 1.0}, add_to_output=True)
                # A clarifying question the clarifier prepared is no longer needed.
                message.set("clarify", None, add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == ASK_MEANING:
                _unless_nothing_to_explain(message, text)
        return messages


def _unless_nothing_to_explain(message: Message, text: str) -> None:
    if not asks_something(text):
        # "PCSO", "a pcso and two officers": an answer to the form's question, not a question.
        _take_next_best(message)
    elif not terms_named(text) and asks_what_that_means(text) and has_gravity(text):
        # The glossary's "we cannot explain that word" would be no answer to a grave event.
        message.set(
            INTENT,
            {"name": SERIOUS, "confidence": (message.get(INTENT) or {}).get("confidence", 1.0)},
            add_to_output=True,
        )


def _take_next_best(message: Message) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in (ASK_MEANING, FALLBACK)]
    if ranking:
        message.set(INTENT, {"name": ranking[0]["name"], "confidence": ranking[0]["confidence"]}, add_to_output=True)
