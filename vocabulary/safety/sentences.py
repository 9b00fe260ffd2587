"""A message's sentences and clauses: a crisis often comes last, after a complaint told as past."""

from __future__ import annotations

import re

# Sentences, clauses after "anyway"/"but"/"sorry", and lines.
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+|\s*;\s*|,\s+(?=(?:and|but|anyway|so|sorry|now|tonight)\b)")
MAX_PARTS = 12
_COMMA = re.compile(r",\s+|\s+-\s+|\s+and\s+")


def parts_of(text: str) -> list[str]:
    """The message's sentences and clauses (none when it is one already)."""
    parts = [p.strip() for p in _SPLIT.split(text) if p and len(p.split()) >= 2]
    return parts[-MAX_PARTS:] if len(parts) > 1 else []


def clauses_of(text: str) -> list[str]:
    """Its parts and, finer, their clauses (by commas and "and"): "he's hitting her rn, police didn't come last time"."""
    parts = parts_of(text) or [text]
    clauses = [c.strip() for part in parts for c in _COMMA.split(part) if len(c.split()) >= 3]
    return list(dict.fromkeys(parts + clauses))[-2 * MAX_PARTS :]
