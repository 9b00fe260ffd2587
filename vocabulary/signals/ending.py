"""Words that rule out an intent that ends the complaint questions.

`stop` ends the questions, and `withdraw_consent` also clears the stored answers, so a wrong guess of either does
harm. Round 50: "No, I did not say stop. I want to make a complaint." was `stop` (0.46), and angry or frightened
messages with nothing about data in them were `withdraw_consent` ("i asked WHO DO I COMPLAIN TO", "do i have to say
his name? im scared it gets back to him"). For those, the classifier's next intent stands (rasa_ext/clarifier.py,
and rasa_ext/danger_override.py when it sets a danger guess aside). Standard library only, like the other signals.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

STOP = "stop"
WITHDRAW_CONSENT = "withdraw_consent"

# "I did not say stop", "don't stop".
_NOT_STOPPING = re.compile(
    r"\b(?:did not|didn'?t|didnt|never|have not|haven'?t|havent) (?:say|said|mean|meant|type|typed|press|pressed|"
    r"click|clicked|ask(?:ed)? (?:you )?to|want(?:ed)? to) ['\"]?stop\b"
    r"|\b(?:don'?t|dont|do not|please don'?t) (?:want to |wanna )?stop\b"
    r"|\b(?:i'?m|im|i am) not (?:trying to |asking to |wanting to )?stop(?:ping)?\b"
    # Welsh: "I didn't say stop", "don't stop".
    r"|\b(?:wnes i|nes i|wnes|wnaes i) ddim (?:dweud|deud|teipio|pwyso) ['\"]?(?:stop|stopio)\b|\bpaid (?:a|â) stopio\b"
)
# What we keep, or taking it back: "delete my answers", "dileu fy manylion". A request to withdraw names one.
_KEPT_OR_TAKEN = re.compile(
    r"\b(?:delet\w*|eras\w*|wipe\w*|remov\w*|bin|scrap\w*|forget|forgot|destroy\w*|get rid|rid of|clear\w*|cancel\w*|"
    r"keep\w*|kept|sav\w*|stor\w*|hold\w*|retain\w*|data|details|answers?|info\w*|consent\w*|records?|file|"
    r"typed|written|wrote|entered|put in|told (?:you|u)|said|changed my mind|take (?:it|that) back|taking (?:it|that) back|"
    r"withdraw\w*|permission|private|privacy)\b"
    # Welsh, with its mutations: keep (cadw, gadw, chadw), delete (dileu, ddileu), forget, remove (tynnu, dynnu),
    # consent (caniatâd, nghaniatâd), information, get rid of (gwaredu, waredu), answers, details, said (ddwedais, ddudis).
    r"|\b(?:(?:c|g|ch|ngh)adw|(?:d|dd|n)ile\w*|anghof\w*|(?:t|d|th|nh)ynnu|(?:c|g|ch|ngh)aniat\w*|n?g?wybodaeth|n?g?wared\w*|"
    r"manylion|atebion|ateb|cofnod\w*|clirio|ysgrifennu|sgwennu|dweud|ddweud|deud|(?:d|dd)?(?:wedais|wedes|udis|eudis))\b"
)


def ruled_out(intent: str, text: str) -> bool:
    """True when the words rule out `intent`: "I did not say stop" is not `stop`, and a message that names nothing we
    keep is not `withdraw_consent`."""
    if intent == STOP:
        return _NOT_STOPPING.search(normalise(text)) is not None
    return intent == WITHDRAW_CONSENT and _KEPT_OR_TAKEN.search(normalise(text)) is None
