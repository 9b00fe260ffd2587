"""The guess that stands when a component sets the classifier's guess aside.

Two components set a guess aside: the route clarifier, when the words rule an intent out ("I did not say stop",
`vocabulary/signals/ending.py`), and the danger check, when it does not confirm a danger guess. Both then act on the
best intent left that the words do not rule out, or on `nlu_fallback` when that is too unlikely to act on. One rule,
so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Collection, Dict, List, Optional

from vocabulary.signals.ending import ruled_out

FALLBACK = "nlu_fallback"
# The FallbackClassifier's threshold in config.yml (tests/test_project_contracts.py keeps the two equal): a next
# guess below it is no more worth acting on than a first guess would be.
FALLBACK_THRESHOLD = 0.3

Ranked = Dict[str, Any]


def next_guess(
    ranking: List[Ranked], text: str, set_aside: Collection[str], first: Optional[str] = None
) -> tuple[Ranked, List[Ranked]]:
    """(the intent to act on, the ranking left) once the `set_aside` intents, the fallback and every intent the words
    rule out are gone. `first`, when given, is put at the top: the caller knows the route better than the ranking."""
    left = [
        r
        for r in ranking
        if r.get("name") not in (*set_aside, FALLBACK, first) and not ruled_out(r.get("name") or "", text)
    ]
    if first is not None:
        left = [{"name": first, "confidence": 1.0}, *left]
    best: Ranked = left[0] if left else {"name": FALLBACK, "confidence": 0.0}
    confidence = float(best.get("confidence") or 0.0)
    if confidence < FALLBACK_THRESHOLD:
        best = {"name": FALLBACK, "confidence": 1.0 - confidence}
    return best, left
