"""Does one message carry two needs that lead to different places?

A long first message often tells a story and asks for something else: a death and a review. Then we
ask which one first rather than guess (rasa_ext/clarifier.py).
Standard library only, like the other signals.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

_REVIEW = re.compile(
    r"\b(?:not upheld|outcome|review|appeal|no further action|nfa|(?:their|the) (?:decision|findings|conclusion)|"
    r"(?:force|police|psd|professional standards)(?: department)? (?:said|decided|found|concluded)|the letter said|"
    r"adolygiad|canlyniad|apelio)\b"
)


def mentions_review(text: str) -> bool:
    """True when the message talks about the outcome of a complaint or a review of it."""
    return _REVIEW.search(normalise(text)) is not None
