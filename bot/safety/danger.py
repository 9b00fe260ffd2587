"""The danger check: does a message show immediate danger or a risk of self-harm?

Runs on every message from the public, inside Rasa's NLU pipeline (rasa_ext/danger_override.py)
and in the gateway while staff own a conversation, so it must stay standard-library only.
It errs towards safety: a false alarm costs one extra message, a miss can cost a life.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NONE = "none"
EMERGENCY = "emergency"
SELF_HARM = "self_harm"

# The first reply to a danger message, in each language. Kept here, not in domain.yml, because the
# gateway must send it too when staff own the conversation and Rasa is not answering.
REPLIES = {
    (EMERGENCY, "en"): (
        "If you are in danger, call 999 now. "
        "If you can't speak on a mobile, stay on the line and press 55 when asked. "
        "This chat can't send the police."
    ),
    (EMERGENCY, "cy"): (
        "Os ydych chi mewn perygl, ffoniwch 999 nawr. "
        "Os na allwch chi siarad ar ffôn symudol, arhoswch ar y lein a phwyso 55 pan fydd yn gofyn. "
        "Ni all y sgwrs hon anfon yr heddlu."
    ),
    (SELF_HARM, "en"): (
        "If you might hurt yourself, or you are in danger, call 999 now. "
        "Samaritans are free, day or night: 116 123. "
        "Young people can call Childline free on 0800 1111."
    ),
    (SELF_HARM, "cy"): (
        "Os ydych chi'n meddwl y gallech chi frifo'ch hun, neu os ydych chi mewn perygl, ffoniwch 999 nawr. "
        "Mae'r Samariaid am ddim, ddydd a nos: 116 123. "
        "Gall pobl ifanc ffonio Childline am ddim ar 0800 1111."
    ),
}

# Everyday phrases that contain alarming words but mean nothing of the kind. They are cut out of
# the text before the patterns run, so "dead tired but he's outside with a knife" still counts.
_FALSE_ALARMS = [
    r"killing time",
    r"kill(?:ing|ed)? (?:some |the )?time",
    r"dead (?:tired|on|good|easy|funny|nice|keen|bored|serious|quiet)",
    r"(?:bored|scared|laughed|tickled) (?:me )?to death",
    r"(?:i'?d|i would|could) (?:kill|die) for an?\b",
    r"dying (?:to|for) ",
    r"to die for",
    r"kill(?:ed|ing)? it",
    r"killing me(?: with)? (?:laugh|lol|haha)",
    r"my (?:phone|battery|laptop) (?:is |has )?(?:dying|dead|died)",
    r"dead ?line",
    r"(?:not|no longer|wasn'?t|isn'?t) in (?:any )?danger",
    r"(?:not|never) (?:going to|gonna) (?:hurt|kill) (?:myself|me)",
]

_SUBJECT = r"(?:he|she|they|someone|somebody|a man|a guy|my (?:ex|partner|husband|wife|boyfriend|girlfriend|dad|mum|brother|stepdad))"

_EMERGENCY = [
    # A threat to the writer, now or about to happen.
    r"\b" + _SUBJECT +
    r"(?:'?s| is| are|'re|'ll| will| wants to| want to)? ?(?:going to|gonna|gna|goin to|trying to|tryna|about to|gunna)?"
    r" ?(?:kill|stab|shoot|hurt|strangle|batter|rape) (?:me|us|my (?:kids?|children|baby|son|daughter))\b",
    r"\b(?:kill|stab|shoot|hurt|strangle|rape) me\b.*\b(?:now|outside|here|coming|door)\b",
    r"\b" + _SUBJECT + r"(?:'?s| is| are|'re)? (?:outside|at|banging on|kicking) (?:my|the|our) "
    r"(?:door|window|house|flat|room)\b",
    r"\b" + _SUBJECT + r"(?:'?s| is| are|'re)? (?:breaking|trying to get|tryna get|forcing (?:his|her|their) way) in\b",
    r"\b(?:has|got|with|holding|waving) an? (?:knife|gun|blade|machete|weapon|bat)\b",
    r"\bi(?:'?m| am) (?:being )?(?:attacked|followed|stalked right now|held|hit|beaten|stabbed|raped|strangled|kidnapped|trapped)\b",
    r"\b(?:being|getting) (?:attacked|beaten|stabbed|raped|strangled|hit) (?:right )?now\b",
    r"\bi(?:'?m| am) in danger\b",
    r"\b(?:we|i)(?:'?re|'?m| are| am) not safe\b",
    r"\bin danger (?:now|right now)\b",
    r"\bi can'?t (?:talk|speak)\b.*\b(?:he|she|they|someone|hear|here|outside)\b",
    r"\b(?:he|she|they|someone)\b.*\bi can'?t (?:talk|speak)\b",
    r"\bhiding (?:from|in)\b",
    r"\blocked (?:myself|ourselves) in\b",
    r"^\s*(?:help|help me|please help|pls help|plz help|heeelp|help!+)\s*[!.]*\s*$",
    r"^\s*help+[!.,]* (?:me )?(?:he|she|they|someone|somebody)\b",
    r"\b(?:send|call) (?:the )?(?:police|help|an ambulance) (?:now|quick|please|pls|asap)\b",
    r"\bsomeone(?:'?s| is) (?:hurting|attacking|hitting|following) (?:me|us)\b",
    # Welsh: "in danger", "help me", "he's going to kill me".
    r"\bmewn perygl\b",
    r"\bhelpwch fi\b",
    r"\bmynd i['’ ]?(?:n )?lladd i\b",
]

_SELF_HARM = [
    r"\b(?:kill|killing|hang|hanging|hurt|hurting|harm|harming|cut|cutting) my ?self\b",
    r"\bsuicid",
    r"\bend (?:it all|my life|things|everything)\b",
    r"\btake my (?:own )?life\b",
    r"\b(?:want|wanna|going|gonna|wish i could|ready) (?:to )?die\b",
    r"\bwant to be dead\b",
    r"\bbetter off dead\b",
    r"\b(?:don'?t|do not|dont) want to (?:live|be alive|be here|wake up)(?: anymore| any more)?\b",
    r"\bself[- ]?harm",
    r"\boverdos",
    r"\b(?:took|taken|take|swallowed) (?:all |a load of |loads of |lots of |a bunch of |too many )?"
    r"(?:my |the )?(?:pills|tablets|paracetamol)\b",
    r"\b(?:no|don'?t see (?:the|any)|what'?s the) point (?:in |of )?(?:living|anything|going on|being alive|it all|life)\b",
    r"\bcan'?t (?:go on|do this anymore|take (?:it|this) anymore|cope anymore)\b",
    r"\bjump (?:off|in front of)\b",
    r"\bnot (?:worth|wanting to be) (?:living|alive)\b",
    # Welsh: "kill myself", "want to die", "self-harm".
    r"\bladd fy hun\b",
    r"\beisiau marw\b",
    r"\bhunan[- ]?niwed",
]

_false_alarm_re = re.compile("|".join(_FALSE_ALARMS))
_emergency_re = [re.compile(p) for p in _EMERGENCY]
_self_harm_re = [re.compile(p) for p in _SELF_HARM]


@dataclass(frozen=True)
class DangerAssessment:
    """What the danger check found in one message."""

    level: str  # NONE, EMERGENCY or SELF_HARM

    @property
    def urgent(self) -> bool:
        return self.level != NONE

    def reply(self, language: str = "en") -> str:
        """The first reply for this level ("" when there is no danger)."""
        if not self.urgent:
            return ""
        return REPLIES.get((self.level, language)) or REPLIES[(self.level, "en")]

    @property
    def reply_text(self) -> str:
        return self.reply("en")


def normalise(text: str) -> str:
    """Lower-case, straighten quotes, drop accents' variants and squeeze spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip()


def is_false_alarm(text: str) -> bool:
    """True when the only alarming words are everyday phrases ("killing time", "dead tired")."""
    normal = normalise(text)
    return _false_alarm_re.search(normal) is not None and assess(text).level == NONE


def assess(text: str) -> DangerAssessment:
    """Classify one message. Self-harm wins over danger: it also gets 999, plus crisis lines."""
    cleaned = _false_alarm_re.sub(" ", normalise(text))
    if any(p.search(cleaned) for p in _self_harm_re):
        return DangerAssessment(SELF_HARM)
    if any(p.search(cleaned) for p in _emergency_re):
        return DangerAssessment(EMERGENCY)
    return DangerAssessment(NONE)
