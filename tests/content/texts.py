"""Every fixed text the assistant can send, with where it comes from."""

from __future__ import annotations

import yaml

from actions.form_content import FEEDBACK, QUESTIONS
from bot.channels.rendering import Reply
from bot.routing import canned
from bot.safety.danger import REPLIES
from bot.settings import ROOT


def all_texts() -> list[tuple[str, str]]:
    """(where, text) for domain responses, the form's words and the danger replies (English)."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    texts = []
    for name, variants in domain["responses"].items():
        for number, variant in enumerate(variants):
            texts.append((f"domain.yml {name}[{number}]", variant["text"]))
    texts += [(f"form question {slot}", q["text"]) for slot, q in QUESTIONS.items()]
    texts += [(f"form feedback {key}", text) for key, text in FEEDBACK.items()]
    texts += [(f"danger reply {level}/{lang}", text) for (level, lang), text in REPLIES.items() if lang == "en"]
    return texts + gateway_texts()


def gateway_texts() -> list[tuple[str, str]]:
    """What the gateway says itself (bot/routing/canned.py), with sample values filled in."""
    texts = []
    for name, value in vars(canned).items():
        if isinstance(value, Reply):
            texts.append((f"gateway {name}", value.text))
        elif isinstance(value, str) and name.isupper() and " " in value:
            texts.append((f"gateway {name}", value))
    texts += [("gateway staff_joined", canned.staff_joined("Sam").text), ("gateway transferred", canned.transferred("Sam").text),
              ("gateway too_long", canned.too_long(2000).text)]
    return texts
