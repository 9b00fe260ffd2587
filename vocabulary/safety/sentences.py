"""A message's sentences and clauses: a crisis often comes last, after a complaint told as past."""

from __future__ import annotations

import re

# Sentences, clauses after "anyway"/"but"/"sorry", and lines.
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+|\s*;\s*|,\s+(?=(?:and|but|anyway|so|sorry|now|tonight)\b)")
MAX_PARTS = 12
_COMMA = re.compile(r",\s+|\s+-\s+|\s+and\s+")
# A long message with no sentence breaks (text-speak, voice-to-text): overlapping runs of words (round 31).
RUN_ON_WORDS = 24
RUN_WORDS = 12
RUN_STEP = 6


def parts_of(text: str) -> list[str]:
    """The message's sentences and clauses (none when it is one already)."""
    parts = [p.strip() for p in _SPLIT.split(text) if p and len(p.split()) >= 2]
    return parts[-MAX_PARTS:] if len(parts) > 1 else []


def runs_of_words(text: str) -> list[str]:
    """Overlapping runs of words of a long message (none for a short one); the last run ends the message."""
    words = text.split()
    if len(words) < RUN_ON_WORDS:
        return []
    starts = [*range(0, len(words) - RUN_WORDS, RUN_STEP), len(words) - RUN_WORDS]
    return [" ".join(words[start : start + RUN_WORDS]) for start in starts][-MAX_PARTS:]


def clauses_of(text: str) -> list[str]:
    """Its parts and, finer, their clauses (by commas and "and"): "he's hitting her rn, police didn't come last time"."""
    parts = parts_of(text) or [text]
    clauses = [c.strip() for part in parts for c in _COMMA.split(part) if len(c.split()) >= 3]
    return list(dict.fromkeys(parts + clauses))[-2 * MAX_PARTS :]
