"""Does an unclear message describe something serious involving the police?

Only used when the classifier is unsure (its fallback): someone describing a death in custody must
never be asked to "say it another way". Standard library only: it runs inside Rasa.
"""

from __future__ import annotations

import re

from bot.safety.danger import normalise

_POLICE = r"(?:police|polic|officers?|cops?|coppers?|feds|old bill|cell|custody|arrest(?:ed)?|station|pc|pcso|detectives?|police car|van|chase|pursuit|taser(?:ed)?)"
_NEAR = r"\b{a}\b(?:\W+\w+){{0,12}}?\W+{b}\b"

_SERIOUS = [
    # A death or serious injury during or after police contact.
    r"(?:died|dead|death|killed|passed away|suicide|hanged|hung himself|hung herself|hospital|intensive care|icu|coma|unconscious|brain damage|broken (?:arm|leg|ribs?|jaw|nose|neck))",
    # Strip searches and sexual misconduct by an officer.
    r"(?:strip ?search(?:ed)?|took (?:my|his|her) clothes off|made me (?:take|strip)|sexual(?:ly)?|sex with|touched me|keeps messaging|wants to meet up|relationship with)",
]
_patterns = [
    re.compile(_NEAR.format(a=_POLICE, b=s)) for s in _SERIOUS
] + [re.compile(_NEAR.format(a=s, b=_POLICE)) for s in _SERIOUS]


def looks_serious(text: str) -> bool:
    """True when police words and words of death, serious injury or sexual misconduct appear together."""
    normal = normalise(text)
    return any(p.search(normal) for p in _patterns)
