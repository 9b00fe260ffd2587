"""Stepping away from the chat for a moment: "sorry my mum is calling, brb", "hang on me dad's shouting me".

Everyday words, never danger (vocabulary/safety/danger.py cuts them out before its checks), and no answer to a
question of the complaint form (actions/form_repair.py). Round 49: "sorry my mum is calling, brb", typed in the
middle of the questions, got the crisis lines. Standard library only, like the other signals.
"""

from __future__ import annotations

# Someone at home or work calling for the writer; never "shouting at me" or "calling me names".
CALLED_AWAY = (
    r"\b(?:my|me|our) (?:mum|mam|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|wife|husband|partner|boss"
    r"|teacher|sister|brother|friend|mate|son|daughter|kids|manager)(?: is|'s|s) (?:calling|ringing|shouting|phoning)"
    r"(?: (?:me|for me))?\b(?! at\b| (?:me )?(?:a|an|names)\b)"
)
BE_RIGHT_BACK = r"\b(?:brb|be right back)\b"
