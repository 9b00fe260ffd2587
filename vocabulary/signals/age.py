"""Does a message show that the writer is under 18?

Only what people say about themselves counts: an age they give as their own, or being at school.
Text-speak alone is not enough, and a parent writing about "my 15 year old son" is not a child.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

_NOT_AN_AGE = r"(?!\s*(?:%|pounds|quid|mins?|minutes|hours|days|weeks|months|times|officers|police|cops|miles|stone))"
# "I'm 15", "im only 16", "I am aged 14", "am only 15", "my age is 15"; Welsh "dw i'n 15 oed", "rydw i'n 15".
_FIRST_PERSON_AGE = re.compile(
    r"\b(?:i'?m|i am|im|am only|am just|my age is|i'?m aged|i am aged)\s+(?:only\s+|just\s+|aged\s+)?(\d{1,2})\b"
    + _NOT_AN_AGE
    + r"|\b(?:dw i'?n|dwi'?n|rydw i'?n|rwy'?n|rwyf i'?n|dw i ond yn|dwi ond yn)\s*(\d{1,2})\b(?:\s*(?:oed|mlwydd))?"
)
# "15 years old" on its own ("15 yrs old", "I'm a 15 year old"), but not "my 15 year old son" or "he's 15".
_YEARS_OLD = re.compile(
    r"(?<![\w'])(\d{1,2})[ -]?(?:yrs?|years?)[ -]?old\b"
    r"(?!\s*(?:son|daughter|child|kid|boy|girl|lad|brother|sister|nephew|niece|grandson|granddaughter|grandchild|"
    r"friend|mate|cousin|stepson|stepdaughter|pupil|student)s?\b)"
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:he|she|they|him|her|his|their|he'?s|she'?s|they'?re|son|daughter|child|kid|boy|girl|lad|brother|sister|"
    r"friend|mate|officer|man|woman|someone|somebody|it)\b|\b(?:my|our|a|an|the|your)\s*$"
)
_AT_SCHOOL = re.compile(
    r"\bme\b[^.?!]{0,40}\b(?:at|after|before|outside|near) school\b"
    r"|\b(?:at|after|before|outside|near) my school\b"
    r"|\bmy (?:teacher|head ?teacher|form tutor|sixth form)\b"
    r"|\b(?:i'?m|i am|im) (?:in|at) (?:year (?:[7-9]|1[0-3])|sixth form|school)\b"
)
# Someone writing about their own child: school words then describe the child, not the writer.
_ABOUT_A_CHILD = re.compile(
    r"\b(?:my|our)\s+(?:\d{1,2}[ -]?(?:yrs?|years?)[ -]?old\s+)?"
    r"(?:son|daughter|child|kid|kids|children|boy|girl|lad|grandson|granddaughter|grandchild|nephew|niece|"
    r"stepson|stepdaughter|pupil|student)s?\b"
)


def _is_a_child_age(text: str) -> bool:
    return 8 <= int(text) <= 17


def says_under_18(text: str) -> bool:
    """True when the writer says they are under 18 or clearly at school themselves."""
    normal = normalise(text)
    for match in _FIRST_PERSON_AGE.finditer(normal):
        if _is_a_child_age(match.group(1) or match.group(2)):
            return True
    about_a_child = _ABOUT_A_CHILD.search(normal) is not None
    for match in _YEARS_OLD.finditer(normal):
        clause = re.split(r"[.!?,;]", normal[: match.start()])[-1]
        mine = re.search(r"\b(?:i'?m|i am|im)(?:\s+an?)?\s*$", clause) is not None
        if _is_a_child_age(match.group(1)) and (mine or not (about_a_child or _SOMEONE_ELSE.search(clause))):
            return True
    return not about_a_child and _AT_SCHOOL.search(normal) is not None
