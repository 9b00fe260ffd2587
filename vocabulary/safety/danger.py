"""The danger check: does a message show immediate danger or a risk of self-harm, and of what kind?

Runs on every message from the public, inside Rasa's NLU pipeline (rasa_ext/danger_override.py, which
adds a meaning-based check on top) and in the gateway while staff own a conversation, so it must stay
standard-library only. It errs towards safety: a false alarm costs one extra message, a miss can cost a
life. The kind chooses the first reply: an ambulance for a medical emergency, "who is missing" for a
missing person, crisis lines for the writer's own crisis, words for a helper when someone else is at risk.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from vocabulary.safety.sentences import parts_of
from vocabulary.signals.away import BE_RIGHT_BACK, CALLED_AWAY

# Levels: the route and the queue priority.
NONE = "none"
EMERGENCY = "emergency"
SELF_HARM = "self_harm"

# Kinds: what the first reply says.
THREAT = "threat"
MEDICAL = "medical"
MISSING = "missing"
OWN_CRISIS = "self_harm"
OTHER_AT_RISK = "other_at_risk"
LEVEL_OF_KIND = {
    THREAT: EMERGENCY,
    MEDICAL: EMERGENCY,
    MISSING: EMERGENCY,
    OWN_CRISIS: SELF_HARM,
    OTHER_AT_RISK: SELF_HARM,
}
DEFAULT_KIND = {EMERGENCY: THREAT, SELF_HARM: OWN_CRISIS}

_SILENT_EN = "If you cannot speak, call 999 and listen. Cough or tap if you can. On a mobile, press 55 when asked."
_SILENT_CY = (
    "Os na allwch chi siarad, ffoniwch 999 a gwrandewch. Peswch neu tapiwch os gallwch chi. "
    "Ar ffôn symudol, pwyswch 55 pan fydd yn gofyn."
)

# The first reply to a danger message, by kind and language. Kept here, not in domain/, because the
# gateway must send it too when staff own the conversation and Rasa is not answering.
REPLIES = {
    (THREAT, "en"): f"If you are in danger, call 999 now. {_SILENT_EN} We are not the police and cannot send help.",
    (
        THREAT,
        "cy",
    ): f"Os ydych chi mewn perygl, ffoniwch 999 nawr. {_SILENT_CY} Nid ni yw'r heddlu ac ni allwn anfon help.",
    (
        MEDICAL,
        "en",
    ): f"Call 999 now and ask for an ambulance. {_SILENT_EN} We are not the police and cannot send help ourselves.",
    (
        MEDICAL,
        "cy",
    ): f"Ffoniwch 999 nawr a gofynnwch am ambiwlans. {_SILENT_CY} Nid ni yw'r heddlu ac ni allwn anfon help ein hunain.",
    (MISSING, "en"): (
        f"Call 999 now. Say who is missing and where they were last seen. {_SILENT_EN} "
        "We are not the police and cannot search."
    ),
    (MISSING, "cy"): (
        f"Ffoniwch 999 nawr. Dywedwch pwy sydd ar goll a ble gwelwyd nhw ddiwethaf. {_SILENT_CY} Nid ni yw'r heddlu."
    ),
    (OWN_CRISIS, "en"): (
        "If you have taken something, or you might hurt yourself, or you are in danger, call 999 now. "
        "Samaritans are free, day or night: 116 123. "
        "Young people can call Childline free on 0800 1111. "
        "If you cannot talk, text SHOUT to 85258. On a 999 call from a mobile, press 55 if you cannot speak."
    ),
    (OWN_CRISIS, "cy"): (
        "Os ydych chi'n meddwl y gallech chi frifo'ch hun, neu os ydych chi mewn perygl, ffoniwch 999 nawr. "
        "Mae'r Samariaid am ddim, ddydd a nos: 116 123. "
        "Gall pobl ifanc ffonio Childline am ddim ar 0800 1111. "
        "Os na allwch chi siarad, tecstiwch SHOUT i 85258. Ar alwad 999 o ffôn symudol, pwyswch 55 os na allwch chi siarad."
    ),
    (OTHER_AT_RISK, "en"): (
        "If they might hurt themselves now, or have taken something, call 999 and ask for an ambulance. "
        "Samaritans can help you and them, free, day or night: 116 123. "
        "On a 999 call from a mobile, press 55 if you cannot speak."
    ),
    (OTHER_AT_RISK, "cy"): (
        "Os gallen nhw frifo eu hunain nawr, neu os ydyn nhw wedi cymryd rhywbeth, ffoniwch 999 a gofynnwch am ambiwlans. "
        "Gall y Samariaid eich helpu chi a nhw, am ddim, ddydd a nos: 116 123. "
        "Ar alwad 999 o ffôn symudol, pwyswch 55 os na allwch chi siarad."
    ),
}

# The first reply when the message says 999 is already called ("ive rung 999 theyre sending someone", tester-d
# section 7, got the same "call 999 now" she had just done): it says so, and still gives 999 and 55.
CALLED_REPLIES = {
    (THREAT, "en"): (
        f"You did the right thing to call 999. If it gets worse before they come, call 999 again. {_SILENT_EN} "
        "We are not the police and cannot send help."
    ),
    (THREAT, "cy"): (
        f"Roeddech chi'n iawn i ffonio 999. Os bydd pethau'n gwaethygu cyn iddyn nhw gyrraedd, ffoniwch 999 eto. "
        f"{_SILENT_CY} Nid ni yw'r heddlu ac ni allwn anfon help."
    ),
    (MEDICAL, "en"): (
        f"You did the right thing to call 999. If they get worse before help comes, call 999 again. {_SILENT_EN} "
        "We are not the police and cannot send help ourselves."
    ),
    (MEDICAL, "cy"): (
        f"Roeddech chi'n iawn i ffonio 999. Os byddan nhw'n gwaethygu cyn i help gyrraedd, ffoniwch 999 eto. "
        f"{_SILENT_CY} Nid ni yw'r heddlu ac ni allwn anfon help ein hunain."
    ),
    (MISSING, "en"): (
        f"You did the right thing to call 999. If anything changes, call 999 again. {_SILENT_EN} "
        "We are not the police and cannot search."
    ),
    (MISSING, "cy"): (
        f"Roeddech chi'n iawn i ffonio 999. Os bydd unrhyw beth yn newid, ffoniwch 999 eto. {_SILENT_CY} "
        "Nid ni yw'r heddlu."
    ),
}

# Only 999 or an ambulance called, or the police or an ambulance on the way: never "he's on his way" ("mae e ar ei
# ffordd"), nor "I called the police last week" (then "call 999 now" is what they need to hear).
_HELP_CALLED = re.compile(
    r"(?<!should )(?<!could )(?<!would )(?<!if )\b(?:i'?ve|ive|i have|we'?ve|we have|i|we|just|already)"
    r"(?: just| already| finally)? (?:rung|rang|called|phoned|dialled|dialed)(?: up)? "
    r"(?:999|911|112|an ambulance|the ambulance|for an ambulance)\b"
    r"|\b(?:the police|police|an ambulance|the ambulance|ambulance|paramedics|help)(?: is| are|'re|'s|s)? "
    r"(?:on (?:their|its|the) way|coming(?! to (?:arrest|get|take)))\b"
    # Welsh: "I have phoned 999", "the police / the ambulance is on its way".
    r"|\bwedi ffonio 999\b|\b(?:heddlu|ambiwlans|help)\b[^.!?]{0,20}\bar (?:eu|ei) ffordd\b"
)
_CALLED_BEFORE = re.compile(
    r"\b(?:yesterday|last (?:night|week|time|month|year)|earlier|ago|before|the other day|ddoe|neithiwr|diwethaf)\b"
)


def help_on_the_way(text: str) -> bool:
    """True when a message says 999 is already called or help is coming now: the first reply then says so."""
    normal = normalise(text)
    return _HELP_CALLED.search(normal) is not None and _CALLED_BEFORE.search(normal) is None


# Said first when danger is possible but not settled (danger_check `possible`): the route stands, so
# this never says it is an emergency, only what to do if it is. By mode: Easy Read, standard English, Welsh.
SAFETY_LINE = {
    "easy_read": (
        "If you or someone else is in danger now, call 999. "
        "If you can not speak on a mobile, press 55 when asked. "
        "If you want to hurt yourself, call Samaritans. It is free, day or night: 116 123."
    ),
    "en": (
        "If you or anyone else is in danger right now, call 999. "
        "On a 999 call from a mobile, press 55 if you cannot speak. "
        "If you feel like hurting yourself, Samaritans are free, day or night: 116 123."
    ),
    "cy": (
        "Os ydych chi neu rywun arall mewn perygl nawr, ffoniwch 999. "
        "Ar alwad 999 o ffôn symudol, pwyswch 55 os na allwch chi siarad. "
        "Os ydych chi'n meddwl y gallech chi frifo'ch hun, mae'r Samariaid am ddim, ddydd a nos: 116 123."
    ),
}

# Up to the end of the sentence, with no word of now, here or someone of the writer's own.
_NOT_NOW_OR_MINE = r"(?:(?!\b(?:now|rn|here|my|our)\b)[^.!?])*"

# "I don't" in the Welsh of the south: "sa i", "sai", "smo fi", "so fi".
_WELSH_SOUTH_NOT = r"sa'? ?i|smo (?:fi|i)|so fi"

# Everyday phrases that contain alarming words but mean nothing of the kind. They are cut out of
# the text before the patterns run, so "dead tired but he's outside with a knife" still counts.
_FALSE_ALARMS = [
    r"killing time",
    r"kill(?:ing|ed)? (?:my|him|her)sel(?:f|ves) laughing|(?:nearly |almost )?died laughing|die of (?:embarrassment|shame)",
    r"(?:an |no )?axe to grind",
    r"kill(?:ing|ed)? (?:some |the )?time",
    r"dead (?:tired|on|good|easy|funny|nice|keen|bored|serious|quiet)",
    r"(?:bored|scared|laughed|tickled) (?:me )?to death",
    r"(?:i'?d|i would|could) (?:kill|die) for an?\b",
    r"dying (?:to|for) ",
    r"(?:be )?dead and buried (?:before|by the time)",
    r"to die for",
    r"kill(?:ed|ing)? it",
    r"killing me(?: with)? (?:laugh|lol|haha)",
    r"(?:this|the|that) (?:form|wait|waiting|queue|process|complaint) (?:is )?killing me",
    r"(?:my )?(?:feet|back|head|legs) (?:are|is) killing me|killer headache|(?:so )?tired i could die|sick to death of",
    r"\b(?:knackered|shattered|exhausted)\b|\b(?:nobody|no one|noone)(?: has| have)? (?:rung|rang|called|phoned|got back to) me\b",
    r"(?:ffurflen|aros|ciw)\b.*\bfy lladd i",
    r"(?:my|his|her|their) (?:phone|battery|laptop)(?:'s|s| is| has)? (?:about to |going to |gonna )?(?:dying|dead|died|die|gone dead)"
    r"|\bdead (?:phone|mobile|battery)\b",
    r"shot (?:my|our|him|her|them)sel(?:f|ves) in the foot|give me strength",
    # Frustration aimed at the service or the process ("i gave up on my complaint", "i give up with you lot", "at the
    # end of my rope with the police"), never at life or "everything": those stay for the other checks.
    r"(?:(?:give|giving|gave|given) up (?:on|with)|end of my (?:rope|tether) with|at my wits'? end with) "
    r"(?:you lot|you people|you guys|the (?:police|cops|force|station)|(?:this|that|the|my) (?:complaint|complaints|process|"
    r"form|case|appeal|review|force|station|call centre|system))\b",
    r"(?:this|the|my) (?:complaint|process|case|review)(?: is|'s| was) the end of the road",
    # Said in jest: "i'll kill him lol", "she keeps saying she'll kill the officer lol she's all talk".
    r"(?:gonna|going to|i'?ll|ill|i will|could|(?:s?he|they)(?:'ll| will|'d| would)) (?:kill|murder|strangle) "
    r"(?:him|her|them|(?:my|the|that|this) \w+)\b(?=[^.!?]{0,60}(?:\blol\b|\blmao\b|\bhaha|😂|🤣|\ball talk\b))",
    # Idioms of anger and worry: "you'll be the death of me", "lost the plot at the officer", "I feel like I'm going to explode".
    r"\bbe the death of (?:me|her|him|us|them|you)\b|\blost (?:the|my) (?:plot|rag|temper|head|cool)\b"
    r"|\b(?:i'?m|im|i am|i was|i felt|i feel)(?: like i'?m| like im| like i am)? (?:going to|gonna|about to|ready to) (?:explode|burst)\b",
    r"(?:die|dead) (?:of old age|before (?:this|my|the) (?:complaint|case|process|investigation|form))",
    r"(?:nearly|almost) (?:had|have|having) (?:a heart attack|kittens)|(?:gave|give|giving|given) (?:me|us|him|her|them) a heart attack",
    r"(?:i'?m |im |i am )?(?:so |fully |completely |just )?done with (?:the )?(?:police|cops|feds|officers?|complaints?|process|system|forms?|"
    r"this (?:complaint|process|form|system|force))",
    r"(?:head|brain) (?:is )?(?:about to |gonna |going to )?explod\w*|(?:doing|does|do) my head in",
    r"(?<!to )(?<!gonna )(?<!will )(?<!ll )(?<!wants to )\bshoot me now\b",
    r"kill(?:ing|ed|s)? two birds|(?:my |this is my |this will be my )?last (?:message|email|text|letter) (?:on|about|regarding) "
    r"(?:(?:this|the|that) (?:subject|matter|complaint|topic|issue)|(?:this|that|it)\b(?! (?:earth|world|planet|life)\b))",
    # A question about what police must do ("do police have to call an ambulance if..."), never "should I call one".
    r"\b(?:do|does|did|didn'?t|don'?t|doesn'?t|should(?:n'?t)?|would(?:n'?t)?|are|were|is|was) (?:the )?(?:police|officers?|cops?|they) "
    r"(?:(?:have|need|supposed|meant|obliged|required) to |have )?(?:call|called|get|got) (?:an |a )?ambulance\b",
    r"\bkill me now\b(?=[^.!?]{0,80}(?:\blol\b|\blmao\b|haha|website|web ?site|\bsite\b|\bapp\b|\bform\b|\bpage\b|password|log(?:ging|s)? (?:me )?(?:in|out)))",
    r"dead ?line",
    r"(?:not|no longer|wasn'?t|isn'?t) in (?:any )?danger",
    # Said mid-conversation, often after a wrong alarm: "there is no emergency", "I am not in crisis", "nobody needs an
    # ambulance, it was last week"; and upset told as upset: "he's really shaken up".
    r"\bthere(?:'s| is) no emergency\b|\b(?:nobody|no one|noone) needs an ambulance\b|\b(?:i'?m|im|i am) not in (?:a )?crisis\b"
    r"|\b(?:i|we|he|she|they) (?:don'?t|dont|do not|doesn'?t|doesnt|does not) need an ambulance\b",
    r"\b(?:shaken|shook) up\b",
    # Upset told as upset, bad dreams since, and "nobody is missing" said back after a wrong alarm (round 45's testers).
    r"\b(?:i'?m|im|i am|i feel|i was|i got)(?: just| so| really| very)* upset (?:about|over|with|by|that|because)\b"
    # Sleep lost to anger ("i cant sleep cos im that angry", round 47): anger, not a crisis.
    r"|\b(?:can'?t|cant|cannot|couldn'?t|could not) sleep (?:cos|coz|cuz|because|as) (?:i'?m|im|i am|i was|i'?ve been)"
    r"(?: so| that| too| just| really)* (?:angry|mad|furious|fuming|raging|livid|annoyed|wound up)\b"
    r"|\b(?:having|have|has|had|get|gets|getting) (?:bad )?nightmares\b"
    r"|\b(?:nobody|no one|noone)(?:'s| is) missing\b",
    # Anger ("she'll go mad"), and not ready to tell it again ("I really can't do that right now").
    r"\b(?:s?he|they|(?:my |me |our )?(?:mum|mam|mom|dad|nan|parents))(?:'ll|ll| will|'d| would| is gonna| is going to) "
    r"go (?:mad|mental|spare|ballistic|crazy|nuts)\b",
    r"\b(?:can'?t|cant|cannot) (?:do|face|talk about) (?:that|it) (?:right now|at the moment|yet)\b",
    # Fear pointing back at what was just asked ("does it go to his force? thats what im scared of", round 48).
    r"\b(?:that'?s|thats|that is|which is|this is) (?:exactly |just )?(?:what|the (?:thing|bit|part|one)) "
    r"(?:i'?m|im|i am|i was|i'?ve been)(?: so| really| most| just)* (?:scared|afraid|frightened|worried|terrified|nervous) "
    r"(?:of|about)\b",
    # Stepping away from the chat ("sorry my mum is calling, brb", round 49).
    CALLED_AWAY + "|" + BE_RIGHT_BACK,
    r"(?:not|never) (?:actually |really )?(?:going to|gonna) (?:(?:hurt|kill) (?:myself|me)|do (?:anything|owt|nowt)(?: (?:stupid|silly|daft|drastic))?)\b",
    # Said back after a wrong alarm: "nobody's hurting themselves, im just raging" (round 50).
    r"\b(?:nobody|no one|noone|no-one)(?:'?s| is)? (?:hurting|harming|killing|cutting|going to (?:hurt|harm|kill)|gonna (?:hurt|harm|kill)) "
    r"(?:him|her|them)sel(?:f|ves)\b",
    # Rage at someone met again, not a plan: "if i see that copper again ill kill him" (round 50).
    r"\bif (?:i|we) (?:ever )?(?:see|catch|meet|bump into)\b[^.!?]{0,40}?\b(?:i'?ll|ill|i will|i'?m gonna|im gonna|i'?m going to|im going to) "
    r"(?:kill|batter|murder|deck|smash|strangle) (?:him|her|them)\b(?![^.!?]{0,30}\b(?:myself|me|my ?self)\b)",
    r"(?:i'?m|i am) not suicidal",
    # Crisis said not to be there, unless more follows ("...myself, but tonight...", "...myself. Until today").
    r"(?:\b(?:don'?t|dont|do not) (?:want|intend|plan|mean) to (?:hurt|harm|kill) myself"
    r"|\b(?:had|have|having) no (?:thoughts|urges|plans) (?:of|about) (?:hurting|harming|killing) myself)"
    r"\b(?!\W*\b(?:but|until|till|though|except)\b)",
    r"can'?t go on (?:waiting|like this with (?:the|this) (?:complaint|police))",
    # A complaint about a website, an insult told to someone else, a fear told of the past, "not in danger" in Welsh.
    r"can'?t (?:do|cope with) (?:this|it) any ?more (?:with|on) (?:the|this|that|your) (?:website|web ?site|site|form|app|portal|system|page|paperwork)",
    # Only when said to someone else: after "told me to kill myself" the other checks weigh the rest.
    r"(?:told|telling|tell) (?:him|her|them|my \w+) to (?:go )?(?:and )?(?:kill|hang) (?:him|her|them|your)sel(?:f|ves)",
    # The same insult, told of an officer: "I was told to 'go kill myself' by an officer in custody".
    r"\b(?:was|were|got|been|being) told to ['\"]?(?:go )?(?:and )?(?:kill|hang) (?:myself|yourself|ourselves)['\"]?,? by "
    r"(?:an?|the|one|some|that|this) (?:\w+ )?(?:officer|police(?:man|woman)?|cop|copper|pc|pcso|sergeant|detective|inspector)\b",
    # A question about what police do to people in general, in danger's words ("why do police handcuff people who are
    # having a seizure?"); never one with a word of now, here or someone of the writer's own.
    r"\b(?:why|how|when|can|could|do|does|did|are|is|should|would|will)\b"
    + _NOT_NOW_OR_MINE
    + r"\b(?:police|officers?|cops?)\b"
    + _NOT_NOW_OR_MINE
    + r"\b(?:people|someone|somebody|anyone|anybody|a person|a child|children|kids|a kid|suspects?|detainees?|prisoners?) "
    r"(?:who|that|when|if|while|whilst|having|in (?:a|an|mental))\b"
    + _NOT_NOW_OR_MINE
    + r"\b(?:seizures?|fit|fits|fitting|overdos\w*|suicidal|self[- ]?harm\w*|collaps\w*|unconscious|bleeding|breath\w*|crisis|"
    r"dying|choking|drowning|in danger)\b" + _NOT_NOW_OR_MINE + r"\?",
    r"(?:thought|thinking|felt like|was sure|believed)(?: that)? i was (?:going to|gonna) die\b",
    # Anger or upset that takes the breath away, never "he can't breathe".
    r"\b(?:so|that|too) (?:angry|mad|furious|upset|livid|wound up|stressed)(?: that)? i (?:can'?t|cant|cannot|couldn'?t|couldnt) "
    r"(?:even )?breathe?\b(?= (?:when|thinking|about|at|over)\b)",
    r"(?:ddim|nad ydw i|nad ydyn ni|\bneb) mewn (?:perygl|unrhyw berygl)",
    # Done with this chat, not with life: "i don't want to answer any more", "sa i moyn ateb rhagor", "end this chat".
    r"\b(?:don'?t|dont|do not) (?:want|wanna|wish) (?:to )?(?:answer|reply|respond)\b"
    r"|(?:^|\b(?:want to|wanna|can i|let me|how do i|i'?ll|i will|please|i'?d like to) )(?:end|quit|leave|exit|close|stop) "
    r"(?:this|the) (?:chat|conversation|form)\b",
    r"\b(?:ddim|" + _WELSH_SOUTH_NOT + r")(?: yn)? (?:isio|eisiau|eisie|isie|moyn|ishe|am) ateb\b"
    r"|\b(?:stopio|gorffen|cau|diweddu)(?: y|'r) sgwrs\b",
]

_SUBJECT = (
    r"(?:he|she|they|someone|somebody|a man|a guy|my (?:ex|partner|husband|wife|boyfriend|girlfriend|dad|mum|brother|"
    r"step-?dad|step dad|step-?mum|uncle|flatmate)|(?:her|his|their) (?:ex|partner|husband|wife|boyfriend|girlfriend))"
)
# Family, and the people a carer, teacher, support worker or flatmate writes about.
_PERSON = (
    r"(?:son|daughter|child|kid|kids|boy|girl|lad|lass|bairn|baby|toddler|little one|brother|sister|mum|mam|mom|dad|nan|gran|"
    r"grandad|grandma|grandpa|husband|wife|partner|friend|mate|boyfriend|girlfriend|nephew|niece|cousin|uncle|aunt|"
    r"mother|father|grandson|granddaughter|grandchild|grandkid|step-?(?:son|daughter|dad|mum|mom|brother|sister)|"
    r"flatmate|housemate|roommate|lodger|colleague|neighbour|neighbor|pupil|student|client|resident|patient|"
    r"\d+ ?(?:year|yr)s?[ -]?old|\d+ ?yo)"
)
_OTHER = r"(?:he|she|they|him|her|them|my (?:\w+ )?" + _PERSON + r"|(?:my|our) (?:\w+ )?" + _PERSON + r")"

_EMERGENCY = [
    # A threat to the writer, now or about to happen.
    r"\b"
    + _SUBJECT
    + r"(?:'?s| is| are|'re|'ll| will| wants to| want to)? ?(?:going to|gonna|gna|goin to|trying to|tryna|about to|gunna)?"
    r" ?(?:kill|stab|shoot|hurt|strangle|batter|rape) (?:me|us|my (?:kids?|children|baby|son|daughter))\b",
    r"\b(?:kill|stab|shoot|hurt|strangle|rape) me\b.*\b(?:now|outside|here|coming|door)\b",
    r"(?<!with )(?<!to )\b(?:" + _SUBJECT + r"|(?:two|three|four|some|a few|a couple|a group|a gang|loads|all) of them)"
    r"(?:'?s| is| are|'re)? (?:outside|at|by|banging on|kicking) (?:my|the|our) "
    r"(?:door|window|house|flat|room|work|school|gate|car)\b",
    r"\b" + _SUBJECT + r"(?:'?s| is| are|'re)? (?:breaking|trying to get|tryna get|forcing (?:his|her|their) way) in\b",
    r"\b(?:has|got|with|holding|waving|pulled|pulling|swinging|brandishing) (?:out )?an? (?:(?:big|huge|massive|long|kitchen|"
    r"baseball|cricket|metal|wooden|zombie|samurai|meat|air|bb) )?(?:knife|gun|blade|machete|weapon|bat|axe|hammer|crowbar|"
    r"screwdriver|sword|cleaver|pistol|shotgun|rifle|golf club|knuckle ?duster|(?:broken|smashed) bottle)\b",
    r"\bi(?:'?m| am) (?:being )?(?:attacked|followed|stalked right now|held|hit|beaten|stabbed|raped|strangled|kidnapped|trapped)\b",
    r"\b(?:being|getting) (?:attacked|beaten|stabbed|raped|strangled|hit|choked|followed) (?:right )?now\b",
    # Someone hurting the writer or another person as they write ("he's hitting me", "a man is getting stabbed").
    r"\b"
    + _SUBJECT
    + r"(?:'?s| is| are|'re| keeps?| keep on| won'?t stop) (?:hitting|beating(?: up)?|kicking|punching|strangling|"
    r"choking|stabbing|attacking|hurting|battering|slapping|assaulting) (?:me|us|my|him|her|them|people|someone|somebody)\b"
    r"(?! (?:at|in an?|feelings))",
    r"(?:\bis|\bare|'s|'re) (?:getting|being) (?:stabbed|beaten up|battered|strangled|choked|attacked)\b",
    # An officer hurting someone now.
    r"\b(?:officers?|police|cops?|copper)(?: is| are|'s|'re)? (?:beating|hitting|punching|kicking|choking|strangling|kneeling on|hurting|attacking|dragging) (?:me|us|him|her|them|my)\b"
    r".*\b(?:now|right now|still|stop|help)\b",
    r"\b(?:says?|said|saying|threatening|threatens)(?: that)? (?:he|she|they)(?:'ll| will| is going to|'s going to|'re going to| are going to) (?:break|kill|hurt|stab|smash|batter|burn|shoot)\b(?! (?:him|her|them)sel)",
    r"\b(?:he|she|they)(?:'s| has| have)? just (?:turned up|showed up|shown up|come round|arrived)\b.*\b(?:shouting|banging|screaming|threatening|drunk|angry|door|house)\b",
    r"\bshouting through (?:the|my|our) (?:letterbox|door|window)\b",
    # "...and just tried my back door handle", "she's trying the front door".
    r"\b(?:just|is|'s|are|'re|keeps?|now) (?:tried|trying|tries|rattling|rattled|trying to open) (?:my|our|the) "
    r"(?:back |front |side |bedroom |bathroom )?(?:door|window)s?(?: handles?)?\b",
    r"\b(?:is|'s|keeps?|keep|(?:has|have|'s|'ve|s) been) (?:parked|sat|sitting|waiting|standing|hanging around|lurking|pacing|walking up and down)"
    r"(?: there| up and down)? (?:outside|by|at|near) (?:my|our) (?:house|flat|home|work|school|door|window)\b",
    r"\b(?:is|'s|are|'re) (?:sat|sitting|parked|standing) (?:there|outside) (?:staring|watching|looking) (?:up )?(?:at|into) (?:my|our|me)\b",
    r"\b(?:being|getting) (?:dragged|bundled|pulled|forced) into (?:a|the|his|their) (?:car|van)\b|\bsnatched (?:him|her|(?:my|our) (?:\w+ )?"
    + _PERSON
    + r")\b",
    r"\b(?:keeps?|is|he'?s|she'?s) (?:touching|groping|grabbing) me\b|\bexposing himself\b",
    r"\bthreatening to (?:kill|stab|hurt|burn|shoot|batter)\b",
    # A threat against telling, while the writer is telling: "he said he would kill me if i told anyone".
    r"\b(?:said|says|saying|told me|threatened|threatens|warned me)(?: that)?"
    r"(?: (?:he|she|they)(?:'d| would| will|'ll| is going to|'s going to| was going to)| hed| shed| theyd| to)?"
    r" (?:kill|stab|hurt|batter|beat|shoot|burn|do)(?: me| us)?(?: in)? if (?:i|we) (?:ever )?"
    r"(?:told?|tell|telling|said|say|report(?:ed)?|complain(?:ed)?|grass(?:ed)?|spoke|speak|went to|go to|called|rang)\b",
    # "he said hell do me in properly this time", "they said theyd come back and burn the house down tonight".
    r"\b(?:says?|said|saying)(?: that)? (?:(?:he|she|they)(?:'ll| will|'d| would| is going to|'s going to| are going to|'re going to)|"
    r"hell|shell|theyll|hed|shed|theyd) (?:\w+ )?do (?:me|us|my \w+) in\b",
    r"\b(?:come back|coming back|gonna|going to|will|'ll|'d)\b[^.!?]{0,20}\b(?:burn|torch|firebomb|petrol bomb)\w*(?: down)? "
    r"(?:the|my|our|your) (?:house|flat|home|place|car|shop)\b",
    # An abuser on the way: "he's been hurting me ... he's on his way home now".
    r"\b(?:been|keeps?|keep) (?:hurting|hitting|beating|abusing|strangling|choking) me\b.*\b(?:on (?:his|her|their) way "
    r"(?:home|here|back|round|over)|(?:is|'s|are|'re) coming (?:home|back|round|over)|will be (?:home|back) (?:soon|any minute))\b",
    r"\bi(?:'?m| am) in danger\b",
    # Asking whether to call 999 now: "should i just ring 999 again", "do i call 999?" (round 41's tester got
    # the IOPC's phone number). Not "should I have called 999", nor "next time".
    r"\b(?:should|shall|do|can|must|need to|have to) i (?:just |still |really |now |not )?(?:ring|call|phone|dial) 999\b"
    r"(?! (?:next time|in future|in the future|if|when|for|about)\b)|\bis it (?:ok|okay|alright|right) to (?:ring|call|phone) 999\b"
    r"|\bddylwn i (?:ffonio|galw) 999\b",
    r"\b(?:we|i)(?:'?re|'?m| are| am) not safe\b",
    r"\bin danger (?:now|right now)\b",
    r"\bi can'?t (?:talk|speak)\b.*\b(?:he|she|they|someone|hear|here|outside)\b",
    r"\b(?:he|she|they|someone)\b.*\bi can'?t (?:talk|speak)\b",
    r"\bhiding (?:from|in)\b",
    # Writing in secret while the danger is in the next room: "I'm typing while he's in the kitchen".
    r"\b(?:typing|texting|writing|messaging)(?: this| you)? (?:while|whilst|as|cos|because) (?:he|she|they)(?:'s|'re| is| are) "
    r"(?:in the (?:kitchen|other room|next room|front room|living room|garden)|downstairs|upstairs)\b",
    r"\b(?:just (?:put|got)|(?:has|'s) got|is putting|putting|squeezing) (?:his|her|their) hands? (?:round|around|on) (?:my|her|his) (?:neck|throat)\b",
    r"\blocked (?:myself|ourselves) in\b",
    # A threat of what is to come: "he said if I complain he'll make sure I end up in the canal".
    r"\b(?:make sure|see to it(?: that)?) (?:i|we|you|my \w+) (?:end up|ends up|wind up|winds up|am|are|is) "
    r"(?:in (?:the|a) (?:canal|river|ditch|hospital|box|morgue|grave|boot of a car)|dead|six feet under)\b",
    # Watching the writer now: "he's still in the car park watching the door".
    r"\b(?:he|she|they|someone|somebody|a (?:man|car|van))(?:'s|'re| is| are) (?:still )?(?:in|outside|by|at|across) "
    r"(?:the |my |our )?(?:car park|street|road|drive|driveway|gate|house|flat|building|work|school)\b[^.!?]{0,20}"
    r"\b(?:watching|staring at) (?:me|us|my|our|the (?:door|house|flat|window|building|entrance))\b",
    # Someone telling the writer they will not live: "he's just told me I won't see the morning".
    r"\b(?:told|tells|telling|said|says|saying) (?:me|us)(?: that)? (?:i|we) (?:won'?t|wont|will not) (?:see|live to see|make it (?:to|through)) "
    r"(?:the )?(?:morning|tomorrow|the night|night|another day|christmas|my birthday)\b",
    r"\b(?:squeezing|pressing on|kneeling on|crushing) (?:his|her|their|my) (?:neck|throat)\b.*\b(?:now|right now|as we speak)\b",
    r"\b(?:officers?|police(?:man|woman)?|cops?|coppers?|guards?|sergeant)\b[^.!?]{0,20}\bjust\b[^.!?]{0,30}\b(?:slapped|hit|punched|kicked|"
    r"strangled|choked|headbutted|assaulted|attacked|battered) me\b(?! with (?:a |an |another )?(?:£?[\d,.]+ )?(?:fine|ticket|charge|penalty|summons|bill))",
    r"^\s*(?:help|help me|please help|pls help|plz help|heeelp|help!+)\s*[!.]*\s*$",
    r"^\s*help+[!.,]* (?:me )?(?:he|she|they|someone|somebody)\b",
    r"\b(?:send|call) (?:the )?(?:police|help|an ambulance) (?:now|quick|please|pls|asap)\b",
    r"\bsomeone(?:'?s| is) (?:hurting|attacking|hitting|following) (?:me|us)\b",
    r"^\s*(?:being|getting) (?:followed|chased)\b|\b(?:a|this|some) (?:car|van|man|guy|bloke|lad|gang|group)(?: of \w+)?"
    r"(?:'s| is| are| keeps?)? (?:following|chasing|tailing) (?:me|us)\b",
    r"\b(?:won'?t|wont|will not|refuses? to|refusing to) (?:leave|get out of) (?:my|our) (?:house|flat|home|room|bedroom|doorstep)\b",
    r"\b(?:baby|toddler|child|kids?|little (?:one|boy|girl))\b.{0,60}\b(?:crying|screaming) (?:for hours|all night|nonstop|for ages)\b"
    r".{0,60}\b(?:no ?one|nobody|no-one|no adults?)\b",
    r"\bbabi\b.{0,60}\bcrio ers oriau\b|\bcrio ers oriau\b.{0,60}\b(?:does neb|dim neb)\b",
    # Welsh: "in danger", "help me", "he's going to kill me", "he has a knife".
    r"\bmewn perygl\b",
    # "ymosod arna i" (attacking me) inflects the preposition; "fy nharo" (hitting me) mutates the verb.
    r"(?:\byn |['’]n )(?:taro|curo|cicio|ymosod ar(?:na|nat|no|ni|non|noch|nyn)?|fy (?:nharo|nghuro|nghicio|mrifo))\b"
    r".*\b(?:nawr|rŵan|rwan)\b",
    # "mae o'n fy nharo i" (he is hitting me): Welsh says "now" with "mae ... yn", not with the past "roedd".
    r"\bmae (?:e|o|fe|fo|hi|nhw|rhywun|dyn)(?:['’]n| yn) (?:fy (?:nharo|nghuro|nghicio|mrifo|nhagu)|ymosod ar(?:na|non)|"
    r"ein (?:taro|curo|cicio|brifo))\b",
    # "Help me", unless it is help to complain ("...dw i'n mynd i gwyno. Helpwch fi plis") with nothing about now.
    r"^(?!.*\b(?:cwyn\w*|gwyno|gŵyn|nghwyn|complaint|ffurflen)\b).*\bhelpwch fi\b|\bhelpwch fi\b.{0,40}\b(?:nawr|rŵan|rwan|brys|yma|tu allan)\b",
    # "mae'r swyddog yn gwasgu ei wddf o ... wrthi rŵan" (squeezing his neck, at it now), "yn ei dagu".
    r"(?=.*\b(?:nawr|rŵan|rwan|wrthi)\b).*(?:\byn |['’]n )(?:gwasgu (?:ei|fy|eu) (?:wddf|gwddf|wddw|gwddw)|(?:ei|fy|eu) (?:dagu|nhagu)|tagu)\b",
    # "dw i'n cuddio" (I'm hiding).
    r"\b(?:dw i|dwi|rydw i|rwy|dan ni|ry'n ni)(?:['’]n| yn) cuddio\b",
    r"\bmynd i['’ ]?(?:n )?lladd i\b",
    r"(?:\byn |['’]n )bygwth (?:fy|ein) (?:lladd|mrifo|nharo|nhrywanu)\b",
    # "he will / is going to kill me" ("mae e wedi dweud y bydd e'n fy lladd heno"), not "kill myself".
    r"\b(?:bydd|fydd|wneith|neith|am|mynd i)\b (?:\w+['’]n )?fy lladd\b(?!(?: i)? fy hun)",
    # "gyda chyllell" (with a knife: "gyda" mutates it), "efo cyllell" in the north, "ganddo fe gyllell" (he has a knife).
    r"\b(?:cyllell|gwn|dryll) (?:gydag|gyda|efo|hefo|ganddo|ganddi|ganddyn)\b"
    r"|\b(?:gydag?|efo|hefo|ganddo(?: fe| fo)?|ganddi(?: hi)?|ganddyn(?: nhw)?) (?:gyllell|chyllell|cyllell|wn|gwn|dryll|ddryll)\b",
]

# "breath", "breathe", and as people type it: "breeve", "breth", "breething".
_BREATHE = r"bre(?:a|e)?(?:th|v|f)(?:e|ing|in)?"
_MEDICAL = [
    r"\b(?:not|isn'?t|is not|aint|ain'?t|stopped|has stopped|no longer|can'?t|cannot|struggling to|hardly) "
    + _BREATHE
    + r"\b",
    r"\b(?:he|she|they|someone|somebody|a (?:man|woman|boy|girl|lad|kid)|(?:my|our) (?:\w+ )?"
    + _PERSON
    + r"|i|i'?ve|i have)"
    r"(?:'s| is| are|'re| has| have| just)? (?:just )?(?:collapsed|passed out|gone limp|unconscious|unresponsive|not responding|turning blue|gone blue)\b",
    r"\b(?:won'?t wake(?: up)?|can'?t wake (?:him|her|them|my)|lips (?:are |going |turning )?blue|going blue)\b",
    r"\bblood (?:is )?(?:coming|pouring|pumping) (?:out of|from)\b",
    r"\b(?:i'?ve|i have|she'?s|he'?s|has|have) (?:just )?fallen\b.*\bcan'?t get up\b",
    r"\b(?:is|'s|are|'re|hes|shes|theyre) having (?:a )?(?:fit|seizure)\b|\b(?:is|he'?s|she'?s|they'?re|started|keeps) fitting\b",
    r"\bbleeding (?:badly|heavily|a lot|everywhere|loads|out|from (?:his|her|their|the|my) head)\b",
    r"\b(?:won'?t|will not|can'?t) stop (?:the )?bleeding\b|\bblood everywhere\b",
    r"\b(?:need|call|get|send) (?:an |a )?ambulance\b",
    r"\b(?:is|he'?s|she'?s|they'?re) dying\b",
    r"\b(?:hit|banged|bashed|cracked|smashed|knocked) (?:his|her|my|their) head\b.*\b(?:been sick|being sick|vomit\w*|throwing up|"
    r"keeps? asking the same|can'?t remember|not making sense|drowsy|confused|passed out|blacked out)\b",
    r"\b(?:bent|twisted|pointing|facing) the wrong way\b|\bbone (?:is )?sticking out\b",
    r"\bcan'?t (?:move|feel) (?:his|her|my|their) (?:legs|arms|body|neck|feet)\b",
    r"\b(?:feel|feels|feeling) like (?:i'?m|im|i am|he'?s|hes|she'?s|shes) (?:going to|gonna|about to) (?:pass out|faint|black out)\b"
    r"|\b(?:i'?m|im|i am|he'?s|hes|she'?s|shes) (?:about to|going to|gonna) (?:pass out|faint|black out)\b",
    r"\bchest (?:is |feels )?(?:crushing|really tight|so tight)\b|\bcrushing (?:pain in (?:his|her|my) )?chest\b",
    # The signs of a heart attack together, in one sentence: "a crushing pain in the middle of my chest that goes up into my jaw".
    r"\b(?:pain|pains|ache|aching|tightness|pressure|heaviness|crushing)\b[^.!?]{0,30}\bchest\b[^.!?]{0,60}"
    r"\b(?:arm|jaw|neck|sweat\w*|clammy|breathless|short of breath|grey|gray)\b",
    r"\b(?:seeing|see|sees) (?:double|2 of|two of)\b|\bdouble vision\b",
    r"\bpain (?:is )?(?:going |spreading |shooting |running )?down (?:my|his|her|their) (?:left )?arm\b",
    r"\b(?:mrest|mrest i|frest|brest)(?:['’]n| yn) (?:dynn|boenus)\b|\bpoen yn (?:mynd |saethu )?(?:lawr|i lawr) (?:fy|ei) (?:mraich|braich|fraich)\b",
    # Welsh: not breathing, unconscious, fainted, bleeding heavily, a fit, an ambulance.
    r"\bddim yn anadlu\b|\bwedi stopio anadlu\b|\banymwybodol\b|\bwedi llewygu\b|\bgwaedu(?:'n| yn)? (?:drwm|lot|ym mhobman)\b",
    r"\bambiwlans\b|\bcael ffit\b|\btroi'?n las\b|\bddim yn deffro\b",
    # Trouble breathing, lips gone blue, a stroke, a heart attack.
    r"\b(?:trafferth|methu|ffaelu) anadlu\b|\bddim yn anadlu'?n iawn\b|\b(?:gwefusau|wefusau)(?:'n| yn) las\b|\b(?:cael|wedi cael) strôc\b|\btrawiad ar y galon\b",
]

# The chat's own things and a complaint's papers, which go missing without anyone being in danger (Welsh): buttons,
# options, the menu, messages, the form, a letter.
_THINGS_CY = (
    "botymau",
    "botwm",
    "opsiynau",
    "opsiwn",
    "dewisiadau",
    "dewislen",
    "neges",
    "negeseuon",
    "ffurflen",
    "llythyr",
    "ebost",
    "e-bost",
    "sgwrs",
    "manylion",
    "ffeil",
)
_NOT_AFTER_A_THING = "".join(f"(?<!{thing} )(?<!{thing} ')" for thing in _THINGS_CY)

_MISSING = [
    r"\b(?:my|our) (?:\w+ )?"
    + _PERSON
    + r"(?:'?s| is| has| has been| have| went| gone| has gone| got)? (?:gone )?(?:missing|lost(?! (?:his|her|their|my|our|your|the|a|an|it|its|some|all)\b)|run away|ran off)\b",
    r"\b(?:can'?t|cannot|cant|can not) find (?:my|our) (?:\w+ )?" + _PERSON + r"\b"
    r"|\b(?:my|our) (?:\w+ )?" + _PERSON + r" (?:can'?t|cannot|cant|can not) be found\b",
    r"\b(?:hasn'?t|has not|havent|haven'?t|didn'?t|did not) (?:come|came|got|gotten) (?:home|back home|back yet|"
    r"back from (?:school|college|the shops?|the park|town|(?:his|her|their) \w+))\b",
    r"\blost (?:my|our) (?:\w+ )?(?:son|daughter|child|kid|boy|girl|little one|toddler|baby|mum|dad|nan|grandad)\b",
    # Still on the way ("she's gone towards the river"), never a chase told of ("he ran towards the canal").
    r"\b(?:he|she|they)(?:'s|'ve| has| have| is| are|'re) (?:gone|headed|heading|walking|walked off|run off|running|wandered off|wandering)"
    r" towards the (?:river|canal|bridge|railway|tracks|train tracks|sea|cliffs?|quarry|motorway|docks)\b",
    # Taken by someone (not an arrest: the police are never the subject here).
    # "Took" only with a car or "away" ("someone took my daughter home" is a kindness).
    r"\b(?:some(?:one|body)|a (?:man|woman|guy|bloke|stranger|lad)|(?:two |some )?(?:men|strangers))(?: has| have| just)* "
    r"(?:(?:grabbed|snatched|dragged|bundled)|(?:took|taken)(?=[^.!?]{0,60}\b(?:drove|driven|car|van|away)\b)) (?:my|our) (?:\w+ )?"
    r"(?:boy|girl|son|daughter|child|kid|baby|toddler|grandson|granddaughter)\b(?!'s)",
    r"\bnever (?:got|came|come|made it) home\b|\bnever (?:turned up|arrived) (?:today|tonight|at|to) ?(?:school|college|work)?\b",
    r"\b(?:can'?t|cannot|cant) see (?:him|her|them|(?:my|our) (?:\w+ )?" + _PERSON + r") anywhere\b"
    r"|\blost sight of (?:him|her|them|(?:my|our) (?:\w+ )?" + _PERSON + r")\b"
    r"|(?<!they )(?<!who )(?<!who'd )(?<!who had )(?<!when he )(?<!when she )\b(?:wandered|run|ran) off\b(?! with)|\bgot separated\b|"
    r"\b(?:has|have|'s) been gone (?:since|for)\b",
    r"\b(?:he|she|they)(?:'s| is| are|'re| has| have)? (?:been |gone |went )?missing\b",
    r"\b(?:teen|teenager|teenage (?:boy|girl|son|daughter)|"
    + _PERSON
    + r")(?:'s| is| has)? (?:been |gone |went )?missing (?:since|for)\b",
    # "son 14 not back", "my daughter's still not home", "he's not back yet" (a child's age, "still" or "yet").
    r"\b"
    + _PERSON
    + r",? \(?\d{1,2}\)?,? (?:is |'s |has )?(?:still )?(?:not|isn'?t|hasn'?t been|hasnt been) (?:back|home)\b"
    r"|\b" + _PERSON + r"(?:'s| is| has)? still (?:not|isn'?t|hasn'?t been|hasnt been) (?:back|home)\b"
    r"|\b"
    + _PERSON
    + r"(?:'s| is| has)? (?:not|isn'?t|hasn'?t been|hasnt been) (?:back|home) (?:yet|since|all night|from school)\b",
    # Welsh: missing/lost, hasn't come home, can't find. Not the chat's own things: "ma'r botymau 'di diflannu".
    _NOT_AFTER_A_THING + r"\bar goll\b|" + _NOT_AFTER_A_THING + r"\b(?:wedi|di) diflannu\b|"
    r"\bheb ddod (?:adref|adre|adra|gartref|gartre|nôl|yn ôl)\b|\bddim wedi dod (?:nol |nôl |yn ôl )?(?:adref|adre|adra|gartref|gartre)\b|\bmethu (?:ffeindio|dod o hyd i)\b(?! (?:\w+ ){0,2}ar y (?:system|wefan|cyfrifiadur)\b)(?! (?:y|yr|fy|ein|eich) (?:gŵyn|gwyn|nghwyn|cwyn|ffurflen|ebost|e-bost|llythyr|rhif|manylion)\b)(?!['’]r (?:gŵyn|gwyn|ffurflen|ebost|e-bost|llythyr|rhif|manylion)\b)",
]

# What people take too much of: "all my tablets", "a load of my nan's diazepam", "too many co-codamol".
_MEDICINES = (
    r"(?:pills?|tablets?|meds|medicines?|medication|capsules|paracetamol|ibuprofen|aspirin|co-?codamol|codeine|"
    r"painkillers|sleeping pills|antidepressants|sertraline|citalopram|fluoxetine|amitriptyline|mirtazapine|diazepam|"
    r"valium|xanax|benzos|zopiclone|tramadol|morphine|oxycodone|methadone|insulin|propranolol|lithium|quetiapine|"
    r"prescription|heroin|cocaine|ketamine|ket|spice|mdma|ecstasy|fentanyl)\b"
)
# Taken too much of them: "an overdose", "all my tablets", "all of them." (not "all of them to the station",
# "all of it on camera").
_TOO_MUCH = (
    r"(?:an overdose|(?:all|a load of|loads of|lots of|a bunch of|too many) (?:of )?"
    r"(?:(?:the|my|his|her|their|our|these|those|\w+'?s) )?(?:\w+ ){0,2}?" + _MEDICINES + r"|"
    # "30 paracetamol", "about 40 of my tablets": twenty or more, never a dose ("20 mg tablets").
    r"(?:about |like |over |nearly |around |at least )?(?:[2-9]\d|\d{3}|twenty|thirty|forty|fifty|sixty|a hundred)\+? (?:of )?"
    r"(?:(?:the|my|his|her|their|our|these|those) )?(?:(?!mg\b|ml\b|milligrams?\b)\w+ )?" + _MEDICINES + r"|"
    r"all (?:of )?(?:them|it)(?=\s*(?:[.,!?;:]|$)|\s+(?:and|now|tonight|today|earlier|just now|an? (?:hour|few)|\d+)\b))"
)

# A farewell: "love you all, it's better this way" (the writer's, or someone else's when they sent it).
_FAREWELL = r"\b(?:love you all|sorry for everything)\b.{0,40}\b(?:it'?s|its|it is) (?:better|best|easier) (?:this way|for everyone)\b"

# The writer's own crisis: direct and indirect words.
_OWN_CRISIS = [
    r"\b(?:kill|killing|hang|hanging|hurt|hurting|harm|harming|cut|cutting) my ?self\b",
    r"\bi(?:'?m| am)(?: feeling| so)? suicidal\b|\bsuicidal (?:thoughts|feelings)\b|\bthinking (?:about|of) suicide\b",
    r"\bend (?:it all|my life|things|everything)\b",
    r"\btake my (?:own )?life\b",
    r"\b(?:want|wanna|going|gonna|wish i could|ready) (?:to )?die\b",
    r"\bwant to be dead\b|\bwish i (?:was|were) dead\b|\bbetter off dead\b",
    r"\b(?:don'?t|do not|dont) want to (?:live|be alive|wake up|exist)(?: anymore| any more)?\b",
    r"\b(?:don'?t|do not|dont) want to be here(?: anymore| any more| now|\s*[.!]*$)",
    # "if i just went to sleep and didnt wake up", "i want to go to sleep and never wake up"; not "...until noon".
    # The writer's only: "he wants to go to sleep and never wake up" is someone else's, left to the other checks.
    r"(?:\bif i (?:just |could (?:just )?)?(?:went|go)|(?:\bi (?:just )?(?:want to|wanna|wish i could|could)|\bi'?d (?:just )?"
    r"(?:like to|love to|rather)|\bwish i could|(?:^|[.!?,;] *)(?:just )?(?:want to|wanna))(?: just)? go) to sleep and "
    r"(?:not|never|didn'?t|don'?t|wouldn'?t|won'?t) (?:wake|waking|woke) up\b(?! (?:until|till|til|for|when|in time|on time)\b)",
    r"\b(?:i'?m|im|i am)(?: (?:stood|standing|sat|sitting|up))? (?:at|on) beachy head\b",
    # Arrangements made, with a time or a farewell: "I have made my arrangements ... no forwarding address after tonight",
    # "I have put my affairs in order ... so she can pursue it after I am gone" (round 47: the classifier lost it).
    r"^(?=.*\b(?:made|sorted|put|putting) (?:all )?(?:my (?:final )?arrangements|my affairs in order)\b)"
    r"(?=.*\b(?:tonight|after today|won'?t be (?:here|around)|no forwarding address|goodbye|last (?:message|letter|email)"
    r"|(?:after|when|once) i(?:'?m| am) gone)\b)",
    r"\bi(?:'ve| have)? (?:picked|chosen) tonight\b",
    _FAREWELL,
    r"\bself[- ]?harm(?:ing)?\b.*\b(?:again|now|tonight|want|urge)\b|\bi(?:'?ve| have)? (?:been )?self[- ]?harm",
    r"\b(?:i|i'?ve|i have) (?:just )?(?:took|taken|swallowed|had) " + _TOO_MUCH,
    # Told with no "I", as a sentence of its own: "Took 30 paracetamol. The police did this to me".
    r"(?:^|[.!?] *)(?:just )?(?:took|taken|swallowed|necked|downed) " + _TOO_MUCH,
    # About to take them, the writer (after "i" or a sentence start): "i'm going to take all my tablets tonight", "im
    # taking them all tonight"; not "...to the station", "...as prescribed"; "she's going to take all her tablets" is
    # someone else's crisis.
    r"(?:^|[.!?,;:] *|\b(?:i|i'?m|im|i am|i'?ll|ill|i will) )(?:(?:just|really|finally) )?"
    r"(?:(?:going to|gonna|gna|about to|want to|wanna) )?(?:take|taking|swallow|swallowing) "
    r"(?:" + _TOO_MUCH + r"|them all\b(?=\s*(?:[.,!?;:]|$)|\s+(?:now|tonight|today)\b))"
    r"(?! (?:with me|to (?:the|my|court|custody|hospital|station|police)|in(?:to)? (?:the|my|custody|court)|along|as prescribed|"
    r"on time|properly|in the morning|with food)\b)",
    r"\bi(?:'?ve| have)? (?:just )?overdosed\b|\b(?:thinking|thought) (?:about|of) (?:an overdose|overdosing|taking all)\b",
    r"\b(?:no|don'?t see (?:the|any)|what'?s the) point (?:in |of )?(?:living|anything|going on|carrying on|being alive|it all|life|me being here)\b",
    r"\bcan'?t (?:go on|do this anymore|take (?:it|this) anymore|cope anymore|carry on)\b",
    r"\bnot safe (?:with|around) (?:myself|me)\b",
    r"\bjump (?:off|from) (?:a|the|this|that|my|our) (?:bridge|roof|building|cliff|car park|multi[- ]?storey|ledge|balcony|tower|window)\b|\bjump in front of\b",
    r"\bnot (?:worth|wanting to be) (?:living|alive)\b",
    r"\bwant(?:ed)? to (?:disappear|vanish)(?: forever)?\b",
    r"\bno reason (?:for me )?to (?:be alive|live|go on|carry on|be here|be around|stay|stick around|keep going)\b|\bnothing (?:left )?to live for\b",
    r"\b(?:everyone|everybody|they|family|people|my (?:\w+ )?"
    + _PERSON
    + r")(?:'d| would)(?: all)? be better off without me\b",
    r"\bbetter off without me\b",
    r"\b(?:had|have had|'ve had) enough of (?:life|living|everything|it all|being alive)\b",
    r"\b(?:nobody|no one|no-one|noone) (?:would|will|'d) (?:even )?(?:miss me|notice (?:if )?i(?:'?m| was| were)? gone|care (?:if )?i(?:'?m| was| were)? gone)\b",
    r"\b(?:tired|sick) of (?:living|being alive|life|existing)\b",
    r"\b(?:burn|burning|burnt|burned) my ?self\b|\bgiving (?:away )?(?:all )?my (?:things|stuff) away\b|\bwritten (?:a |my )?(?:suicide )?notes?\b.*\b(?:goodbye|family|kids|children)\b",
    r"\b(?:rope|noose)\b.*\b(?:garage|loft|ready|looking at it|keep looking)\b",
    # "After I send this I'm going to the woods with my belt": a lonely place, and something to hang from.
    r"\b(?:going|goin|gonna go|heading|off) (?:to|into|out to|up to|down to) (?:the |my )?(?:woods|forest|trees|garage|loft|"
    r"attic)\b.{0,20}\bwith (?:my|a|the) (?:belt|rope|cord|noose)\b(?! on\b| to (?:tie|fix|hold|hang (?:up|the|some)|carry))",
    # "My shotgun is out on the kitchen table and I keep looking at it". Only the writer's own: "he has a knife and I
    # keep looking at it" is a threat.
    r"\bmy (?:\w+ )?(?:shotgun|gun|rifle|pills|tablets|knife|knives|blades?|razors?)\b[^.!?]{0,60}\bi (?:keep|can'?t stop|'ve been|have been) "
    r"(?:looking|staring) at (?:it|them)\b",
    r"\b(?:written|writing|wrote) (?:goodbye )?(?:letters?|notes?|messages?)\b.*\bgoodbye\b|\bsay(?:ing)? goodbye to (?:everyone|my (?:kids|children|family))\b",
    r"\b(?:said|saying|say) (?:my )?goodbyes? to (?:everyone|everybody|my \w+)\b.*\b(?:tonight|river|bridge|cliffs?|forever|for good|"
    r"for the last time)\b",
    r"\blast thing i(?:'?m| am) (?:ever )?(?:going to|gonna) do\b",
    r"\bwhen (?:they|you|someone|somebody|the police|police|my \w+) finds? me\b",
    r"\b(?:once|when|after) (?:i'?m|im|i am) (?:dead|gone)\b.{0,30}\b(?:soon|not long|tonight|tomorrow)\b",
    r"\b(?:write|writing|wrote|written|leave|leaving|left|as) (?:a |my )?suicide note\b",
    r"^\s*(?:i'?m |im |i am )?(?:gonna|going to|about to) jump\s*[.!]*\s*$",
    r"\b(?:my|the) last (?:message|text|words?) (?:to (?:anyone|anybody|everyone|you all)|(?:i'?ll|ill|i will) ever (?:send|write))\b",
    r"\bby the time (?:you|u|they|anyone) (?:read|reads|see|sees|get|gets|find|finds) this\b|\blast (?:night|day) on (?:this )?earth\b",
    r"\bhow (?:much|many)(?: of)? (?:my )?(?:insulin|paracetamol|pills|tablets|meds|medication|co-?codamol|sleeping pills|"
    r"antidepressants)\b.{0,40}\b(?:too much|too many|kill|lethal|fatal|it takes|to die)\b",
    r"\bi (?:won'?t|will not) be (?:around|here) (?:much longer|for long|anymore|tomorrow)\b",
    # "doesnt matter, wont need it after tonight"
    r"(?:^|[.!?,;] ?|\bi )(?:won'?t|wont|will not) (?:need|be needing) (?:it|this|that|them|anything|any of (?:it|this|that)|my \w+)(?: any ?more)? "
    r"(?:after|past|beyond) (?:tonight|today|tomorrow)\b",
    # Not "I won't be here for the decision, I'm on holiday".
    r"\bi (?:won'?t|will not|wont) (?:be (?:around|here|alive)|live) (?:to (?:see|hear|read|get)|for (?:the|your|my) (?:outcome|result|answer|decision|reply))\b"
    r"(?![^.!?]{0,60}\b(?:on holiday|abroad|out of the country|working away|moving house|on a course)\b)",
    r"\bi(?:'ll| will|'m going to| am going to|'m gonna| want to| wanna| can)? (?:just |finally )?stop being a (?:problem|burden|nuisance|bother|worry) "
    r"(?:to|for) (?:every(?:one|body)|any(?:one|body)|people|them|my \w+)\b"
    r"|\bi (?:won'?t|will not|wont) be a (?:burden|problem) (?:to (?:any(?:one|body)|every(?:one|body))|any ?more|much longer)\b",
    r"\bi(?:'ve| have| just)? (?:just )?(?:drink|drank|drunk|swallowed) (?:some |a (?:little )?bit (?:of )?|little bit (?:of )?)?bleach\b",
    r"\b(?:don'?t|dont|do not) think (?:i'?ll|ill|i will|i can|i'?m gonna|im gonna|i'?m going to) (?:last|hold on|survive)"
    r" (?:that long|much longer|long|till|until|the (?:night|week|weekend))\b",
    r"\b(?:i'?ve|ive|i have) been planning how (?:to|i'?ll|ill|i will|i'?m going to) (?:do it|end it|go)\b",
    # "i've got a knife and i'm going to use it on myself", "the only way it stops is if I stop".
    r"\b(?:use|turn) (?:it|them|this|that|the (?:knife|blade|gun|pills|tablets|rope)) on myself\b",
    r"\bonly way (?:it|this|the pain|everything|any of this) (?:stops|ends|will (?:stop|end)|is going to (?:stop|end)) is (?:if|for) (?:i|me)\b",
    r"\b(?:holding|staring at|lined up|lining up|counted|counting out) (?:the|my|all (?:the|my)|these|those) (?:tablets|pills)\b",
    # Only the writer there now: "I was at the top of the car park looking down and saw them hit him" is a witness.
    r"\b(?:i'?m|im|i am)(?: (?:stood|standing|sat|sitting))? (?:at|on) (?:the )?(?:top|edge) of (?:the|a|this) "
    r"(?:car park|multi[- ]?storey|bridge|building|roof|cliff|tower|block)\b.{0,60}\blook(?:ing)? down\b",
    r"\b(?:don'?t|dont|do not) know how (?:much )?(?:longer|long) i can (?:hold on|go on|keep going|cope|last|do this)\b",
    # Welsh: kill myself, want to die, self-harm, want to disappear, no reason to live, better off without me, can't go on.
    r"\b(?:ladd|brifo|llosgi|torri) fy hun\b",
    r"\beisiau marw\b|\bisio marw\b|\beisiau diflannu\b|\bisio diflannu\b|\b(?:trio|ceisio) marw\b",
    r"\bhunan[- ]?niwed",
    r"\bdim rheswm (?:i|dros) (?:fyw|fod yn fyw)\b|\bdim byd i fyw (?:iddo|amdano)\b",
    r"\b(?:ddim|dim) (?:isio|eisiau|eisie|moyn|ishe) bod (?:yma|yn fyw)\b|\bneb (?:yn|yn mynd i) (?:gweld fy eisiau|sylwi)\b",
    # Not wanting to live, north and south ("dwi ddim isio byw", "sa i moyn byw rhagor", "smo fi moyn bod yma"); never
    # a place ("ddim isio byw yn Abertawe", "...byw drws nesa iddo").
    r"\b(?:ddim|dim|" + _WELSH_SOUTH_NOT + r")(?: yn)? (?:(?:isio|eisiau|eisie|isie|moyn|ishe) byw|am fyw)\b"
    r"(?! (?:yn|mewn|ger|drws|yno|yna|yma)\b)",
    r"\b(?:" + _WELSH_SOUTH_NOT + r")(?: yn)? (?:isio|eisiau|eisie|isie|moyn|ishe) bod (?:yma|yn fyw)\b",
    r"\b(?:moyn|isie|ishe|eisie) marw\b",
    r"\b(?:gwell|well)(?: off)? (?:hebdda i|hebddo i|hebof i|hebddof fi)\b",
    r"\bmethu (?:mynd ymlaen|cario ymlaen|ymdopi)\b|\brhoi diwedd ar (?:y cyfan|fy mywyd|bopeth)\b",
    # "fydda i ddim yma i weld canlyniad y gŵyn" (I won't be here to see the complaint's outcome).
    r"\b(?:fydda i|fyddai|bydda i) ddim (?:yma|o gwmpas|yn fyw) (?:i (?:weld|glywed|gael|ddarllen)|rhagor|yn hir|llawer hirach|yfory)\b",
]

# A ligature round someone else's neck (round "my neck" it may be another's threat to the writer).
_LIGATURE_ON_ANOTHER = r"(?:rope|cord|belt|lead|ligature|noose|scarf|wire|flex|cable|something)(?: \w+)? (?:round|around) (?:his|her|their) neck"

# Someone else at risk: suicide or self-harm words about another person.
_OTHER_AT_RISK = [
    # Someone who rang to say goodbye and sorry: "my uncle phoned just now to say goodbye and that he was sorry".
    r"\b(?:phoned|rang|rung|called|texted|messaged|facetimed)(?: me| us)?(?: just now| tonight| earlier| an hour ago)? to say "
    r"(?:goodbye|bye)\b[^.!?]{0,40}\bsorry\b|\bto say (?:sorry|(?:he|she|they)(?: was| were|'s|'re) sorry)\b[^.!?]{0,30}\b(?:goodbye|bye)\b",
    # Someone else's farewell: "the last thing she sent was 'I love you all, it's better this way'".
    r"\b(?:sent|texted|messaged|wrote|said|posted)\b.{0,40}" + _FAREWELL,
    r"\b(?:kill|killing|hang|hanging|hurt|hurting|harm|harming|cut|cutting) (?:him|her|them)sel(?:f|ves)\b",
    r"\b" + _OTHER + r"(?:'?s| is| are|'re)? (?:feeling )?suicidal\b",
    r"\b" + _OTHER + r"(?:'?s| has| have|'ve)? (?:just )?(?:took|taken|swallowed|had) " + _TOO_MUCH,
    r"\b" + _OTHER + r"(?:'?s| is| are|'re)? (?:overdosing|self[- ]?harming)\b",
    r"\b"
    + _OTHER
    + r" (?:says?|said|keeps saying|is saying|texted|messaged|told me|writes?|wrote|written|posted|posts?|put)"
    r"(?: (?:on|in) (?:facebook|fb|insta\w*|snap\w*|tiktok|twitter|whatsapp|social media|(?:his|her|their) story|the group chat))?"
    r"(?: that)? (?:he|she|they)(?:'?s| is| are|'re|'ll| will| wants? to| is going to| are going to| gonna)? ?(?:going to |gonna )?(?:die|end it|kill|not be here|do something stupid)\b",
    r"\b"
    + _OTHER
    + r"(?:'?s| is| are|'re)? (?:standing |sat |sitting )?on (?:the|a) (?:bridge|ledge|roof|edge|railway|tracks?)\b",
    r"\b(?:he|she|they) (?:wants?|wanted) to (?:die|end it|end (?:his|her|their) life|kill (?:him|her|them)sel(?:f|ves))\b",
    r"\b(?:he|she|they)(?: just)? (?:doesn'?t|doesnt|does not|don'?t|dont|do not) want to (?:live|be alive|wake up|go on|exist)\b",
    r"\b(?:he|she|they)(?:'ll| will| would|'d|'s going to| is going to| are going to|'re going to| gonna) (?:end|take) (?:his|her|their) (?:own )?life\b",
    r"\b" + _OTHER + r"(?:'s| has| have)? (?:just )?(?:drunk|drank|drink|drinks|swallowed) (?:some )?bleach\b",
    r"\bstockpil(?:e|es|ed|ing) (?:her|his|their) (?:pills|tablets|meds|medication)\b",
    r"\b(?:he|she|they)(?:'d| would)? (?:be|is|are) better off dead\b|\b(?:he|she|they)(?:'s| is| are| has| have) nothing to live for\b",
    r"\b(?:keeps? saying|says|said|saying) (?:he|she|they)(?:'?s| is| are| was)? (?:gonna|going to|gna) (?:jump|end it|drive into|walk into)\b",
    # Welsh: kill/hurt themselves.
    r"\b(?:texted|messaged|sent (?:me )?(?:a )?(?:message|text)|said)\b.*\b(?:sorry for everything|goodbye|bye forever)\b.*"
    r"\b(?:won'?t answer|not answering|isn'?t answering|phone(?:'s| is)? (?:off|dead)|switched (?:his|her|their) phone off)\b",
    r"\b(?:l?ladd|brifo|torri) (?:ei|eu) hun(?:an)?\b",
    r"\b" + _OTHER + r"(?:'s| has| have|'ve| is| are|'re) (?:been )?(?:cutting|self[- ]?harming)\b"
    r"|\b(?:he|she|they)(?:'s| has| have|'ve) (?:just )?cut (?:really |very |so )?deep(?:er)?\b",
    r"\b(?:(?:ei )?fod (?:o|e|fe|fo)|(?:ei )?bod hi|(?:eu )?bod nhw) (?:eisiau|isio|am|moyn|isie|eisie) (?:marw|lladd ei hun)\b",
    # A ligature on someone now: "my service user has a cord round his neck".
    r"\b" + _LIGATURE_ON_ANOTHER + r"\b",
]

# Long ago, in words both `_PAST` and `_YEARS_AGO` know: "as a teenager", "when I was 15", "it was 2019", "llynedd".
_LONG_AGO = (
    r"as a (?:teenager|teen|kid|child)|in my (?:late |early |mid[- ]?)?(?:teens|twenties|20s)|when i was (?:younger|a kid|a child|a teenager|little|at school|\d{1,2})|"
    r"(?:that|it) was (?:in )?(?:19|20)\d\d|yn (?:19|20)\d\d|y llynedd|llynedd|flynyddoedd yn ôl"
)
# A past event told as a complaint: a medical emergency, a missing person or someone else's crisis that
# is over does not get the 999 reply (the serious-incident route answers it). Never applied to threats or
# to the writer's own crisis.
_PAST = re.compile(
    r"\b(?:last (?:week|weekend|month|year|summer|winter|spring|autumn|christmas)|" + _LONG_AGO + r"|"
    # Someone brought back or found quickly is over, unless a word says now ("...and now he's not breathing").
    r"(?:brought|fetched) (?:him|her|them) (?:back|home)|found (?:him|her|them) (?:really |very |pretty |so )?(?:quickly|quick|fast|straight away)|found (?:him|her|them)(?: safe(?: and well)?)? (?:within|after|in) (?:\w+ ){0,2}(?:minutes|mins|hours?)|"
    r"o hyd (?:iddo|iddi|iddyn)(?: fe| fo| hi| nhw)?(?:['’]n| yn) (?:saff|ddiogel|iawn)|last time(?! (?:any ?(?:one|body|1)|you|u|i'?ll|ill|we'?ll|we speak))|\d+ (?:days?|weeks?|months?|years?) ago|"
    r"(?:a few|several|two|three) (?:weeks|months|years) ago|years ago|(?:a few|several|two|three|many|\d+) years back|"
    r"when (?:we|i) (?:was|were) (?:together|married|a couple|going out|seeing each other|with (?:him|her|them))|years later|"
    r"(?:went|was|were|got) (?:missing|lost) (?:\w+ ){0,8}?for (?:about |around |nearly |almost |over |under )?(?:\d+|a few|ten|fifteen|twenty|"
    r"thirty|forty|an?) (?:minutes?|mins|hours?)|months ago|in (?:19|20)\d\d|back in|used to|"
    r"(?:in|last) (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"died|(?<!be )dead|passed away|was killed|killed (?:him|her|them)sel(?:f|ves)|took (?:his|her|their) own life|"
    r"committed suicide|(?<!for the )(?<!before the )(?<!until the )(?<!till the )(?:inquest|funeral|anniversary)|(?:was|were) found(?! (?:open|ajar|unlocked|empty|abandoned|smashed|broken)\b)|found (?:(?:him|her|them) )?(?:safe|alive|dead)|"
    r"(?<!n't )(?<!nt )(?<!not )(?<!never )(?:came home(?! from)|turned up)|is safe now|safe now|recovered|in the end|afterwards|at the time|bu farw|dywedwyd|"
    r"(?:blwyddyn|flwyddyn|flynedd|mlynedd|mis|fis|misoedd|wythnos|wythnosau) yn ôl|"
    r"(?:(?:nos )?(?:sadwrn|sul|llun|lun|fawrth|mawrth|fercher|mercher|iau|wener|gwener)|wythnos|mis|fis) (?:dwytha|dwetha|diwetha|diwethaf))\b"
    # "wedi marw" (has died) unless it is "bydd e wedi marw" (he will have died).
    r"|(?<!bydd )(?<!fydd )(?<!bydda )(?<!fydda )(?<!bydd e )(?<!bydd o )(?<!fydd e )(?<!fydd o )(?<!bydd hi )(?<!fydd hi )\bwedi marw\b"
)
_NOW = re.compile(
    r"\b(?:now|right now|at the moment|this minute|as we speak|tonight|today|this (?:morning|afternoon|evening)|currently|"
    r"just|again(?! (?:last|yesterday|back in)\b)(?! in (?:19|20)\d\d)|rn|tonights|nawr|rŵan|rwan|heno|heddiw|(?:an?|\d+|one|two|three|few|couple of) (?:hours?|hrs?|mins?|minutes?) ago|"
    r"since (?:\d{1,2}(?:[:.]\d\d)? ?(?:am|pm|o'?clock)|this morning|tea ?time|tea|dinner|supper|lunch ?time|lunch|breakfast|last night|yesterday))\b"
)
# Words of now that say nothing of now in a message told of then:
# - "just" meaning "only" ("I just want closure", "he was fine, just sore") or "barely" ("he survived, just"); a
#   sentence of its own ("i just want to disappear") is still told as now (`says_now`);
# - a "now" that places the writer's age, the complaint or the healing: "he's 70 now", "can I complain now", "the
#   stitches are out now", "the inquest is now set for May". Not "I want to now", "I'm ready now", "it's over now" or
#   "he's out now": each can be danger.
_NOW_IN_A_STORY = re.compile(
    r"\bjust (?=(?:want|wanted|wanna|wants|wondering|wondered|asking|curious|checking|for|sore|bruised|to (?:say|ask|let|check))\b)"
    r"|\bjust(?=[,.!?])"
    r"|\b(?:i'?m|im|i am|(?:he|she|they|we)(?:'s|s|'re|re| is| are)|(?:my|our) \w+(?:'s| is)) (?:nearly )?\d{1,2}(?: years old)? now\b"
    r"|\b(?:complain|complaint|report|appeal|review|do (?:something|anything)(?: about (?:it|this|that))?) now\b"
    r"|\b(?:divorced|separated|split up|broken up) now\b"
    r"|\b(?:is|are|'s|'re|its|it'?s) (?:now )?(?:healing|healed|set for)(?: now)?\b|\bstitch\w* (?:are|is|came) (?:now )?(?:out|off)(?: now)?\b"
)
# Years ago: a threat told only of then ("an officer pulled a gun on my son in 2020") is a complaint about
# it, if nothing in the message speaks of now or what is to come (`says_now`).
_YEARS_AGO = re.compile(
    r"\b(?:(?:in|since|back in|during) (?:19|20)\d\d|"
    r"(?:\d+|a few|several|two|three|four|five|six|many) (?:years|yrs) ago|years ago|last year|" + _LONG_AGO + r")\b"
)
# "Safe now", "home now": over, even though "now" is there.
_RESOLVED = re.compile(
    r"\b(?<!not )(?<!n't )(?<!nt )(?:is|'s|are|'re|was|got|came)? ?(?<!not )(?<!n't )(?<!nt )"
    # "He's home now" is someone back; "me home now" (BSL word order: "I am at home now") only says where the writer is.
    r"(?:safe|fine|ok|okay|alright|(?<!\bme )home|back home|recovered|recovering|better|healed|healed up) (?:now|again)\b"
    r"|\bnow (?:he|she|they)(?:'s|s| is| are|'re) (?:well|fine|ok|okay|safe|better|recovered)\b"
    # Welsh, never "ddim yn ddiogel nawr" (not safe now).
    r"|(?<!ddim yn )(?<!dim yn )(?<!ddim )(?<!dim )\b(?:saff|iawn|iach|ddiogel|adre|adra|adref|gartref) (?:nawr|rŵan|rwan|eto)\b"
    r"|\bwedi gwella\b|\bac yn (?:iawn|saff|iach|ddiogel)\b"
)
# Custody words: "my daughter took an overdose in the cell" is a serious incident to report, not the
# writer's own crisis (issue 11), unless it is happening now.
_CUSTODY = re.compile(
    r"\b(?:cell|cells|custody|police station|police van|in the van|while (?:arrested|detained)|cell[fo]edd|dalfa)\b"
)

# Words for harm to oneself with no subject, as a report says them ("took an overdose in the cell").
_CUSTODY_HARM = [r"\b(?:took|taken|had) an overdose\b|\boverdosed\b|\bself[- ]?harmed\b|\btried to (?:hang|kill)\b"]

_compile = lambda patterns: [re.compile(p) for p in patterns]  # noqa: E731
_false_alarm_re = re.compile("|".join(_FALSE_ALARMS))
_emergency_re = _compile(_EMERGENCY)
_medical_re = _compile(_MEDICAL)
_missing_re = _compile(_MISSING)
_own_crisis_re = _compile(_OWN_CRISIS)
_other_at_risk_re = _compile(_OTHER_AT_RISK)
_custody_harm_re = _compile(_CUSTODY_HARM)


@dataclass(frozen=True)
class DangerAssessment:
    """What the danger check found in one message."""

    level: str  # NONE, EMERGENCY or SELF_HARM: the route and the queue priority
    kind: str | None = None  # THREAT, MEDICAL, MISSING, OWN_CRISIS or OTHER_AT_RISK: the first reply
    over: str | None = None  # not urgent: the kind the patterns found in a message that says it is over
    help_called: bool = False  # the message says 999 is already called: the first reply says so

    @property
    def urgent(self) -> bool:
        return self.level != NONE

    @property
    def reply_kind(self) -> str:
        return self.kind or DEFAULT_KIND.get(self.level, THREAT)

    def reply(self, language: str = "en") -> str:
        """The first reply for this danger ("" when there is none)."""
        if not self.urgent:
            return ""
        if self.help_called and (self.reply_kind, "en") in CALLED_REPLIES:
            return CALLED_REPLIES.get((self.reply_kind, language)) or CALLED_REPLIES[(self.reply_kind, "en")]
        return REPLIES.get((self.reply_kind, language)) or REPLIES[(self.reply_kind, "en")]

    @property
    def reply_text(self) -> str:
        return self.reply("en")


def of_kind(kind: str) -> DangerAssessment:
    return DangerAssessment(LEVEL_OF_KIND[kind], kind)


def normalise(text: str) -> str:
    """Lower-case, straighten quotes, drop accents' variants and squeeze spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip()


def is_false_alarm(text: str) -> bool:
    """True when the only alarming words are everyday phrases ("killing time", "dead tired")."""
    return _false_alarm_re.search(normalise(text)) is not None and assess(text).level == NONE


def _cut_everyday(text: str) -> str:
    """The text, normalised, with its everyday phrases cut out; a space stays where each was, so no
    pattern can match across the cut."""
    return _false_alarm_re.sub(" ", normalise(text))


def without_everyday_phrases(text: str) -> str:
    """The text, normalised, with its everyday phrases ("this form is killing me", "dead tired") cut out."""
    return re.sub(r"\s+", " ", _cut_everyday(text)).strip()


def is_past_event(text: str) -> bool:
    """True when the message tells of something that is over (a death, "last year"), with no sign of now."""
    return _is_past(_cut_everyday(text))


_MEDICAL_CUES = re.compile(
    r"\b(?:breath\w*|"
    + _BREATHE
    + r"|unconscious|consciousness|unresponsive|bleed\w*|blood|fit|fitting|seizure|collaps\w*|not moving|lying (?:really )?still|"
    r"ambulance|choking|drowsy|floppy|(?:turn\w*|gone|going|lips?(?: are| is)?) blue|heart attack|stroke|can'?t wake|won'?t wake|not waking|gone under|drown\w*|"
    r"numb|can'?t feel (?:my|his|her|their) \w+|(?:gone|going|turned|turning) (?:white|grey|gray|cold)|"
    r"anadlu|anymwybodol|gwaed\w*|ambiwlans|deffro|strôc|trawiad ar y galon|llewyg\w*|ffit|chwydu)\b"
)
_MISSING_CUES = re.compile(
    r"\b(?:missing|lost|can'?t find|cannot find|gone since|wander\w*|separated|hasn'?t come|not come home|not back|run away|ran off|been gone|left a note|"
    r"(?:didn'?t|didnt|did not|never) (?:(?:come|came) (?:home|back(?! (?:to|with) (?:me|us|you)))|(?:get|got|make it|made it) home)|not in (?:his|her|their) (?:room|bed|flat)|no sign of (?:him|her|them)|(?:searched|looked|hunted) (?:\w+ ){0,6}without success|"
    r"ar goll|dod adre|dod adref|crwydro)\b"
)
_THIRD_PERSON_CRISIS = re.compile(
    r"\b(?:him|her|them)sel(?:f|ves)\b|\b(?:he|she|they|my \w+)(?:'s| is| are| says?| said| keeps? saying| has| have| hasn'?t| won'?t| keeps)\b.*\b(?:die|dead|end it|"
    r"pills|tablets|overdose|jump|bridge|ledge|rope|suicid\w*|goodbye|note|cut|cutting|self[- ]?harm\w*|"
    r"giv\w* (?:all )?(?:his|her|their) (?:things|stuff|belongings) away|"
    # Farewells: "my dad has just texted me 'look after your mum'", "she said it's time", "...last message".
    r"last (?:message|text|words)|look after (?:\w+ )?(?:mum|mam|dad|the kids|the children|the dog|everyone|your \w+)|"
    r"it'?s time|sorry for everything|love you all|better this way)\b|\bei hun(?:an)?\b|\beu hunain\b"
)


_REFLEXIVE_OTHER = re.compile(r"\b(?:him|her|them)sel(?:f|ves)\b|\bei hun(?:an)?\b|\beu hunain\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|i'd|me|myself|fi|dw i|dwi|fy hun)\b")


# Someone else's words, just before the crisis words they said: "she says she", "my son texted me that he".
_REPORTED_BY_ANOTHER = re.compile(
    r"\b(?:he|she|they|my \w+|(?:his|her|their|our) \w+)(?: (?:just|keeps?|kept|has|had|'s|is|was))? "
    r"(?:says?|said|saying|tells?|told (?:me|us|everyone)|texted|messaged|wrote|writes|posted|sent (?:me|us) (?:a )?(?:message|text))"
    r"(?: (?:me|us))?(?: that)?(?: (?:he|she|they)(?:'s|'re|'ll| is| are| will| was)?(?: (?:going to|gonna|wants? to|would|might|just))?)?\s*$"
    # Words someone left or sent: "mum's left a note saying she can't cope anymore", "a text to me saying he".
    r"|\b(?:note|letter|message|text|post|voicemail)(?: (?:to|for|from) (?:me|us|\w+))? (?:saying|that says|which says|said)(?: that)? "
    r"(?:he|she|they)(?:'s|'re|'ll| is| are| will| was)?(?: (?:going to|gonna|wants? to|would|might|just))?\s*$"
    # The crisis words right after someone else: "he's going to jump off...", "that she can't take it anymore",
    # "my dad says there is no point living", "mae o'n dweud 'dwi ddim isio bod yma'".
    r"|\b(?:he|she|they)(?:'s|'re|'ll| is| are| will| was| has)?(?: (?:just|now|really|still))?"
    r"(?: (?:going to|gonna|about to|wants? to|trying to|threatening to))?\s*$"
    r"|\b(?:says?|said|saying)(?: that)? there(?:'s| is)\s*$"
    r"|\b(?:mae|roedd) (?:o|e|hi|fe|fo|nhw)(?:'n| yn) (?:dweud|deud)(?: (?:bod|fod))? ?'?(?:dwi|dw i|fi)?\s*$"
)


def _said_by_another(normal: str) -> bool:
    """True when every crisis phrase in the message is someone else's reported words ("she say she don't want
    to live"), each just after the person who said it."""
    starts = [m.start() for p in _own_crisis_re for m in p.finditer(normal)]
    return bool(starts) and all(_REPORTED_BY_ANOTHER.search(normal[max(0, s - 60) : s]) for s in starts)


def _about_someone_else(normal: str) -> bool:
    """Crisis words about another person ("my wife says she has nothing to live for"), not the writer.
    Misreading the writer's own crisis as someone else's is the worse mistake, so a message that also
    speaks of "I" or "me" counts as the writer's unless the words are plainly about another."""
    if any(p.search(normal) for p in _other_at_risk_re) or _REFLEXIVE_OTHER.search(normal) or _said_by_another(normal):
        return True
    return _THIRD_PERSON_CRISIS.search(normal) is not None and _FIRST_PERSON.search(normal) is None


# Ending one's own life, or the place or the means, in one clause: "he's live with a blade saying he'll end it",
# "a student in my flat is talking about suicide", "he's got a knife to his own wrist", "my best mate is on the
# train tracks", "my client has tied something round his neck", "I've got a knife and I'm going to end it".
# Read only to choose the reply for a threat already found: the life threatened may be the holder's own.
_ENDING_OWN_LIFE = re.compile(
    r"\b(?:end it(?: all)?|end (?:his|her|their|my) (?:own )?life|take (?:his|her|their|my) (?:own )?life|"
    r"kill(?:ing)? (?:him|her|them|my)sel(?:f|ves)|suicid\w*|jump(?:ing)? (?:off|from|in front)|"
    # A blade at "my throat" or a rope round "my neck" is someone else's threat; at "my wrist" it is the writer's.
    r"(?:knife|blade|razor|glass) (?:to|on|against|at|across) (?:(?:his|her|their) (?:own )?(?:wrists?|arms?|throat|neck)|"
    r"my (?:own )?(?:wrists?|arms?)|my own (?:throat|neck))|"
    + _LIGATURE_ON_ANOTHER
    + r"|(?:got|has|have|bought|made|tied|holding) (?:a |the )?(?:rope|noose|ligature)|"
    r"(?:on|onto|along|by|towards?) (?:the )?(?:train |railway )?(?:tracks|railway line|windowsill|window ledge|ledge|"
    r"roof edge|edge of the roof|parapet)|"
    r"driv\w* (?:into|off) (?:a |the )?(?:wall|reservoir|river|sea|tree|cliff|canal|lake|bridge))\b"
    # "...threatening to drive into the wall with him": someone else's life too.
    r"(?! (?:with|taking) (?:him|her|them|me|us|my|our|the|his|their)\b)"
)
_THIRD_PERSON_SUBJECT = re.compile(
    r"\b(?:hes|shes|theyre|his|their|(?:him|her|them)sel(?:f|ves))\b|\b" + _OTHER + r"\b|^\W*(?:a|the|this|that) \w+"
)
# A threat to the writer or to others: "...saying he'll kill himself if I don't let him in", "...kill himself and the
# kids", "...take us with him" stay threats.
_THREAT_TO_OTHERS = re.compile(
    r"\b(?:him|her|them)sel(?:f|ves) (?:and|&|\+) (?:me|us|you|the|my|our|his|her|their|every)\b|"
    r"\btake (?:me|us|you|the \w+|my \w+|our \w+|his \w+|her \w+|everyone) with (?:him|her|them)\b|"
    r"\b(?:kill|hurt|stab|shoot|attack|strangle|burn|get)(?:ing|s)? (?:me|us|you|every ?(?:one|body)|"
    r"(?:my|our|the) (?:\w+ )?(?:kids?|children|family|baby|son|daughter|mum|mam|dad|wife|husband|partner))\b|"
    r"\b(?:threaten\w*|coming (?:for|after)|waiting for) (?:me|us)\b|\bat me\b|\bcoming (?:round|over|here|back)\b|"
    r"\b(?:outside|at|into|through|to|round) (?:my|our) (?:front |back )?(?:door|window|house|flat|home)\b|"
    r"\b(?:get|getting|break|breaking|broke|let (?:him|her|them)) in\b"
)

_TOLD_THE_WRITER = re.compile(
    r"\b(?:told|tells|texted|messaged|rang|rung|called|phoned|sent|showed|facetimed) (?:me|us)\b"
)


def kind_of_threat(text: str) -> str:
    """A threat, unless the only life threatened is the holder's own: someone else's crisis when a clause that
    names them (and has no "I" or "me") speaks of ending it; the writer's own when a clause with "I" does and
    nobody else is named anywhere in the message (misreading the writer's crisis as another's is the worse
    mistake, so a message naming anyone else stays a threat)."""
    normal = normalise(text)
    if _THREAT_TO_OTHERS.search(normal):
        return THREAT
    # "He's just told me he's got a rope": the "me" of someone telling the writer is not the writer's crisis.
    normal = _TOLD_THE_WRITER.sub(" ", normal)
    clauses = [c for c in re.split(r"[.!?;,]+|\b(?:and|but|so|because|cos|coz)\b", normal) if c.strip()]
    ending = [c for c in clauses if _ENDING_OWN_LIFE.search(c)]
    if any(_THIRD_PERSON_SUBJECT.search(c) and not _FIRST_PERSON.search(c) for c in ending):
        return OTHER_AT_RISK
    if any(_FIRST_PERSON.search(c) for c in ending) and not any(_THIRD_PERSON_SUBJECT.search(c) for c in clauses):
        return OWN_CRISIS
    return THREAT


def kind_hint(text: str, level: str) -> str | None:
    """The kind that loose cues suggest for danger found by other means (the classifier, meaning)."""
    normal = normalise(text)
    if level == SELF_HARM:
        return OTHER_AT_RISK if _THIRD_PERSON_CRISIS.search(normal) else None
    if _MEDICAL_CUES.search(normal):
        return MEDICAL
    if _MISSING_CUES.search(normal):
        return MISSING
    return None


# Told in the past tense with nothing about now: "he pushed me over for no reason" answers "what
# happened?"; it is a complaint, unless the words say it is still going on.
_PAST_ACT = re.compile(
    r"\b(?:pushed|hit|punched|grabbed|kicked|slapped|shoved|threw|dragged|tasered|sprayed|assaulted|attacked|"
    r"hurt|threatened|followed|searched|arrested|handcuffed|cuffed|restrained|was|were|did|had|said|"
    # Words said at someone: "he swore at me outside the shop" answers "what happened?", never danger now.
    r"swore|shouted|yelled|screamed|insulted|mocked|laughed|sneered)\b"
)
_PRESENT = re.compile(
    r"\b(?:now|right now|is|are|i am|isn'?t|aren'?t|keeps?|still|here|outside(?! (?:the|a|an) )|coming|going to|gonna|will|won'?t|"
    r"(?<!\bto )(?<!n't )help|please|pls|(?<!was )(?<!were )(?<!was so )(?<!was really )(?<!was very )(?<!got )(?:scared|afraid)|(?<!was )(?<!were )hiding|nawr)\b|'s\b|'re\b|'m\b|'ll\b|^\s*being \w+ed\b"
)

# The same, as people type them without apostrophes ("im", "hes", "ill be gone"), and present-tense helpers
# ("i have given the dog away", "i don't see a next month"): used only to place one sentence (`says_now`).
_PRESENT_UNPUNCTUATED = re.compile(
    r"\b(?:im|ive|ill|hes|shes|theyre|youre|dont|doesnt|cant|can|wont|do|does|have|has|haven'?t|hasn'?t|don't|doesn't|can't)\b|'ve\b"
)

# Not well after all: "fine but he's still outside", "ok but my kids won't sleep".
_NOT_BUT_SOMEONE = r"(?! but (?:he|she|they|someone|somebody|my|our|there|now|not|i'?m not|im not|the)\b)"

# "He's fine", "I'm ok", "no rush": whatever else a sentence says, it is not telling of danger now. Not
# "not sure she is safe" or "I hope he's ok".
_ALL_IS_WELL = re.compile(
    r"(?<!sure )(?<!if )(?<!whether )(?<!know )(?<!hope )(?<!think )(?<!check )(?<!see )"
    r"\b(?:i'?m|im|i am|(?:he|she|they|we)(?:'s|s|'re|re| is| are)|(?:my|our|his|her) \w+(?:'s| is| are)) "
    r"(?:all |both |physically |mostly |basically |pretty much )?(?:fine|ok|okay|alright|all right|coping|safe|doing (?:(?:much|a lot|loads|so much|way|far|really) )?(?:ok|okay|fine|well|better|great)|(?:well|better) now)\b"
    r"(?! (?:to|if|with|until)\b)"
    + _NOT_BUT_SOMEONE
    + r"|(?<!hope )(?<!if )\b(?:i|he|she|they|we)(?:'ll| will) be (?:fine|ok|okay|alright|all right)\b(?! (?:if|when|once|as long)\b)"
    r"|\b(?<!not )(?:is|'s|s|are|'re|and|but|now) (?:stable|out of danger|on the mend)\b|\bhome (?:safe|and (?:safe|warm|well|fine|ok|dry))\b"
    r"|\b(?:he|she|they)(?:'s|s|'re| is| are) (?:now )?(?:in prison|in jail|locked up|behind bars)\b"
    r"|\b(?:all (?:sorted|good|fine|ok|okay)|sorted|resolved) now\b|\bno (?:rush|hurry)\b"
    # "healed up now", "doing really well", "in a much better place", "she's sound now", "no one was hurt".
    r"|\b(?:healed(?: up)?|sound) now\b|\b(?:'s|s|is|has|have|are|'re) (?:all |fully |now )?healed\b|\b(?:and|now|is|'s|s|are|'re) (?:doing|getting on) (?:really |very |so )?(?:well|great|brilliantly)\b"
    r"|\bin a (?:much |far |way |really |very )?(?:better|good|great) place(?: now)?\b|\b(?:is|'s|s|are|'re) (?:now )?thriving\b"
    r"|\b(?:i'?ve|ive|i have) been (?:well|fine|ok|okay|good|stable) (?:for|since) (?:a long time|ages|a while|(?:\w+ )?(?:years|months))\b|\b(?:haven'?t|havent|have not) (?:done|felt like) (?:it|that|this) (?:for|in) (?:years|ages|a long time)\b|\b(?:has|have|'s|'ve) been discharged\b"
    r"|\b(?:no ?one|no-one|nobody)(?:'s| was| got| were)? (?:hurt|injured)\b"
    # "he's alive and back at college now"; "me ok now", as Deaf people whose first language is BSL may write it.
    r"|\b(?:(?:he|she|they|we)(?:'s|s|'re|re)|is|are) (?:still )?alive and (?:well|ok|okay|fine|back (?:at|in) (?:school|college|uni|work))\b"
    r"|\b(?:me|i) (?:ok|okay|fine|safe|alright) now\b"
    # "everyone's fine", "I'm feeling steadier", "nothing's happened since". Not "calmer": calm after a decision is a
    # warning sign ("I'm feeling calmer now I've decided").
    r"|\b(?:everyone|everybody|we all|all of us)(?:'s| is| are|'re)? (?:fine|ok|okay|safe|alright|unhurt)\b"
    + _NOT_BUT_SOMEONE
    + r"|\b(?:i'?m|im|i am) feeling (?:(?:much|a bit|a lot|loads|far) )?(?:steadier|safer|better)\b"
    r"(?! (?:off|about|knowing|having|since|because|that|now (?:that|i|i'?ve|ive))\b)"
    r"|\bnothing(?:'s| has)? happened since\b|\b(?:it )?(?:hasn'?t|hasnt|has not) happened (?:again|since)\b"
    r"|\b(?:he|she|they)(?:'s|s| has| have) left (?:me|us) alone (?:since|ever since|now)\b"
    # "I survived and rebuilt my life", "he's out of hospital and recovering at home".
    r"|\b(?:rebuilt|rebuilding) my life\b|\b(?:turned|got) my life (?:around|back(?: on track)?|together)\b"
    r"|\b(?:is|'s|s|are|'re|been|now) (?:out of|home from|discharged from) (?:the )?hospital\b|(?<!was )(?<!were )\brecovering (?:well|at home)\b"
    r"|\b(?:he|she|they) (?:got|was given|were given) \d+ (?:years|months)\b|\b(?:was|got|were|been) (?:jailed|sent down|sentenced|remanded)\b"
    r"|\b(?:no ?one|no-one|nobody)(?:'s| has)? (?:come|been) near (?:me|us) since\b|\bno (?:contact|bother|trouble) (?:since|now|anymore|any more)\b"
    r"|\b(?:back|home) (?:\w+ ){0,4}and (?:fine|safe|well|ok|okay|unhurt)\b|\bbut (?:unhurt|unharmed)\b"
    r"|\bfound (?:him|her|them)(?: safe)? (?:within|after|in) (?:\w+ ){0,2}(?:minutes|mins|hours?|an hour)\b"
    # Welsh: "mae o'n iawn" (he's fine), "wedi gwella" (has recovered), "ac yn iawn" (and fine).
    r"|\b(?:mae (?:o|e|hi|nhw|fe|fo|pawb)|dw i|dwi|rydw i|rwy)(?:['’]n| yn) (?:iawn|saff|ddiogel|llawer gwell)\b|\bwedi gwella\b"
    r"|\bac yn (?:iawn|saff)\b|\b(?:dwi|dw i) adra?e? (?:rŵan|nawr)\b"
)

_ALL_IS_WELL_NOW = re.compile(f"(?:{_ALL_IS_WELL.pattern})(?: now\\b)?")
# What something over left behind: "I still have the scar", "he still gets flashbacks". Said now, but of then.
_AFTERMATH = re.compile(
    r"\b(?:i|he|she|they|we|my \w+)? ?still (?:have|has|got|get|gets|getting|having|suffers?(?: from)?|suffering(?: from)?) "
    r"(?:the |a |bad |awful |terrible |horrible |really bad )?(?:scars?|nightmares|flashbacks|bruis\w*|marks?|limp|"
    r"ptsd|trauma|panic attacks|headaches|back pain|trouble sleeping)\b"
    # "my wrist still aches", "his shoulder is still sore": never the head, where a worsening pain is danger now, and
    # never without "still" ("my arm is sore" may be an injury now).
    r"|\b(?:my|his|her|their) (?:wrists?|arms?|back|shoulders?|neck|legs?|knees?|hands?|ankles?|fingers?|thumbs?) "
    r"(?:still (?:aches?|hurts?|twinges|(?:is|are) (?:sore|stiff|bruised|tender))|(?:is|are) still (?:sore|stiff|bruised|tender))\b"
)
# "Again", "do it", "end it": what is still to come points back to a crisis told before.
_POINTS_BACK = re.compile(r"\bagain\b|\b(?:do|doing|try|trying|end|ending) (?:it|that|this)\b")


def reads_as_past(text: str) -> bool:
    """True when the message tells of something done, in the past tense, with no word of now."""
    normal = normalise(text)
    return _PAST_ACT.search(normal) is not None and _PRESENT.search(normal) is None and _NOW.search(normal) is None


def says_now(text: str) -> bool:
    """True when some word places the message now, or still to come ("keeps saying", "tonight", "he's")."""
    normal = normalise(text)
    return any(p.search(normal) for p in (_PRESENT, _NOW, _PRESENT_UNPUNCTUATED))


def says_all_is_well(text: str) -> bool:
    """True when the words say someone is all right now ("he's got a bruise but he's fine", "I'm ok")."""
    return _ALL_IS_WELL.search(normalise(text)) is not None


# A sentence that is only the fear of word reaching the officer or abuser: "im scared it gets back to him" (round 51:
# tester-d §6, asked at "who was involved?", got 999 and the form was lost). Only the whole sentence: any more in it
# ("...and he'll kill me") is read as before, and so is every other sentence of the message.
_ONLY_WORD_GETTING_BACK = re.compile(
    r"^(?:and |but |so |just |tbh |honestly |coz |cos |because )?(?:i'?m |im |i am |am )?(?:really |so |a bit |just )?"
    r"(?:scared|worried|afraid|frightened|terrified|nervous|paranoid|panicking|worrying)(?: that| in case| about)? "
    r"(?:it|this|that|word|my complaint|the complaint|what i say|what i said|my name)(?:'ll| will| might| would| could)? "
    r"(?:gets?|getting|goes|go|going|got) back to (?:him|her|them|his mates|his colleagues|his force|the officers?)"
    r"(?: before anything (?:happens|is done|gets done))?[\s.!?]*$"
)


def only_fears_word_getting_back(sentence: str) -> bool:
    """True for a sentence that is only the fear of word reaching someone ("im scared it gets back to him")."""
    return _ONLY_WORD_GETTING_BACK.search(normalise(sentence)) is not None


def told_as_now(sentence: str) -> bool:
    """A sentence that places itself now and tells of nothing over, nor that all is well, nor only of what
    something over left behind ("he still has nightmares")."""
    told_as_past = is_past_event(sentence) or is_custody_report(sentence) or reads_as_past(sentence)
    without_aftermath = _AFTERMATH.sub(" ", normalise(sentence))
    return says_now(without_aftermath) and not (told_as_past or says_all_is_well(sentence))


def is_custody_report(text: str) -> bool:
    """True for someone else's overdose or self-harm in police custody told as a report, not as happening now."""
    normal = _cut_everyday(text)
    return (
        _CUSTODY.search(normal) is not None
        and _NOW.search(normal) is None
        and any(p.search(normal) for p in _other_at_risk_re + _custody_harm_re)
    )


def _is_past(normal: str) -> bool:
    return _RESOLVED.search(normal) is not None or (
        _PAST.search(normal) is not None and _NOW.search(_NOW_IN_A_STORY.sub(" ", normal)) is None
    )


def assess(text: str) -> DangerAssessment:
    """Classify one message. The writer's own crisis and threats never wait on tense; the rest do.

    Two exceptions. First, a message that tells of a past time and says all is well now ("I tried to kill myself
    in 2020. I'm in a much better place now") is over, unless what is left once its sentences told as past
    and its all-is-well words are set aside still shows danger ("...I'm fine now but tonight I want to
    die"). It is not urgent; `over` keeps the kind, so the reply can still open with the safety line.
    The same for a threat told only of years ago, with no word of now or of what is to come (`_YEARS_AGO`).
    """
    cleaned = _cut_everyday(text)
    found = _by_patterns(cleaned)
    if found.kind == THREAT and _YEARS_AGO.search(cleaned) and not says_now(cleaned):
        return DangerAssessment(NONE, over=THREAT)
    if found.urgent and _ALL_IS_WELL.search(cleaned) and _PAST.search(cleaned):
        if not _by_patterns(_still_current(text)).urgent:
            return DangerAssessment(NONE, over=found.kind)
    found = of_kind(kind_of_threat(cleaned)) if found.kind == THREAT else found
    return replace(found, help_called=True) if found.urgent and help_on_the_way(text) else found


def _still_current(text: str) -> str:
    """The clauses not told as past, with everyday phrases and all-is-well words cut out.

    All-is-well words end a clause, and their "now" goes with them: in "I used to self harm, I'm doing better now but
    I want him to know that wasn't ok", the self-harm is past and what follows is placed on its own. A clause that
    says now or points back ("...I'm ok now but I've got the pills in my hand", "...I'm fine now but I'm going to do
    it again") keeps each sentence that is not past whole, as the crisis words may be before the cut.
    """
    sentences = [_cut_everyday(p) for p in parts_of(text) or [text]]
    clauses = [c for s in sentences for c in _ALL_IS_WELL_NOW.split(s) if c.strip()]
    current = [c for c in clauses if not _told_as_past(c)]
    if any(says_now(c) or _POINTS_BACK.search(c) for c in current):
        current = [_ALL_IS_WELL.sub(" ", s) for s in sentences if not _told_as_past(s)]
    return " . ".join(current)


def _told_as_past(clause: str) -> bool:
    """Past by its words alone (not `_RESOLVED`: "fine now" must not make "I'm fine now but tonight..." past)."""
    return bool(_PAST.search(clause) and not _NOW.search(clause)) or reads_as_past(clause)


def _by_patterns(cleaned: str) -> DangerAssessment:
    if any(p.search(cleaned) for p in _own_crisis_re):
        return of_kind(OTHER_AT_RISK if _about_someone_else(cleaned) else OWN_CRISIS)
    # In a message told as past, only its sentences told in the present count: "I'm complaining about last
    # month. Also my 8 yr old hasn't come back from the shop" is a missing child now.
    now = _present_sentences(cleaned) if _is_past(cleaned) else cleaned
    # Medical words first: "help he's not breathing" needs an ambulance, even where a threat is there too.
    if any(p.search(now) for p in _medical_re):
        return of_kind(MEDICAL)
    if any(p.search(cleaned) for p in _emergency_re):
        return of_kind(THREAT)
    if any(p.search(now) for p in _other_at_risk_re):
        if _CUSTODY.search(now) and _NOW.search(now) is None:
            return DangerAssessment(NONE)
        return of_kind(OTHER_AT_RISK)
    if any(p.search(now) for p in _missing_re):
        return of_kind(MISSING)
    return DangerAssessment(NONE)


def _present_sentences(cleaned: str) -> str:
    """The sentences of a message told as past that are not past themselves and say now; "" if one sentence."""
    return " . ".join(p for p in parts_of(cleaned) if not _is_past(p) and says_now(p))
