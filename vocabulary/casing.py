"""Shouted words in ordinary case, for the multilingual encoder, which reads capitals as different words.

People in distress often type in capitals ("PLS HELP HE ISNT BREATHING"). Measured on the visible safety
sets typed in capitals (docs/nlu-pipeline.md, round 32), the danger check missed more and sent more calm
messages urgent than on the same messages as written; put back in sentence case, they read almost as
written (plain lower case did less well on long messages). A lone word in capitals is left alone: it is
usually a name for something (IOPC, PSD, CCTV, NHS, A&E).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’&][^\W\d_]+)*")  # A&E and don't are one word each
_SENTENCE_END = re.compile(r"[.!?\n]")


def unshouted(text: str) -> str:
    """`text` with every stretch of two or more words in capitals put in sentence case; the rest unchanged."""
    words = list(_WORD.finditer(text))
    loud = [w.group(0).isupper() for w in words]
    pieces, done = [], 0
    for index, word in enumerate(words):
        beside_loud = (index > 0 and loud[index - 1]) or (index + 1 < len(words) and loud[index + 1])
        if loud[index] and beside_loud:
            starts = index == 0 or bool(_SENTENCE_END.search(text, words[index - 1].end(), word.start()))
            pieces += [text[done : word.start()], _in_sentence_case(word.group(0), starts)]
            done = word.end()
    return "".join(pieces) + text[done:]


def _in_sentence_case(word: str, starts: bool) -> str:
    if word == "I":
        return word
    lower = word.lower()
    return lower[:1].upper() + lower[1:] if starts else lower
