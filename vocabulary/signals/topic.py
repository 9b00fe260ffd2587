"""Does a message talk about a strip search? Young people then get words written for that case.

Standard library only, like the other signals.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

_STRIP_SEARCH = re.compile(
    r"\bstrip ?search(?:ed|es|ing)?\b"
    r"|\bstrip(?:ped)? (?:me|him|her|them|us) (?:off|naked)\b"
    r"|\b(?:took|take|taking) (?:off )?(?:my|his|her|their|our) (?:clothes|clothing|pants|underwear|trousers)(?: off)?\b"
    r"|\bmade (?:me|him|her|them|us) (?:take|strip|undress|get undressed)\b"
    r"|\bclothes off\b"
    # Welsh: "searched naked", "take off my clothes".
    r"|\bchwilio'?n noeth\b|\btynnu (?:fy|ei|eu) (?:nillad|dillad)\b"
)


def mentions_strip_search(text: str) -> bool:
    """True when the message describes being made to take clothes off, or says "strip search"."""
    return _STRIP_SEARCH.search(normalise(text)) is not None
