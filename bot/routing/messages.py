"""A conversation's messages, whoever carries them: replies with buttons, and typed text after cleaning.

Channels (bot/channels/) shape replies for the web, SMS and Telegram; the router, the staff console
and the channels all clean what people type with `clean_text` before anything else sees it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """A quick reply: what the person sees and what is sent back to the assistant."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """One message to the person, before any channel has shaped it."""

    text: str
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] | None = field(default=None)


def buttons_from(raw: object) -> tuple[Button, ...]:
    """Buttons from a stored payload or a Rasa response, skipping anything malformed."""
    found = []
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("title"), str) and isinstance(item.get("payload"), str):
                found.append(Button(item["title"], item["payload"]))
    return tuple(found)


# C0/C1 controls, DEL, zero-width and bidi overrides: invisible characters that can hide text from
# staff reading the transcript or break rendering. Newlines and tabs are kept (people use them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CleanText:
    """Text after cleaning; `too_long` means it exceeded the cap and was cut to it."""

    text: str
    too_long: bool


def clean_text(raw: str, max_chars: int) -> CleanText:
    """NFC-normalise, drop control characters, trim, and cap at `max_chars`."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text).strip()
    if len(text) > max_chars:
        return CleanText(text[:max_chars], True)
    return CleanText(text, False)
