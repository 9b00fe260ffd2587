"""Understand rough dates ("last May", "2 weeks ago") well enough to spot old incidents."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "couple of": 2,
    "few": 3,
}


def _end_of_month(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def latest_possible_date(text: str, today: date) -> date | None:
    """The latest date `text` could mean ("last May" -> 31 May), or None when it can't be read."""
    t = text.lower().strip()
    if re.search(r"\b(today|tonight|this morning|earlier)\b", t):
        return today
    if re.search(r"\b(yesterday|last night)\b", t):
        return today - timedelta(days=1)
    m = re.search(
        r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple of|few) "
        r"(day|week|month|year)s? ago\b",
        t,
    )
    if m:
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
        return today - timedelta(days=count * _UNITS[m.group(2)])
    m = re.search(r"\blast (week|month|year)\b", t)
    if m:
        if m.group(1) == "year":
            return date(today.year - 1, 12, 31)
        return today - timedelta(days=_UNITS[m.group(1)])
    m = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b", t)
    if m:
        day, month, year = (int(g) for g in m.groups())
        year += 2000 if year < 100 else 0
        try:
            return date(year, month, day)
        except ValueError:
            return None
    year_match = re.search(r"\b(19[5-9]\d|20\d\d)\b", t)
    # "it may have been…" is not the month of May.
    t_months = re.sub(r"\bmay (be|have|not|of)\b", " ", t)
    named_month = next((n for name, n in MONTHS.items() if re.search(rf"\b{name}\b", t_months)), None)
    if named_month:
        year = int(year_match.group(1)) if year_match else today.year
        if not year_match and date(year, named_month, 1) > today:
            year -= 1
        return min(_end_of_month(year, named_month), today)
    if year_match:
        return min(date(int(year_match.group(1)), 12, 31), today)
    return None


def older_than_a_year(text: str, today: date) -> bool:
    """True only when `text` surely means a date over 12 months before `today`."""
    when = latest_possible_date(text, today)
    return when is not None and (today - when).days > 365


# Words that place an answer in time; an answer to "When?" without any of them is probably more of the story.
_WHEN_WORDS = re.compile(
    r"\b(?:today|2day|tonight|2nite|yesterday|tomorrow|ago|last|this (?:morning|afternoon|evening|week|month|year)|"
    r"morning|afternoon|evening|night|weekend|week|weeks|month|months|year|years|yr|yrs|recently|just now|earlier|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"christmas|xmas|easter|summer|winter|spring|autumn|halloween|bonfire night|new year|"
    r"\d{1,2}(?:st|nd|rd|th)|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|(?:19|20)\d\d|"
    r"ddoe|heddiw|neithiwr|heno|wythnos|mis|blwyddyn|mlynedd|bore|prynhawn|nos|dydd \w+)\b"
)


def says_when(text: str) -> bool:
    """True when an answer to "When did it happen?" places it in time at all ("last Tuesday", "3 weeks ago")."""
    t = text.lower()
    return latest_possible_date(t, date.today()) is not None or _WHEN_WORDS.search(t) is not None
