"""Explain a word from police complaints ("what does 'case to answer' mean?") in the person's language and mode."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import in_mode, language, latest_text
from vocabulary import texts
from vocabulary.signals.glossary import glossary, terms_named

UNKNOWN_WORD_LINE: dict[str, str] = texts.load("glossary")["unknown"]


def explanations(text: str, language_: str, audience: str | None) -> list[str]:
    """What to say to `text`: the explanation of each term it names, or that we cannot explain that word yet."""
    entries = [glossary()[term] for term in terms_named(text)] or [UNKNOWN_WORD_LINE]
    return [in_mode(entry, language_, audience) for entry in entries]


class ActionExplainWord(Action):
    """Says what the words in a "what does it mean?" question mean (the rule then asks "anything else?")."""

    def name(self) -> str:
        return "action_explain_word"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        for line in explanations(latest_text(tracker), language(tracker), tracker.get_slot("audience")):
            dispatcher.utter_message(text=line)
        return []
