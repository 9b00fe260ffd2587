"""Is a message written in Welsh, or asking for Welsh or English?"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

# Common Welsh words, including greetings, yes/no forms and everyday southern and northern speech.
_WELSH = set(
    """
    a ac am ar at beth ble bod bore cwyn cwyno cymraeg da dw dwi dydw dyw ei eich eisiau fe fi fy
    ga gallaf gallwch gan gen gyda heddlu helo hoffwn i'r iawn lle mae mewn na nad neu nhw nid os
    pam pan plis plîs prynhawn rhywun rydw rydych sgwrs siarad sut swyddog swyddogion syr
    wedi wnaeth wnes wrth y yn yr ydw ydych ydy yma ymddiheuro diolch hwyl gwneud gymraeg gael cael
    shwmae shw s'mae sut'dach noswaith hwyl fawr wela nes mlaen tro nesa nawr rŵan cwbl ydw yndi
    oes cewch ie ia cywir gwnewch dyna dyma nac naddo nage byth sa credu dim hynna gadewch byd wir
    felly chi ti gyd gyd bawb rhaid fynd mynd calon waelod wybodaeth ateb gyflym te tad bendant lyfli
    'ma 'na 'ta ta-ta gyda'r efo isio moyn ishe angen help helpu plîs gofyn gwybod eisie sori
    be wyt ydy ydy'r hwn hyn sy sy'n pwy ai tu ôl ma esbonia neud maen ystyr rhif ffôn rhowch
    cyfeiriad e-bost llythyr manylion cyswllt ba galla gysylltu â atoch alla ysgrifennu dileu popeth
    amdana breifat dach defnyddio nata sïon plismon lladd dyn glywes wahardd ddamwain hynny pryd gawn
    canlyniad ymchwiliad digwyddiad gwyno ran merch ferch mab stopiwch ofyn canslwch gad fod anghofia
    gŵyn rhagor cwestiynau gorau stopia fanna gyfrifiadur berson go rhedeg union ti'n dw i'w yw
    neu'n be'n 'di 'dw roi'r i'n chi'n dwi'n mi ni nhw'r ein eu hi fo fe'i ga'i cwynion
    i ddim mae'r eto arno arni ata aton rywun hapus anhapus edrych anfon negeseuon rhywiol chanlyniad
    nghwyn natganiad datganiad gymerodd ddigwyddodd digwydd heddwas heddweision ddoe wythnos llynedd
    """.split()
)
# Words that are common in English messages too ("a", "i", "am", "dim", "bore"...) never count alone.
_SHARED = {
    "a",
    "am",
    "at",
    "i",
    "fe",
    "fi",
    "na",
    "os",
    "plis",
    "da",
    "y",
    "bore",
    "dim",
    "te",
    "ie",
    "ia",
    "sa",
    "tad",
    "chi",
    "ti",
    "nes",
    "help",
    "sori",
    "ta-ta",
    "'ta",
    "'na",
    "'ma",
    "be",
    "go",
    "ma",
    "ai",
    "ran",
    "ba",
    "mi",
    "ni",
    "hi",
    "fo",
    "ein",
    "eu",
    "dyn",
    "mab",
}
_WELSH_PHRASES = re.compile(r"\b(bore da|prynhawn da|noswaith dda|nos da|shw mae|sut mae|dim diolch|iawn te)\b")
_ASKS_WELSH = re.compile(r"\b(cymraeg|gymraeg|welsh|yn gymraeg)\b")
_ASKS_ENGLISH = re.compile(r"\b(english|saesneg)\b")


def looks_welsh(text: str) -> bool:
    """True when most of the message's words are Welsh (or it names Cymraeg)."""
    words = re.findall(r"'?[^\W\d_]+(?:'[^\W\d_]*)?", normalise(text))
    if not words:
        return False
    welsh = [w for w in words if w in _WELSH]
    distinctive = [w for w in welsh if w not in _SHARED]
    if "cymraeg" in words or "gymraeg" in words or _WELSH_PHRASES.search(normalise(text)):
        return True
    if len(words) <= 4 and distinctive and len(welsh) >= 0.5 * len(words):
        return True  # short replies: "diolch", "ydw, plis", "bore da"
    return len(distinctive) >= 2 and len(welsh) >= 0.4 * len(words)


def language_asked_for(text: str) -> str | None:
    """'cy' or 'en' when the message asks for a language, else None."""
    normal = normalise(text)
    if _ASKS_ENGLISH.search(normal):
        return "en"
    if _ASKS_WELSH.search(normal) or looks_welsh(text):
        return "cy"
    return None
