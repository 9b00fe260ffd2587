"""The one loader for texts people read that are not Rasa responses (those live in domain/).

Each topic is one JSON file in texts/ at the top of the repository, keyed by language mode
("en", "easy_read", "young_person", "cy") wherever the words differ by audience.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"


class UnknownTexts(LookupError):
    """No texts/<name>.json: the message names the files that do exist."""


@cache
def load(name: str) -> Any:
    """The parsed contents of texts/<name>.json (shared: treat it as read-only)."""
    path = TEXTS_DIR / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in TEXTS_DIR.glob("*.json"))) or "none"
        raise UnknownTexts(f"no texts called {name!r} in {TEXTS_DIR} (known: {known})")
    return json.loads(path.read_text("utf-8"))


def names() -> list[str]:
    """Every topic in texts/, for the content tests and the content register."""
    return sorted(p.stem for p in TEXTS_DIR.glob("*.json"))
