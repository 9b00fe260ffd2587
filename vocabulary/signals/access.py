"""Does a message say the writer cannot use a phone (deaf, hard of hearing, no speech)? Then nobody offers them a
call, and they hear of email and text relay instead.

Standard library only, like the other signals.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

# The safeguarding flag the actions set and the gateway reads (no call-back offer).
CANNOT_PHONE_FLAG = "cannot_phone"

_CANNOT_PHONE = re.compile(
    r"\b(?:i'?m|im|i am|am|i'?ve gone|i was born) (?:profoundly |partially |totally |completely )?deaf\b|\bdeaf (?:person|man|woman|people)\b"
    r"|\bhard of hearing\b|\b(?:bsl|british sign language|sign language|relay uk|text relay|video relay|textphone|minicom)\b"
    r"|\b(?:i )?(?:can'?t|cannot|cant|can not|unable to) (?:use (?:a |the )?(?:phone|telephone)|phone|call|ring|"
    r"talk on the (?:phone|telephone)|hear on the (?:phone|telephone)|speak on the (?:phone|telephone)|do phone calls)\b"
    # Not someone who cannot reach somebody else ("i cant call them, they never answer"), nor "i can't call that fair".
    r"(?! (?:them|him|her|anyone|anybody|the police|my|999|101|that|it|this)\b)"
    r"|\b(?:i )?(?:don'?t|dont|do not) (?:use (?:a |the )?(?:phone|telephone)|talk on the (?:phone|telephone)|do phone calls)\b"
    # "please don't call me", but not "don't call me a liar".
    r"|\b(?:don'?t|dont|do not) (?:call|phone|ring) me(?: back)?(?=\s*(?:$|[.,!?;]|please\b|on\b|at\b|i\b|as\b|because\b))"
    r"|\b(?:i'?m|im|i am) (?:mute|non[- ]?verbal|nonverbal)\b"
    r"|\b(?:rwy'?n|dw i'?n|dwi'?n) fyddar\b|\biaith arwyddion\b|\bna alla i (?:ddim )?ffonio\b"
)


def cannot_phone(text: str) -> bool:
    """True when the writer says they are deaf, cannot use a phone, or asks about sign language or text relay."""
    return _CANNOT_PHONE.search(normalise(text)) is not None
