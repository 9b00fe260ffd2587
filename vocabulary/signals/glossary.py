"""Which words from the glossary a question names ("what does PCSO mean?", "is a call handler police staff?").

The words each explanation answers to sit beside it in texts/glossary.json, so an editor adds a way of saying a
term where its explanation is. Standard library only, like the other signals.
"""

from __future__ import annotations

import re
from functools import cache

from vocabulary import texts
from vocabulary.safety.danger import normalise

# More than two explanations in one turn is a wall of text; the person can ask about the rest.
MAX_TERMS = 2
# Longer than this, a message asking what a word means usually asks something else too: the classifier decides.
_SHORT_QUESTION_WORDS = 14
_WORDS_AFTER_THE_WORD = 3
# The shapes of "what does it mean?": "what does X mean / stand for", "meaning of X", "define X", "X meaning?", and
# Welsh "beth yw ystyr X", "be mae X yn ei feddwl".
_ASKS_MEANING = re.compile(
    r"\bwh?at (?:does|do|dose) .{1,60}? (?:mean|means|stand for|stands for)\b"
    r"|\b(?:meaning|definition|defn) of\b|\bdefine\b|\bwhat(?:'s| is) meant by\b"
    # "pcso meaning?", not "the pcso was really mean"; "what did he mean" asks what someone meant, not a word.
    r"|(?<!was )(?<!is )(?<!were )(?<!are )(?<!so )(?<!really )(?<!very )(?<!being )(?<!proper )(?<!well )"
    r"\b(?:mean|means|meaning)\W*$"
    r"|\bbeth yw ystyr\b|\bbe(?:th)?'? (?:mae|ma) .{1,60}?(?: yn|'n) (?:ei )?(?:feddwl|olygu|golygu)\b"
)
# Two words set side by side: "what's gross misconduct compared to misconduct", "is a PCSO the same as a special
# constable", Welsh "y gwahaniaeth rhwng X a Y".
_COMPARES = re.compile(
    r"\b(?:differences? between|compared? (?:to|with)|vs|versus|same (?:thing )?as"
    r"|gwahaniaeth rhwng|(?:yr )?(?:un|run) (?:fath|peth) (?:a|â|ag|efo))\b"
)
# What makes a message a question at all: a mark, or a word that asks or explains ("explain PCSO", "tazer meaning
# pls", "be di PSD", "is a special constable a real officer").
_ASKS = re.compile(
    r"\?|\b(?:what|whats|wat|wats|wot|wots|wht|who|whos|which|how|why|define|definition|meaning|means?|meant"
    r"|explain|eli5|defn|stands? for|difference|same as|vs|versus|beth|be|pwy|ystyr|esbonia|esboniwch|esbonio"
    r"|gwahaniaeth)\b|^(?:is|are|does|do|ydi|ydy|oes|ai)\b|\b(?:is|are) (?:that|it|this|they)\b"
)
# "... what does that mean?": what something said or done means, not a word.
_WHAT_THAT_MEANS = re.compile(
    r"\b(?:does|do|dose) (?:that|this|it|all (?:that|this)) (?:mean|means)\b"
    r"|\b(?:hynna|hynny|hyn)(?:'n| yn) (?:ei )?(?:feddwl|olygu|golygu)\b"
)
# Nothing but the word and a question mark: "barred list??", "a PCSO?". Without the mark it may be an answer.
_ONLY_THE_WORD = re.compile(r"^(?:(?:so|and|um|erm|a|an|the|y|yr)\W+)*$")
# Or the word straight after "what's a", "who is the", Welsh "beth yw", "be di": "whats a PCSO", "who is the PCC".
_WHAT_IS = re.compile(
    r"^(?:\W*(?:sorry|so|and|ok|okay|um|hi|hey|hello|please|pls)\W+)?"
    r"(?:(?:what|wat|wot|wht|who)(?:'s|s| is| are| r| was| were)|(?:beth|be) (?:yw|ydy|ydi|di|'di)) (?:a |an |the |y |yr )?"
)


def glossary() -> dict[str, dict]:
    """Every term's entry: the words that name it, and its explanation by mode."""
    return texts.load("glossary")["terms"]


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        # A plural ("pcsos", "cautions") names the same term; a word inside a longer word ("ex" in "next") does not.
        (re.compile(r"(?<!\w)" + re.escape(normalise(word)) + r"(?:s|es|'s)?(?!\w)"), term)
        for term, entry in glossary().items()
        for word in entry["words"]
    )


def _spans(said: str) -> list[tuple[int, int, str]]:
    """Where each term is named in normalised text, in order; where names overlap, the longest wins."""
    found = [(m.start(), m.end(), term) for pattern, term in _patterns() for m in pattern.finditer(said)]
    taken: list[tuple[int, int, str]] = []
    for start, end, term in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        overlaps = any(start < e and s < end for s, e, _ in taken)
        if not overlaps and term not in {t for _, _, t in taken}:
            taken.append((start, end, term))
    return sorted(taken)


def terms_named(text: str) -> list[str]:
    """The terms a message names, in its own order, at most MAX_TERMS. Where names overlap, the longest wins
    ("gross misconduct", not "misconduct"); a general term ("complaint") counts only when nothing else is named."""
    named = [term for _, _, term in _spans(normalise(text))]
    specific = [term for term in named if not glossary()[term].get("general")]
    return (specific or named)[:MAX_TERMS]


def asks_something(text: str) -> bool:
    """Whether a message asks or asks for an explanation at all: "PCSO" alone may answer the form's question."""
    return _ASKS.search(normalise(text)) is not None


def asks_what_that_means(text: str) -> bool:
    """Whether a message asks what "that" means ("my son was strip searched, what does that mean?")."""
    return _WHAT_THAT_MEANS.search(normalise(text)) is not None


def asks_what_a_word_means(text: str) -> bool:
    """True for a short question asking what a word in the glossary means ("whats a PCSO", "what does gross
    misconduct mean"). A general word ("what is a complaint") is left to the classifier: its own answers (what you
    can complain about, reviews) say more than the glossary."""
    said = normalise(text)
    if len(said.split()) > _SHORT_QUESTION_WORDS:
        return False
    specific = [(start, end) for start, end, term in _spans(said) if not glossary()[term].get("general")]
    if not specific:
        return False
    if _ASKS_MEANING.search(said) or (len(specific) == 2 and _COMPARES.search(said)):
        return True
    if len(specific) == 1 and "?" in said:
        start, end = specific[0]
        if _ONLY_THE_WORD.match(said[:start]) and not said[end:].strip(" ?!."):
            return True
    # "whats a PCSO", "who is the PCC for kent"; not "what is the CPS going to do about it" (another question).
    what_is = _WHAT_IS.match(said)
    return what_is is not None and any(
        start == what_is.end() and len(said[end:].split()) <= _WORDS_AFTER_THE_WORD for start, end in specific
    )
