"""Every message the gateway itself says to the public, in one place (not Rasa's responses).

Each has a Welsh twin, chosen by the contact's language (`in_language`, and the `language` argument of
the functions). All Welsh must be reviewed by a Welsh speaker (docs/content-register.md). One voice,
"we", as in the assistant's own replies; "cannot" and "do not" rather than contractions.
"""

from __future__ import annotations

from bot.channels.rendering import Button, Reply

PHONE = "0300 020 0096"
EMAIL = "enquiries@policeconduct.gov.uk"

# Button payloads the gateway understands itself (they also work as Rasa intents).
REQUEST_HUMAN = "/request_human"
REQUEST_CALLBACK = "/request_callback"

TALK_TO_A_PERSON = Button("Talk to a person", REQUEST_HUMAN)

RASA_UNAVAILABLE = Reply(
    f"Sorry, something went wrong on our side. You can call {PHONE}, or ask for a person.",
    (TALK_TO_A_PERSON,),
)

# For routine requests: all three ways (phone, email, call-back), even if the assistant's own hand-off
# message gave the first two a moment ago: this one may be read on its own, later. Never for someone
# in danger or crisis (URGENT_NOBODY_AVAILABLE): a call-back can be dangerous where an abuser is near.
NO_STAFF_AVAILABLE = Reply(
    "Nobody from our team is free to chat right now. Your request stays in our queue. "
    f"You can call {PHONE}, email {EMAIL}, or ask us to call you back.",
    (Button("Request a call back", REQUEST_CALLBACK),),
)

CALLBACK_REQUESTED = Reply(
    "Thanks. Please tell us the best phone number and time to call you. "
    "Your request stays in our queue and someone will get back to you."
)

HANDED_BACK = Reply("You're back with the assistant.")

CLOSED_BY_STAFF = Reply(
    "This conversation has now been closed. If you need anything else, just send a new message."
)


def staff_joined(first_name: str, language: str = "en") -> Reply:
    if language == "cy":
        return Reply(f"Mae {first_name} o'n tîm wedi ymuno â'r sgwrs.")
    return Reply(f"{first_name} from our team has joined the conversation.")


def transferred(first_name: str, language: str = "en") -> Reply:
    if language == "cy":
        return Reply(f"Rydych chi nawr yn siarad gyda {first_name} o'n tîm.")
    return Reply(f"You're now talking to {first_name} from our team.")


def too_long(max_chars: int, language: str = "en") -> Reply:
    if language == "cy":
        return Reply(
            f"Mae'n ddrwg gennym, mae'r neges honno'n rhy hir i ni ei darllen ar unwaith (yr uchafswm yw {max_chars} nod). "
            "Anfonwch hi mewn darnau byrrach, os gwelwch yn dda."
        )
    return Reply(
        f"Sorry, that message is too long for us to read in one go (the limit is {max_chars} characters). "
        "Please send it in shorter parts."
    )


RATE_LIMITED = "You are sending messages very quickly. Please wait a moment, then try again."
SESSION_EXPIRED = "This chat has ended because it was idle for a while. Start a new chat to carry on."
BAD_REQUEST = "Sorry, we could not read that. Please try again."
TEXT_ONLY = Reply("Sorry, we can only read text messages. Please type your message.")

SMS_HELP = Reply(
    "The IOPC's automated helper for police complaints. To talk to a person, just ask, "
    f"or call {PHONE} or email {EMAIL}. In an emergency call 999. Reply STOP to stop messages."
)
SMS_RESTARTED = Reply("You will get our messages again. Reply HELP for help or STOP to stop.")

QUEUED = Reply(
    "We have asked someone from our team to join this chat. They will reply here as soon as they can."
)

# Said when the assistant is slow to answer because many people are using it (bot/rasa_client.py);
# the apology (RASA_UNAVAILABLE) follows only if no answer comes in time.
BUSY = Reply("We are busy right now. Please wait a moment.")

# The Welsh twin of each fixed message above. Welsh speakers are told honestly that a Welsh-speaking
# member of staff may not be free, and that calls in Welsh are welcome.
WELSH: dict[Reply, Reply] = {
    RASA_UNAVAILABLE: Reply(
        f"Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni. Gallwch ffonio {PHONE} "
        "(mae croeso i chi ffonio yn Gymraeg), neu ofyn am berson.",
        (Button("Siarad â pherson", REQUEST_HUMAN),),
    ),
    NO_STAFF_AVAILABLE: Reply(
        "Does neb o'n tîm ar gael i sgwrsio ar hyn o bryd. Mae eich cais yn aros yn ein ciw. "
        f"Gallwch ffonio {PHONE}, anfon e-bost at {EMAIL}, neu ofyn i ni eich ffonio chi'n ôl.",
        (Button("Gofyn am alwad yn ôl", REQUEST_CALLBACK),),
    ),
    CALLBACK_REQUESTED: Reply(
        "Diolch. Dywedwch wrthym y rhif ffôn a'r amser gorau i'ch ffonio. "
        "Mae eich cais yn aros yn ein ciw a bydd rhywun yn cysylltu â chi."
    ),
    HANDED_BACK: Reply("Rydych chi'n ôl gyda'n cynorthwyydd awtomatig."),
    CLOSED_BY_STAFF: Reply(
        "Mae'r sgwrs hon wedi cau. Os oes angen unrhyw beth arall arnoch chi, anfonwch neges newydd."
    ),
    TEXT_ONLY: Reply("Mae'n ddrwg gennym, dim ond negeseuon testun y gallwn ni eu darllen. Teipiwch eich neges, os gwelwch yn dda."),
    SMS_HELP: Reply(
        f"Cynorthwyydd awtomatig yr IOPC ar gyfer cwynion am yr heddlu. I siarad â pherson, gofynnwch, neu ffoniwch {PHONE} "
        f"neu e-bostiwch {EMAIL}. Mewn argyfwng ffoniwch 999. Atebwch STOP i atal negeseuon."
    ),
    SMS_RESTARTED: Reply("Byddwch chi'n cael ein negeseuon eto. Atebwch HELP am help neu STOP i atal negeseuon."),
    BUSY: Reply("Rydym yn brysur ar hyn o bryd. Arhoswch funud, os gwelwch yn dda."),
    QUEUED: Reply(
        "Rydym wedi gofyn i rywun o'n tîm ymuno â'r sgwrs hon. Byddan nhw'n ateb yma cyn gynted ag y gallan nhw. "
        "Efallai na fydd rhywun sy'n siarad Cymraeg ar gael."
    ),
}


def in_language(reply: Reply, language: str) -> Reply:
    """`reply` in the person's language: its Welsh twin for Welsh speakers, else as it is."""
    return WELSH.get(reply, reply) if language == "cy" else reply


# When someone in danger or crisis (route emergency or crisis_support) is waiting and nobody can join:
# the safety numbers, no call-back offer, and plainly what happens to what they type. One set for each
# mode, like the assistant's own variations (Welsh whatever the audience). Two messages each, to keep
# every bubble SMS-sized. The numbers are listed in docs/content-register.md (Samaritans, Shout and
# Childline are not in the seeds: CONFIRM).
URGENT_NOBODY_AVAILABLE: dict[str, tuple[Reply, ...]] = {
    "en": (
        Reply(
            "Nobody from our team can join this chat right now. If you are in danger, call 999 now. "
            "Samaritans are free on 116 123, any time. If you cannot talk, text SHOUT to 85258. "
            "Young people can call Childline free on 0800 1111."
        ),
        Reply(
            "You can keep typing here. A person will read it when they join. "
            "Until then, our automated helper will not answer questions."
        ),
    ),
    "young_person": (
        Reply(
            "Nobody from our team can join this chat right now. If you are in danger, call 999 now. "
            "You can call Childline free on 0800 1111. Samaritans are free on 116 123, any time. "
            "If you cannot talk, text SHOUT to 85258."
        ),
        Reply(
            "You can keep typing here. A person will read it when they join. "
            "Until then, our automated helper will not answer questions."
        ),
    ),
    "easy_read": (
        Reply(
            "Nobody from our team can come to this chat now. Are you in danger? Call 999 now. "
            "You can call Samaritans for free on 116 123. They are there all day and all night. "
            "If you can not talk, text SHOUT to 85258. Young people can call Childline on 0800 1111."
        ),
        Reply(
            "You can keep typing here. A person will read it when they come. "
            "Until then, the computer will not answer you."
        ),
    ),
    "cy": (
        Reply(
            "Does neb o'n tîm yn gallu ymuno â'r sgwrs hon ar hyn o bryd. Os ydych chi mewn perygl, "
            "ffoniwch 999 nawr. Mae'r Samariaid am ddim ar 116 123, unrhyw bryd. Os na allwch chi siarad, "
            "tecstiwch SHOUT i 85258. Gall pobl ifanc ffonio Childline am ddim ar 0800 1111."
        ),
        Reply(
            "Gallwch ddal ati i deipio yma. Bydd person yn ei ddarllen pan fydd yn ymuno. "
            "Tan hynny, fydd ein cynorthwyydd awtomatig ddim yn ateb cwestiynau."
        ),
    ),
}


def urgent_nobody_available(language: str, audience: str | None = None) -> tuple[Reply, ...]:
    """The safety messages for someone in danger or crisis when nobody can join (no call-back offer)."""
    if language == "cy":
        return URGENT_NOBODY_AVAILABLE["cy"]
    return URGENT_NOBODY_AVAILABLE.get(audience or "en", URGENT_NOBODY_AVAILABLE["en"])
