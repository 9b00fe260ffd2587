"""Does a message ask a detail that the route's fixed answer does not cover: who does a review, new evidence, money
for damage, a complaint never answered, a support worker, a force's own number, fear of what happens to someone who
complains, whether they must tell it all again, someone for bereaved families, or something the local council deals
with? Round 45's testers asked these and got the nearest block of information again
(docs/usability/2026-12-07-tester-c.md, sections 1, 5, 8 and 9; -d.md, sections 6, 10 and 13).

Standard library only, like the other signals. The lines themselves are in texts/details.json.
"""

from __future__ import annotations

import re

from vocabulary.safety.danger import normalise

_DETAILS = {
    "review_body": re.compile(
        r"\bwho (?:does|do|will do|would do|is doing|carries out|decides|looks at|handles|deals with|makes|reviews|checks)"
        r"\b.{0,25}\breview"
        r"|\bwho reviews\b|\bwho (?:do|should|can) i (?:ask|apply|send|go|write)\b.{0,20}\breview"
        r"|\bpwy sy'?n (?:gwneud|delio|penderfynu|edrych)\b.{0,25}\badolygiad"
    ),
    "new_evidence": re.compile(
        r"\b(?:new|more|extra|fresh|further|other|different) (?:evidence|proof|footage|videos?|photos?|pictures?|witness(?:es)?)\b"
        r"|\b(?:doorbell|ring|cctv|dash ?cam|body ?cam|phone|mobile) (?:video|footage|recording|clip)s?\b"
        r"|\btystiolaeth newydd\b|\bfideo\b"
    ),
    "compensation": re.compile(
        r"\bcompensat\w*"
        r"|\b(?:pay|paying|paid|cover|fix) (?:me )?(?:for )?(?:the |my |our )?(?:door|damage|window|lock|repairs?)\b"
        r"|\b(?:money|refund|reimburse\w*|claim) (?:back )?(?:for )?(?:the |my |our )?(?:door|damage|window|lock|repairs?)\b"
        r"|\biawndal\b"
    ),
    # "I complained two years ago and never heard back. Is it too late?" is heard as a time-limit question.
    "no_reply": re.compile(
        r"\b(?:complained|made (?:a|my|the) complaint|sent (?:in )?(?:a|my|the) complaint|put (?:in )?(?:a|my) complaint)\b"
        r".{0,120}?\b(?:never (?:heard|got|had) (?:anything |a thing |nothing |a word )?(?:back|from them)|no (?:reply|response|answer)"
        r"|(?:heard|got) nothing(?: back)?|never (?:replied|answered|got back)|not heard (?:anything|a thing|back))"
    ),
    "council_parking": re.compile(
        r"\b(?:traffic|parking|council|civil enforcement) (?:warden|attendant|enforcement officer)s?\b"
        r"|\bparking (?:ticket|fine|charge)s?\b|\bpcn\b|\bpenalty charge\b|\bwarden parcio\b|\btocyn parcio\b"
    ),
    "support_worker": re.compile(
        r"\b(?:my|our|his|her|their) (?:support|key) ?workers?\b|\b(?:can|could|may) (?:a|the) (?:support|key) ?worker\b"
        r"|\bgweithiwr cymorth\b"
    ),
    # A force's own phone number or website (round 45: "have you got a number for West Midlands Police?").
    "contact_force": re.compile(
        r"\b(?:how|where) (?:do|can|could|should|would) (?:i|we) (?:contact|ring|call|phone|email|reach|find|get (?:hold of|in touch with))"
        r"\b.{0,30}\b(?:police|constabulary|force|the met)\b(?! conduct)"
        r"|\b(?:number|phone number|contact details|email|website|web site|link|address) (?:for|of) (?:the )?(?:[a-z]+ ){0,3}"
        r"(?:police|constabulary|force)\b(?! conduct)"
        r"|\brhif (?:ffôn |ffon )?(?:ar gyfer |i )?heddlu\b"
    ),
    # Fear of what happens to someone who complains (brief M07; round 45's testers: "what if he gets back at me", "will
    # his force see it", "can I complain without giving my name" got the outcomes or privacy block).
    "repercussions": re.compile(
        r"\b(?:gets?|getting|get) (?:their |his |her )?(?:own )?back (?:at|on) me\b|\brevenge\b|\bretaliat\w*|\bvictimi[sz]\w*"
        r"|\brepercussions?\b|\b(?:make|made|making) my life (?:hell|a misery|a living hell|difficult|hard)\b"
        r"|\b(?:target|harass|pick on|come after)\w* (?:me|us) (?:for|because|if|after|when)\b.{0,12}\bcomplain"
        r"|\banonymous(?:ly)?\b|\bwithout (?:giving|saying|using|putting|leaving) (?:my|our) names?\b"
        r"|\b(?:keep|leave) my name (?:out|off|secret|private)\b"
        r"|\b(?:will|would|do|does|can|could) (?:the police|the force|his force|the officers?|they|he|she|them|my partner)"
        r" (?:know|find out|see|be told|get told|hear)\b.{0,40}\b(?:it was me|i complained|who complained|i made (?:a|the) complaint"
        r"|i(?:'m| am) complaining|i told you|i talked to you|i spoke to you|my name|this chat|my complaint)"
        r"|\b(?:get|be|end up) in(?:to)? trouble (?:for|because of|if i|cos i|coz i) (?:complaining|making a complaint|i complain)"
        r"|\b(?:scared|afraid|worried|frightened|nervous|terrified) (?:of|about) what (?:they|he|she|the police|the officers?)"
        r"(?:'ll| will| might| would| could)? do\b"
        r"|\b(?:his|her|their) (?:own )?(?:police )?force (?:will |would |might |could )?(?:see|sees|know|knows|find out"
        r"|get|gets|read|reads)\b|\b(?:go|goes|going|sent) to (?:his|her|their|the same) (?:own )?(?:police )?force\b"
        r"|\bdienw\b|\bheb roi fy enw\b|\bdial arna i\b"
        # "im scared it gets back to him" (round 51: tester-d §6, asked at "who was involved?").
        r"|\b(?:gets?|getting|goes|going|got|get) back to (?:him|her|them|the officers?|the police|his (?:mates|colleagues|force))\b"
        r"|\b(?:dod|ddod|mynd|fynd) yn [oô]l (?:ato fo|ato fe|ati hi|atyn nhw)\b"
    ),
    # "Do I have to go through what happened to me again?" (round 45's tester-d §6, a rape survivor, got what happens
    # next; round 50). Never "I had to tell it again three times", which is a complaint.
    "retell": re.compile(
        r"\b(?:do|will|would|must|should) (?:i|we) (?:have|need|got) to (?:go through|describe|explain|tell|say|repeat|relive|"
        r"talk about)\b.{0,40}\b(?:again|all over|every(?:thing| detail)|in detail|the whole (?:thing|story))\b"
        r"|\b(?:do|will|would|must) (?:i|we) (?:have|need) to\b.{0,10}\b(?:go through|describe|relive) (?:it|that|this|what happened)\b"
        r"|\b(?:don'?t|dont|do not|can'?t|cant|cannot) (?:want to |face |bear to )?(?:describe|go through|tell|relive|repeat|talk about)\b"
        r".{0,30}\bagain\b"
        r"|\boes (?:rhaid|angen) i mi (?:ddweud|ddisgrifio|fynd drwy)\b.{0,40}\b(?:eto|popeth|y cyfan)\b"
    ),
    # "Is there someone for families?" (round 51: tester-d §10, a bereaved mother, heard "you do not agree with our
    # decision").
    "family_support": re.compile(
        r"\b(?:someone|somebody|anyone|anybody|a person|people|support|help|a contact|contact|staff) for (?:the )?"
        r"(?:famil(?:y|ies)|bereaved|relatives|next of kin)\b"
        r"|\bfamily liaison\b|\bliaison (?:officer|manager)s?\b"
        r"|\bwho (?:supports|helps|looks after|talks to|keeps in touch with) (?:the )?(?:famil(?:y|ies)|bereaved)\b"
        r"|\bswyddog(?:ion)? cyswllt\b|\brheolwr(?:wyr)? cyswllt\b|\b(?:rhywun|cymorth|help) i(?:'r)? teulu\w*\b"
    ),
    "council_noise": re.compile(
        r"\bnois(?:e|y)\b.{0,60}\bneighbou?rs?\b|\bneighbou?rs?\b.{0,60}\b(?:nois(?:e|y)|loud music|parties|party)\b"
        r"|\bs[wŵ]n\b.{0,40}\bcymdogion\b|\bcymdogion\b.{0,40}\bs[wŵ]n\b"
    ),
}


# A detail the route's own answer already gives is not said again.
_ANSWERED_BY = {"no_reply": "report_complaint_not_recorded"}


def details_asked(text: str, intent: str | None = None) -> list[str]:
    """The details a message asks about, in a fixed order (keys of texts/details.json), leaving out any that the
    answer for `intent` already gives."""
    plain = normalise(text)
    return [
        key
        for key, pattern in _DETAILS.items()
        if pattern.search(plain) and (intent is None or _ANSWERED_BY.get(key) != intent)
    ]
