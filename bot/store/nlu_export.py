"""Corrected messages as Rasa NLU YAML, with personal details removed, for a person to review.

Each message is redacted (bot/store/redact.py), tidied onto one line, dropped if too little is left
and de-duplicated, then grouped by intent (and by language within an intent). The YAML is built as
text so it needs nothing outside the standard library; tests parse it with PyYAML.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.store.redact import redact, without_placeholders
from bot.store.repositories.corrections import Example

# Fewer real words or letters than this (after redaction) teaches the classifier nothing.
MIN_WORDS = 2
MIN_LETTERS = 8
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh (Cymraeg): for data/nlu/cy/"}

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_WORDS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@dataclass
class Export:
    """What the export will write, and what it left out (counts only)."""

    examples: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # intent → language → texts
    # (intent, language) → the routes the assistant had chosen for those messages
    assistant_routes: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    corrections: int = 0
    too_short: int = 0
    duplicates: int = 0
    conflicting: int = 0

    @property
    def written(self) -> int:
        return sum(len(texts) for languages in self.examples.values() for texts in languages.values())


def one_line(text: str) -> str:
    """`text` on one line, safe inside a YAML block and a Rasa example.

    Control characters go, every kind of line break and space becomes one space, and square
    brackets become round ones (in Rasa's format `[words](entity)` marks an entity).
    """
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) not in ("Cs", "Co", "Cn", "Cf") or c == "\u200d"
    )
    return " ".join(kept.translate(str.maketrans("[]", "()")).split())


def usable(text: str) -> bool:
    """True if enough of the person's own words are left after redaction."""
    rest = without_placeholders(text)
    return len(_WORDS.findall(rest)) >= MIN_WORDS and len(_LETTERS.findall(rest)) >= MIN_LETTERS


def build(examples: Iterable[Example]) -> Export:
    """Redact, filter and de-duplicate corrected messages, grouped by intent and language."""
    export = Export()
    seen: set[tuple[str, str, str]] = set()
    intents_of: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for example in examples:
        export.corrections += 1
        text = one_line(redact(example.text))
        if text.startswith("/") or not usable(text):
            export.too_short += 1
            continue
        key = " ".join(text.casefold().split())
        if (example.intent, example.language, key) in seen:
            export.duplicates += 1
            continue
        seen.add((example.intent, example.language, key))
        intents_of[(example.language, key)].add(example.intent)
        export.examples.setdefault(example.intent, {}).setdefault(example.language, []).append(text)
        export.assistant_routes.setdefault((example.intent, example.language), Counter())[example.assistant_route] += 1
    export.conflicting = sum(1 for intents in intents_of.values() if len(intents) > 1)
    return export


def to_yaml(export: Export, *, since: dt.date | None, generated_at: dt.datetime) -> str:
    """The export as Rasa 3 NLU YAML, with a header saying it must be reviewed first."""
    period = f"corrections made or changed since {since.isoformat()}" if since else "all corrections"
    lines = [
        "# Messages staff marked as sent down the wrong route, with the intent they should have had.",
        "#",
        "# REVIEW BEFORE USE. A person must read every line before any of it is added to data/nlu/.",
        "# Nothing retrains the assistant automatically. Personal details were removed by",
        '# bot/store/redact.py, which misses some (for example a name with no "my name is" before it);',
        "# delete or rewrite any line that could identify someone, and any that is not a clear example.",
        "#",
        f"# Generated {generated_at.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC from {period}.",
        f"# {export.corrections} corrections with a typed message: {export.written} examples below,"
        f" {export.too_short} too short after redaction, {export.duplicates} duplicates left out.",
    ]
    if export.conflicting:
        lines.append(
            f"# {export.conflicting} message(s) appear under more than one intent: staff disagreed; decide or drop them."
        )
    lines += ['version: "3.1"', ""]
    if not export.examples:
        lines.append("nlu: []")
        return "\n".join(lines) + "\n"
    lines.append("nlu:")
    for intent in sorted(export.examples):
        for language in sorted(export.examples[intent], key=lambda code: (code != "en", code)):
            chosen = export.assistant_routes[(intent, language)].most_common()
            replaced = ", ".join(f"{route} {n}" for route, n in chosen)
            lines.append(f"# {LANGUAGE_NAMES.get(language, language)}. The assistant had chosen: {replaced}.")
            lines.append(f"- intent: {intent}")
            lines.append("  examples: |")
            lines += [f"    - {text}" for text in export.examples[intent][language]]
    return "\n".join(lines) + "\n"
