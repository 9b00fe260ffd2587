"""The complaint form's words in the person's mode: its questions, feedback on answers and summary labels.

The words live in texts/form.json (loaded by vocabulary.texts). A form asks its questions itself, so
they are not Rasa responses; the readability test and docs/content-register.md cover them too. A
young person gets standard English wherever there is no young variant. Welsh form controls are Welsh
words ("hepgor" for skip; actions/forms.py accepts them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vocabulary import texts
from vocabulary.texts import MODES, STANDARD, fallbacks

_FORM = texts.load("form")
QUESTIONS: dict[str, dict[str, dict[str, Any]]] = _FORM["questions"]
FEEDBACK: dict[str, dict[str, str]] = _FORM["feedback"]
LABELS: dict[str, dict[str, str]] = _FORM["labels"]
READABLE: dict[str, dict[str, dict[str, str]]] = _FORM["readable"]


def question(slot: str, language: str | None = STANDARD, audience: str | None = None) -> dict[str, Any]:
    """Keyword arguments for `dispatcher.utter_message` that ask for `slot`."""
    entry = next(QUESTIONS[m][slot] for m in fallbacks(language, audience) if slot in QUESTIONS[m])
    buttons = [{"title": title, "payload": payload} for title, payload in entry.get("buttons", [])]
    return {"text": entry["text"], **({"buttons": buttons} if buttons else {})}


def feedback(key: str, language: str | None = STANDARD, audience: str | None = None) -> str:
    """One of the form's short replies to an answer, in the person's language and mode."""
    return next(FEEDBACK[m][key] for m in fallbacks(language, audience) if key in FEEDBACK[m])


def label(slot: str, language: str | None = STANDARD, audience: str | None = None) -> str:
    """The summary's name for an answer (also the title of the button that changes it)."""
    return next(LABELS[m][slot] for m in fallbacks(language, audience) if slot in LABELS[m])


def readable(slot: str, value: str, language: str | None = STANDARD, audience: str | None = None) -> str:
    """How a stored answer reads back in the summary."""
    for m in fallbacks(language, audience):
        table = READABLE[m]
        if value in table.get(slot, {}):
            return table[slot][value]
        if value in table.get("*", {}):
            return table["*"][value]
    return str(value)


def all_texts() -> Iterator[tuple[str, str, str]]:
    """(mode, where, text) for every sentence this module can say: the readability test and the register."""
    for m in MODES:
        for slot, entry in QUESTIONS[m].items():
            yield m, f"form question {slot}", entry["text"]
        for key, text in FEEDBACK[m].items():
            yield m, f"form feedback {key}", text
