"""Removing personal details from what people typed, before anyone reuses it (standard library only).

`redact(text)` replaces what it recognises with a placeholder in brackets, such as "(phone number)".
It is a first pass for a person to check, never a guarantee: docs/contact-log.md lists what it
catches and what it misses (most importantly, names with no cue such as "my name is").
"""

from __future__ import annotations

import re
from collections.abc import Callable

PHONE = "(phone number)"
EMAIL = "(email)"
LINK = "(link)"
POSTCODE = "(postcode)"
ADDRESS = "(address)"
NUMBER = "(number)"
REFERENCE = "(reference)"
VEHICLE = "(vehicle registration)"
HANDLE = "(username)"
NAME = "(name)"
DATE_OF_BIRTH = "(date of birth)"

PLACEHOLDERS = (PHONE, EMAIL, LINK, POSTCODE, ADDRESS, NUMBER, REFERENCE, VEHICLE, HANDLE, NAME, DATE_OF_BIRTH)

_I = re.IGNORECASE

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", _I)
_URL = re.compile(
    r"\b(?:https?://|www\.)\S+"
    # Bare domains: facebook.com/someone, kent.police.uk (short endings like .me or .io are left
    # alone: "hit.me" is more often a missing space than a link).
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|uk|wales|cymru)\b(?:/\S*)?",
    _I,
)

# A date: 12/03/1990, 12-3-90, 12.03.1990, 1990-03-12, 3rd March 1990, March 3 1990.
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ion|chwe|maw|ebr|mai|meh|gorff|aws|medi|hyd|tach|rhag)[a-z]*"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|af|ed|fed)?(?:\s+of)?\s+{_MONTH},?\s+\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}})"
)
# Only dates the person says are a birth date: other dates (when it happened) matter to triage.
_DATE_OF_BIRTH = re.compile(
    r"\b(?P<cue>(?:date\s+of\s+birth|d\.?o\.?b\.?|birthday|born(?:\s+on)?|dyddiad\s+geni|ganwyd)"
    rf"\s*(?:is|was|:|-)?\s*){_DATE}",
    _I,
)

_STREET_WORDS = (
    r"road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|place|pl|grove|gardens|gdns"
    r"|terrace|hill|park|square|sq|row|walk|mews|view|rise|parade|green|vale|estate|flats|heights"
)
# Words that never sit between a house number and its street name ("2 police at the park").
_NOT_STREET = (
    r"(?!(?:at|to|in|on|by|from|for|and|or|with|of|was|were|is|are|my|his|her|their|our|the|a|an|me|us|them"
    r"|police|officers?|men|people|times|days|weeks|months|years|hours|minutes|mins|pm|am)\b)"
)
_ADDRESS = re.compile(
    rf"\b(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:{_NOT_STREET}[a-z'’-]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?"
    # Welsh street names put the street word first: 12 Heol y Frenhines, 4 Ffordd Las.
    r"|\b\d{1,4}[a-z]?,?\s+(?:heol|ffordd|stryd|lôn|lon|rhodfa|cilgant)(?:\s+[a-z'’-]+){1,3}",
    _I,
)
# The last two letters of a real postcode never use C, I, K, M, O or V, which also keeps
# text-speak like "b4 2pm" out.
_POSTCODE = re.compile(r"\b(?:GIR\s*0AA|[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b", _I)
_NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", _I)
# Current UK plates (AB12 CDE); older formats look too much like ordinary words to catch safely.
_VEHICLE = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", _I)
# Runs of digits with spaces, dashes, dots or brackets; only those with 9+ digits are replaced
# (phone numbers such as 07700 900123 or +44 (0)20 7946 0000, card and account numbers), so
# 999, 101, dates and times stay.
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{6,}\d(?!\w)")
PHONE_DIGITS = 9
# Officers' collar, shoulder, badge or warrant numbers: keep the words, drop the number.
_COLLAR = re.compile(
    r"\b(?P<cue>(?:collar|shoulder|badge|warrant|epaulette|officer|id)\s*(?:number|no\.?|num|#)?\s*:?\s*"
    r"(?:(?:is|was)\s+)?"
    r"|(?:pc|pcso|ps|dc|ds|sgt|wpc|insp)\s*:?\s*)\d{2,6}\b",
    _I,
)
# Crime, incident, log or case references (3+ digits) after the word that introduces them.
_REFERENCE = re.compile(
    r"\b(?P<cue>(?:crime|incident|case|log|cad|urn|ref|reference)(?:\s+(?:ref|reference|number|no\.?|num))?"
    r"\s*[:#]?\s*(?:is\s+|was\s+)?)(?=[\w/-]*?\d(?:[\w/-]*?\d){2})[\w/-]+",
    _I,
)
# Any other word that mixes letters with four or more digits: AB1234567, 12AB3456.
_CODE = re.compile(r"\b(?=\w*\d{4})(?=\w*[a-z])\w{6,}\b", _I)
_DIGITS = re.compile(r"\b\d{5,}\b")
_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_.]{3,}", _I)

# After "my name is" and the like: up to three words, stopping at the first that is not a name.
_NAME_STOP = frozenset(
    """
    a about after also am an and are as asap at back because been before but by cos cause for from had has
    have he her here him his i im is it its just me my no not now of ok on or our please really she so sorry
    that the their them then there they this to too very was we were what when where which who why will
    with yes you your aged age years year old police officer officers
    hit said told came took pushed grabbed arrested stopped searched punched kicked shouted swore threatened
    hurt attacked assaulted held left got went says tells keeps kept lives lived works worked
    """.split()
)
_NAME_CUE = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name'?s|name\s*:|i(?:'m|’m|m|\s+am)\s+called|call\s+me"
    r"|(?:is|was|were|are|'s|’s|'re)\s+(?:called|named)"
    r"|(?:man|woman|boy|girl|officer|guy|lad|friend|son|daughter)\s+(?:called|named)"
    r"|fy\s+enw\s+(?:i\s+)?yw|enw\s+fi\s+yw|dw\s+i'?n\s+cael\s+fy\s+ngalw)[ \t]+",
    _I,
)
_WORD = re.compile(r"[a-zà-ÿĀ-ſ][a-zà-ÿĀ-ſ'’-]*", _I)
# A title or police rank before a capitalised surname: Mr Smith, PC Jones, Sergeant O'Neil.
_TITLED_NAME = re.compile(
    r"\b(?P<title>(?:(?i:mr|mrs|ms|miss|mx|dr|pc|pcso|ps|dc|ds|di|dci|sgt|wpc|insp|supt)\.?"
    r"|(?i:sergeant|constable|inspector|officer|detective|superintendent))\s+)"
    r"(?P<name>[A-ZÀ-ÞŴŶ][A-Za-zÀ-ÿĀ-ſ'’-]+(?:[ -][A-ZÀ-ÞŴŶ][A-Za-zÀ-ÿĀ-ſ'’-]+){0,2})"
)


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) < PHONE_DIGITS:
        return text
    looks_like_phone = text.lstrip("(").startswith(("0", "+")) and len(digits) <= 13
    return PHONE if looks_like_phone else NUMBER


def _keep_cue(placeholder: str) -> Callable[[re.Match[str]], str]:
    return lambda m: m.group("cue") + placeholder


def _names_after_cues(text: str, found: set[str]) -> str:
    out: list[str] = []
    position = 0
    for cue in _NAME_CUE.finditer(text):
        if cue.start() < position:
            continue
        end = cue.end()
        words: list[str] = []
        cursor = end
        while len(words) < 3:
            match = _WORD.match(text, cursor)
            if match is None or match.group().lower().strip("'’") in _NAME_STOP:
                break
            words.append(match.group())
            end = match.end()
            spaces = re.match(r"[ \t]+", text[end:])
            cursor = end + (spaces.end() if spaces else 0)
        if words:
            found.update(words)
            out.append(text[position : cue.end()] + NAME)
            position = end
    out.append(text[position:])
    return "".join(out)


def _titled_names(text: str, found: set[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        # "Officer Safety" or "Mr Big" are rare; "PC Smith" is not. Stop words are not names.
        words = match.group("name").split()
        if words[0].lower() in _NAME_STOP:
            return match.group()
        found.update(words)
        return match.group("title") + NAME

    return _TITLED_NAME.sub(replace, text)


def _same_names_again(text: str, found: set[str]) -> str:
    # "My name is Tom ... Tom was scared": once a word is known to be a name, it is one everywhere.
    names = sorted({w for w in found if len(w) > 1 and w.lower() not in _NAME_STOP}, key=len, reverse=True)
    if not names:
        return text
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w'’-])", _I)
    return pattern.sub(NAME, text)


# In order: long patterns that contain digits or dots come before the ones that would split them.
_STEPS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str], ...] = (
    (_EMAIL, EMAIL),
    (_URL, LINK),
    (_DATE_OF_BIRTH, _keep_cue(DATE_OF_BIRTH)),
    (_ADDRESS, ADDRESS),
    (_NI_NUMBER, NUMBER),
    (_VEHICLE, VEHICLE),
    (_POSTCODE, POSTCODE),
    (_DIGIT_RUN, _phone),
    (_COLLAR, _keep_cue(NUMBER)),
    (_REFERENCE, _keep_cue(REFERENCE)),
    (_CODE, REFERENCE),
    (_DIGITS, NUMBER),
    (_HANDLE, HANDLE),
)


def redact(text: str) -> str:
    """`text` with the personal details this module recognises replaced by placeholders."""
    for pattern, replacement in _STEPS:
        text = pattern.sub(replacement, text)
    names: set[str] = set()
    text = _titled_names(_names_after_cues(text, names), names)
    return _same_names_again(text, names)


def without_placeholders(text: str) -> str:
    """`text` with every placeholder removed (to judge what is left of a redacted message)."""
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, " ")
    return text
