"""Does a message talk about a strip search (young people then get words written for that case), or about abuse at
home (the domestic abuse helpline)?

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


_PARTNER = r"(?:partner|husband|hubby|wife|boyfriend|bf|girlfriend|gf|fianc[eé]e?|ex|ex[- ]?(?:partner|husband|wife|boyfriend|girlfriend))"
_DOMESTIC_ABUSE = re.compile(
    r"\bdomestic (?:abuse|violence|abuser)\b|\bcoercive(?:ly)? control\w*\b"
    # "my partner is a police officer. he's been hitting me": the partner, then what they do to the writer.
    r"|\b(?:my|our) " + _PARTNER + r"\b.{0,120}?\b"
    # The one hurting is the partner, not an officer: "my girlfriend was searched, and the officer hurt me".
    r"(?<!officer )(?<!officers )(?<!police )(?<!cop )(?<!cops )(?<!copper )(?<!pc )"
    r"(?:hit|hits|hitting|beat|beats|beating|punch(?:ed|es|ing)|kick(?:ed|s|ing)|"
    r"slap(?:ped|s|ping)|strangl(?:ed|es|ing)|chok(?:ed|es|ing)|abus(?:ed|es|ing)|control(?:s|led|ling)?|threaten(?:ed|s|ing)|"
    r"hurt(?:s|ing)?|rap(?:ed|es|ing)) (?:me|us)\b"
    r"|\b(?:my|our) " + _PARTNER + r"\b.{0,60}?\b(?:is|was|has been|gets|got) (?:violent|abusive|controlling)\b"
    r"|\b(?:cam-?drin|trais) (?:domestig|yn y cartref)\b"
)


def mentions_domestic_abuse(text: str) -> bool:
    """True when the message tells of abuse at home: "domestic abuse", or a partner or ex hurting or controlling the writer."""
    return _DOMESTIC_ABUSE.search(normalise(text)) is not None
