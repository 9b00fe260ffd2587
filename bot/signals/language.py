"""Is a message written in Welsh, or asking for Welsh or English?"""

from __future__ import annotations

import re

from bot.safety.danger import normalise

# Common Welsh words that are not also common English words.
_WELSH = set(
    """
    a ac am ar at beth ble bod bore cwyn cwyno cymraeg da dw dwi dydw dyw ei eich eisiau fe fi fy
    ga gallaf gallwch gan gen gyda heddlu helo hoffwn i'r iawn lle mae mewn na nad neu nhw nid os
    pam pan plis plîs prynhawn rhywun rydw rydych sgwrs siarad sut swyddog swyddogion syr
    wedi wnaeth wnes wrth y yn yr ydw ydych ydy yma ymddiheuro diolch hwyl gwneud gymraeg gael cael
    """.split()
)
# Words that are common in English messages too ("a", "i", "am", "fe"...) do not count on their own.
_SHARED = {"a", "am", "at", "i", "fe", "fi", "na", "os", "plis", "da", "y"}
_ASKS_WELSH = re.compile(r"\b(cymraeg|gymraeg|welsh|yn gymraeg)\b")
_ASKS_ENGLISH = re.compile(r"\b(english|saesneg)\b")


def looks_welsh(text: str) -> bool:
    """True when most of the message's words are Welsh (or it names Cymraeg)."""
    words = re.findall(r"[a-zâêîôûŵŷ']+", normalise(text))
    if not words:
        return False
    welsh = [w for w in words if w in _WELSH]
    distinctive = [w for w in welsh if w not in _SHARED]
    if "cymraeg" in words or "gymraeg" in words:
        return True
    return len(distinctive) >= 2 and len(welsh) >= 0.4 * len(words)


def language_asked_for(text: str) -> str | None:
    """'cy' or 'en' when the message asks for a language, else None."""
    normal = normalise(text)
    if _ASKS_ENGLISH.search(normal):
        return "en"
    if _ASKS_WELSH.search(normal) or looks_welsh(text):
        return "cy"
    return None
