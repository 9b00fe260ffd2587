"""How one assistant reply looks on each channel: web frames, SMS parts and Telegram keyboards."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.routing.messages import Button, Reply
from vocabulary import texts


def match_option(text: str, buttons: Sequence[Button]) -> Button | None:
    """The button a typed reply picks: its number ("2", "2.") or its exact title, else None."""
    if not buttons:
        return None
    number = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", text)
    if number:
        index = int(number.group(1)) - 1
        return buttons[index] if 0 <= index < len(buttons) else None
    wanted = text.strip().casefold()
    for button in buttons:
        if button.title.strip().casefold() == wanted:
            return button
    return None


# --- SMS ------------------------------------------------------------------------------------------

# GSM 03.38 default alphabet (one septet each) and its extension table (escape + char = two septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

# Typographic characters that would silently switch a whole SMS to UCS-2 (70 characters a segment
# instead of 160) although a plain equivalent reads the same. Assistant copy is full of them.
_SMS_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        "\u00b7": "-",
        "\t": " ",
    }
)

SMS_SEGMENT_BUDGET = 3


def sms_plain(text: str) -> str:
    """Replace typographic punctuation with GSM-7 equivalents so messages stay cheap."""
    return text.translate(_SMS_PLAIN)


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def _units(text: str) -> list[int]:
    """The size of each character in the encoding the whole text needs (septets or UTF-16 units)."""
    if is_gsm7(text):
        return [2 if ch in GSM7_EXTENDED else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def sms_segments(text: str) -> int:
    """How many SMS segments `text` costs (GSM-7: 160/153 septets; UCS-2: 70/67 code units)."""
    if not text:
        return 1
    gsm = is_gsm7(text)
    single, multi = (160, 153) if gsm else (70, 67)
    units = _units(text)
    if sum(units) <= single:
        return 1
    # Characters are never split across segments (an escape pair or surrogate pair stays whole),
    # so pack greedily rather than dividing.
    segments, used = 1, 0
    for size in units:
        if used + size > multi:
            segments, used = segments + 1, 0
        used += size
    return segments


def options_line(buttons: Sequence[Button]) -> str:
    """'Reply 1 for Yes, 2 for No.' for buttons on SMS (words in texts/gateway.json)."""
    words = texts.load("gateway")["sms_options"]["en"]
    choices = [words["choice"].format(number=n, title=b.title.strip()) for n, b in enumerate(buttons, start=1)]
    return words["text"].format(choices=", ".join(choices))


_BOUNDARY = re.compile(r"(?<=[.!?])[ \t]+|\n+")


def _pieces(text: str) -> list[tuple[str, str]]:
    """Sentences (and lines) of `text`, each with the separator that preceded it (" " or "\n")."""
    pieces: list[tuple[str, str]] = []
    position, separator = 0, ""
    for match in _BOUNDARY.finditer(text):
        piece = text[position : match.start()].strip()
        if piece:
            pieces.append((piece, separator))
        separator = "\n" if "\n" in match.group() else " "
        position = match.end()
    tail = text[position:].strip()
    if tail:
        pieces.append((tail, separator))
    return pieces


def _fits(text: str, budget: int) -> bool:
    return sms_segments(text) <= budget


def _split_long(piece: str, budget: int) -> list[str]:
    """Split one over-long sentence at spaces, or anywhere if a single word is too long."""
    parts: list[str] = []
    current = ""
    for word in piece.split(" "):
        candidate = f"{current} {word}" if current else word
        if _fits(candidate, budget):
            current = candidate
            continue
        if current:
            parts.append(current)
        while not _fits(word, budget):
            cut = len(word)
            while cut > 1 and not _fits(word[:cut], budget):
                cut = max(1, math.floor(cut * 0.9))
            parts.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        parts.append(current)
    return parts


def split_sms(text: str, budget: int = SMS_SEGMENT_BUDGET, keep_last: str | None = None) -> list[str]:
    """Split `text` into SMS bodies of at most `budget` segments each, at sentence boundaries.

    Line breaks inside a body are kept. `keep_last` (the numbered options) is never split and
    always ends the last body.
    """
    units: list[tuple[str, str]] = []
    for piece, separator in _pieces(text):
        if _fits(piece, budget):
            units.append((piece, separator))
        else:
            units.extend((part, separator if i == 0 else " ") for i, part in enumerate(_split_long(piece, budget)))
    if keep_last:
        units.append((keep_last, "\n"))
    bodies: list[str] = []
    current = ""
    for unit, separator in units:
        candidate = f"{current}{separator or ' '}{unit}" if current else unit
        if _fits(candidate, budget):
            current = candidate
        else:
            bodies.append(current)
            current = unit
    if current:
        bodies.append(current)
    return bodies or [""]


def render_sms(reply: Reply, budget: int = SMS_SEGMENT_BUDGET) -> list[str]:
    """The SMS bodies for one reply: plain punctuation, numbered options, within the budget."""
    options = options_line(reply.buttons) if reply.buttons else None
    return split_sms(sms_plain(reply.text), budget, keep_last=sms_plain(options) if options else None)


# --- Telegram ------------------------------------------------------------------------------------

TELEGRAM_MAX_CHARS = 4096


def split_telegram(text: str) -> list[str]:
    """Telegram refuses messages over 4096 characters; split longer ones at sentence boundaries."""
    if len(text) <= TELEGRAM_MAX_CHARS:
        return [text]
    bodies, current = [], ""
    for piece, separator in _pieces(text):
        while len(piece) > TELEGRAM_MAX_CHARS:
            bodies.extend([current] if current else [])
            current = ""
            bodies.append(piece[:TELEGRAM_MAX_CHARS])
            piece = piece[TELEGRAM_MAX_CHARS:]
        candidate = f"{current}{separator or ' '}{piece}" if current else piece
        if len(candidate) <= TELEGRAM_MAX_CHARS:
            current = candidate
        else:
            bodies.append(current)
            current = piece
    if current:
        bodies.append(current)
    return bodies


def telegram_callback_data(message_id: int, index: int) -> str:
    """Callback data names the stored message and button, not the payload: Telegram caps it at 64 bytes."""
    return f"b:{message_id}:{index}"


def parse_callback_data(data: str | None) -> tuple[int, int] | None:
    match = re.fullmatch(r"b:(\d{1,18}):(\d{1,2})", data or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def telegram_keyboard(message_id: int, buttons: Iterable[Button]) -> dict[str, Any] | None:
    """An inline keyboard (one button a row, so long titles stay readable) or None."""
    rows = [
        [{"text": b.title[:64], "callback_data": telegram_callback_data(message_id, i)}] for i, b in enumerate(buttons)
    ]
    return {"inline_keyboard": rows} if rows else None
