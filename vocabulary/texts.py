"""The one loader for texts people read that are not Rasa responses (those live in domain/).

Each topic is one JSON file in texts/ at the top of the repository. Keys starting with "#" are notes
for the people who edit the words; the loader drops them. Texts that differ by audience are keyed by
mode: standard English, Easy Read, young people (only where the words differ) and Welsh (whatever
the audience), as the responses in the domain are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"

STANDARD = "en"
EASY_READ = "easy_read"
YOUNG_PERSON = "young_person"
WELSH = "cy"
MODES = (STANDARD, EASY_READ, YOUNG_PERSON, WELSH)


class UnknownTexts(LookupError):
    """No texts/<name>.json: the message names the files that do exist."""


def _without_notes(entries: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entries.items() if not key.startswith("#")}


@cache
def load(name: str) -> Any:
    """The parsed contents of texts/<name>.json without its notes (shared: treat it as read-only)."""
    path = TEXTS_DIR / f"{name}.json"
    if not path.is_file():
        raise UnknownTexts(f"no texts called {name!r} in {TEXTS_DIR} (known: {', '.join(names()) or 'none'})")
    return json.loads(path.read_text("utf-8"), object_hook=_without_notes)


def names() -> list[str]:
    """Every topic in texts/, for the content tests and the content register."""
    return sorted(p.stem for p in TEXTS_DIR.glob("*.json"))


def mode(language: str | None = STANDARD, audience: str | None = None) -> str:
    """Welsh whatever the audience; otherwise Easy Read, young person or standard English."""
    if language == WELSH:
        return WELSH
    return audience if audience in (EASY_READ, YOUNG_PERSON) else STANDARD


def fallbacks(language: str | None = STANDARD, audience: str | None = None) -> tuple[str, ...]:
    """The modes to look in, in order: the person's own, then standard English."""
    chosen = mode(language, audience)
    return (chosen, STANDARD) if chosen != STANDARD else (STANDARD,)
