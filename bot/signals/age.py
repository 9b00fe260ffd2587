"""Does a message show that the writer is under 18?

Only what people say counts: a stated age, or being at school. Text-speak alone is not enough.
"""

from __future__ import annotations

import re

from bot.safety.danger import normalise

_STATED_AGE = re.compile(
    r"\b(?:i'?m|i am|im|am only|aged?|age is|i'?m only|only)\s*(?:only\s*)?(\d{1,2})\b(?!\s*(?:%|pounds|quid|mins?|minutes|hours|days|weeks|months|times|officers|police|cops|miles))"
    r"|\b(\d{1,2})\s*(?:yrs?|years?)\s*old\b"
)
_AT_SCHOOL = re.compile(
    r"\b(?:at|after|before|outside) (?:my )?school\b|\bmy (?:teacher|head ?teacher|form tutor)\b|\bin year (?:[7-9]|1[0-3])\b|\bi'?m in year\b|\bsixth form\b"
)


def says_under_18(text: str) -> bool:
    """True when the writer says they are under 18 or clearly at school."""
    normal = normalise(text)
    for match in _STATED_AGE.finditer(normal):
        age = int(match.group(1) or match.group(2))
        if 8 <= age <= 17:
            return True
    return _AT_SCHOOL.search(normal) is not None
