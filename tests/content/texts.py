"""Every fixed text the assistant can send, with where it comes from and its mode.

Modes: "en" (standard English), "young_person", "easy_read" and "cy" (Welsh, whatever the audience).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from actions import after_crisis, clarify_content, complaint_status, form_content
from actions.conversation import (
    ASKED_AGAIN_LINE,
    CANNOT_PHONE_LINE,
    CHIEF_OFFICER_LINE,
    DETAIL_LINES,
    DOMESTIC_ABUSE_LINE,
    OTHER_LANGUAGE_LINE,
)
from actions.glossary import UNKNOWN_WORD_LINE
from bot.domain import load_domain
from bot.routing import canned
from bot.routing.messages import Reply
from vocabulary.safety.danger import CALLED_REPLIES, REPLIES, SAFETY_LINE
from vocabulary.signals.glossary import glossary


class Text(NamedTuple):
    where: str
    mode: str
    text: str


def domain_responses() -> dict[str, list[dict]]:
    """Every response in domain/, by name (the files are merged; each name is in one of them)."""
    return load_domain()["responses"]


def variation_mode(variation: dict) -> str:
    """The mode a response variation is written for, from its condition."""
    condition = {c["name"]: c["value"] for c in variation.get("condition") or []}
    if condition.get("language") == "cy":
        return "cy"
    return condition.get("audience") or "en"


def condition_of(variation: dict) -> dict[str, Any]:
    return {c["name"]: c["value"] for c in variation.get("condition") or []}


def matches(condition: dict[str, Any], slots: dict[str, Any]) -> bool:
    """Rasa 3.6's rule (rasa/core/nlg/generator.py `_matches_filled_slots`): equal, strings casefolded."""
    for name, wanted in condition.items():
        value = slots.get(name)
        if isinstance(value, str) and isinstance(wanted, str):
            if value.casefold() != wanted.casefold():
                return False
        elif value != wanted:
            return False
    return True


def chosen(variations: list[dict], slots: dict[str, Any]) -> list[dict]:
    """The variations Rasa would choose among for these slot values: matching conditions, else the rest."""
    conditional = [v for v in variations if v.get("condition") and matches(condition_of(v), slots)]
    return conditional or [v for v in variations if not v.get("condition")]


def texts_in_mode(mode: str) -> set[str]:
    """Every text written for one mode: domain variations, the complaint form's words and the lines actions add."""
    texts = {v["text"] for variations in domain_responses().values() for v in variations if variation_mode(v) == mode}
    texts |= {text for m, _, text in form_content.all_texts() if m == mode}
    texts |= {OTHER_LANGUAGE_LINE[mode]} if mode in OTHER_LANGUAGE_LINE else set()
    texts |= {ASKED_AGAIN_LINE[mode]} if mode in ASKED_AGAIN_LINE else set()
    texts |= {CHIEF_OFFICER_LINE[mode]} if mode in CHIEF_OFFICER_LINE else set()
    texts |= {DOMESTIC_ABUSE_LINE[mode]} if mode in DOMESTIC_ABUSE_LINE else set()
    texts |= {CANNOT_PHONE_LINE[mode]} if mode in CANNOT_PHONE_LINE else set()
    texts |= {line[mode] for line in DETAIL_LINES.values() if mode in line}
    texts |= {line[mode] for line in after_crisis.LINES.values() if mode in line}
    texts |= {line[mode] for line in complaint_status.LINES.values() if mode in line}
    texts |= {text for m, _, text in glossary_texts() if m == mode}
    return texts | ({SAFETY_LINE[mode]} if mode in SAFETY_LINE else set())


def all_texts() -> list[Text]:
    """Domain responses, the form's words, the danger replies, the lines actions add, the glossary and the gateway's own
    messages."""
    texts = [
        Text(f"domain {name}[{number}]", variation_mode(variation), variation["text"])
        for name, variations in domain_responses().items()
        for number, variation in enumerate(variations)
    ]
    texts += [Text(f"{where} ({mode})", mode, text) for mode, where, text in form_content.all_texts()]
    texts += [Text(f"{where} ({mode})", mode, text) for mode, where, text in clarify_content.all_texts()]
    texts += [Text(f"danger reply {level}/{lang}", lang, text) for (level, lang), text in REPLIES.items()]
    texts += [
        Text(f"danger reply, 999 called, {kind}/{lang}", lang, text) for (kind, lang), text in CALLED_REPLIES.items()
    ]
    texts += [Text(f"safety line/{mode}", mode, text) for mode, text in SAFETY_LINE.items()]
    texts += [Text(f"other-language line/{mode}", mode, text) for mode, text in OTHER_LANGUAGE_LINE.items()]
    texts += [Text(f"asked-again line/{mode}", mode, text) for mode, text in ASKED_AGAIN_LINE.items()]
    texts += [Text(f"chief-officer line/{mode}", mode, text) for mode, text in CHIEF_OFFICER_LINE.items()]
    texts += [Text(f"domestic-abuse line/{mode}", mode, text) for mode, text in DOMESTIC_ABUSE_LINE.items()]
    texts += [Text(f"cannot-phone line/{mode}", mode, text) for mode, text in CANNOT_PHONE_LINE.items()]
    texts += [
        Text(f"detail line {key}/{mode}", mode, text)
        for key, line in DETAIL_LINES.items()
        for mode, text in line.items()
    ]
    texts += [
        Text(f"after-crisis line {key}/{mode}", mode, text)
        for key, line in after_crisis.LINES.items()
        for mode, text in line.items()
    ]
    texts += [
        Text(f"complaint-status line {key}/{mode}", mode, text)
        for key, line in complaint_status.LINES.items()
        for mode, text in line.items()
    ]
    texts += [Text(f"{where} ({mode})", mode, text) for mode, where, text in glossary_texts()]
    return texts + gateway_texts()


def glossary_texts() -> list[tuple[str, str, str]]:
    """(mode, where, text) for every explanation of a word (texts/glossary.json) and the line for a word we do not know."""
    entries = {
        **{f"glossary {term}": entry for term, entry in glossary().items()},
        "glossary unknown": UNKNOWN_WORD_LINE,
    }
    return [(mode, where, entry[mode]) for where, entry in entries.items() for mode in ("en", "easy_read", "cy")]


def gateway_texts() -> list[Text]:
    """What the gateway says itself (bot/routing/canned.py), in both languages, with sample values."""
    texts = []
    for name, value in vars(canned).items():
        if isinstance(value, Reply):
            texts.append(Text(f"gateway {name}", "en", value.text))
            if value in canned.WELSH:
                texts.append(Text(f"gateway {name} (cy)", "cy", canned.WELSH[value].text))
        elif isinstance(value, str) and name.isupper() and " " in value:
            texts.append(Text(f"gateway {name}", "en", value))
    for mode, replies in canned.URGENT_NOBODY_AVAILABLE.items():
        texts += [Text(f"gateway URGENT_NOBODY_AVAILABLE[{n}] ({mode})", mode, r.text) for n, r in enumerate(replies)]
    for language in ("en", "cy"):
        texts += [
            Text(f"gateway staff_joined ({language})", language, canned.staff_joined("Sam", language).text),
            Text(f"gateway transferred ({language})", language, canned.transferred("Sam", language).text),
            Text(f"gateway too_long ({language})", language, canned.too_long(2000, language).text),
        ]
    return texts
