"""Does an unclear message describe something serious involving the police?

Only used when the classifier is unsure (its fallback): someone describing a death in custody must
never be asked to "say it another way". Standard library only: it runs inside Rasa.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise
from vocabulary.signals.topic import mentions_strip_search

_POLICE = (
    r"(?:police|polic|officers?|cops?|coppers?|feds|old bill|cell|custody|arrest(?:ed)?|station|pc|pcso|detectives?|police car|van|chase|pursuit|taser(?:ed)?|"
    # Welsh, with the mutated forms a sentence gives them (plismon / blismon, dalfa / ddalfa, gorsaf / orsaf).
    r"heddlu|(?:p|b|ph|m)lism(?:on|yn)|swyddog\w*|dd?alfa|gell|g?orsaf)"
)
_NEAR = r"\b{a}\b(?:\W+\w+){{0,12}}?\W+{b}\b"

_SERIOUS = [
    # A death or serious injury during or after police contact.
    r"(?:died|dead|death|killed|passed away|suicide|hanged|hung himself|hung herself|hospital|intensive care|icu|coma|unconscious|brain damage|broken (?:arm|leg|ribs?|jaw|nose|neck)|overdose|overdosed|self[- ]?harmed|tried to (?:hang|kill)|"
    r"bu farw|farw|marw|ysbyty|anymwybodol|asennau)",
    # Strip searches and sexual misconduct by an officer.
    r"(?:strip ?search(?:ed)?|took (?:my|his|her) clothes off|made me (?:take|strip)|sexual(?:ly)?|sex with|touched me|keeps messaging|wants to meet up|relationship with|"
    r"(?:d|dd|n)illad|noeth|rhywiol|(?:c|g|ngh|ch)yffwrdd)",
]
_patterns = [re.compile(_NEAR.format(a=_POLICE, b=s)) for s in _SERIOUS] + [
    re.compile(_NEAR.format(a=s, b=_POLICE)) for s in _SERIOUS
]


def looks_serious(text: str) -> bool:
    """True when police words and words of death, serious injury or sexual misconduct appear together."""
    normal = normalise(text)
    return any(p.search(normal) for p in _patterns)


# What makes a complaint a serious incident (the urgent queue): death, serious injury, sexual
# misconduct, corruption, discrimination or assault of real gravity, or the person saying it is serious.
_GRAVITY = re.compile(
    r"\b(?:died|dies|dead|death|killed|passed away|suicide|hanged|overdos\w*|hospital|a&e|intensive care|icu|coma|"
    r"unconscious|brain (?:damage|injur\w*)|fractured?|stitches|paraly[sz]ed|blinded|internal bleeding|punctured lung|"
    r"(?:broke|broken|snapped|cracked|dislocated) (?:\w+'?\w* ){0,3}?(?:arm|leg|ribs?|jaw|nose|neck|spine|"
    r"skull|collar ?bone|wrist|hip|ankle|cheek ?bone|eye socket|shoulder|bones?|teeth)|broke (?:my|his|her|their) back|"
    r"seriously (?:hurt|injured)|serious(?:ly)? injur\w*|"
    r"sexual\w*|sex|rape\w*|raped|groped|touched me|strip ?search\w*|naked|forced (?:himself|herself) on|"
    r"(?:slept|sleep|sleeping) with (?:him|her|them|me)|exposed himself|indecent\w*|nudes|"
    r"relationship with|(?:wants?|wanting|wanted|asked for|asking for|pushing for) (?:a )?relationship|asked me out|keeps? messag\w*|"
    r"wants? to meet|date with|"
    r"corrupt\w*|bribe\w*|backhander|paid off|tipped off|leak\w*|selling (?:drugs|information)|planted|on the take|"
    r"(?:dealing|deals|sells|selling|running) (?:drugs|a drugs? line|county lines)|drugs? line|"
    r"racis\w*|racial\w*|homophob\w*|transphob\w*|hate crime|discriminat\w*|because (?:i'?m|i am|he'?s|she'?s) (?:black|gay|trans|muslim|disabled|jewish)|"
    r"very serious|really serious|serious incident|so serious|beat (?:me|him|her|them) up|beaten|punched|kicked|stamped|tasered|"
    r"marw|farw|ysbyty|anymwybodol|asennau|noeth|tynnu (?:fy |ei |eu )?(?:d|dd|n)illad|(?:c|g|ngh|ch)yffwrdd|rhywiol|llygredig|llwgrwobr|hiliol|difrifol)"
)


def has_gravity(text: str) -> bool:
    """True when the message names something of serious-incident gravity, or says it is serious."""
    return _GRAVITY.search(normalise(text)) is not None or mentions_strip_search(text)


# Someone of the writer's own: "my son", "our dad", "my little brother", "fy mab", "fy nhad".
_SOMEONE_CLOSE = re.compile(
    r"\b(?:my|our|me) (?:\w+ )?(?:son|daughter|child|boy|girl|baby|brother|sister|mum|mam|mom|mother|dad|father|"
    r"husband|wife|partner|boyfriend|girlfriend|fianc[eé]e?|nan|gran|grandad|grandma|grandson|granddaughter|nephew|"
    r"niece|cousin|uncle|aunt(?:ie)?|family)\b"
    r"|\bfy (?:mab|merch|mhlentyn|mrawd|chwaer|mam|nhad|ngŵr|ngwr|ngwraig|mhartner|nheulu)\b"
    # Said the other way round: "I'm his MOTHER" (round 51: tester-d §10 heard "we cannot talk about it").
    r"|\b(?:i'?m|im|i am|i was) (?:his|her|their) (?:\w+ )?(?:mum|mam|mom|mother|dad|father|sister|brother|son|daughter|"
    r"wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|nan|gran|grandad|grandma|family|next of kin)\b"
    r"|\b(?:fi yw|fi ydy|dw i'?n|rydw i'?n) (?:ei |eu )?(?:fam|mam|dad|tad|chwaer|frawd|brawd|wraig|ŵr|wr|bartner)\b"
)


def tells_of_someone_close(text: str) -> bool:
    """True when the message speaks of someone of the writer's own family or partner."""
    return _SOMEONE_CLOSE.search(normalise(text)) is not None
