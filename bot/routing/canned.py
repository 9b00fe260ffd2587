"""Every message the gateway itself says to the public, in one place (not Rasa's responses)."""

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

# Said right after the assistant's own hand-off message, which already gives the phone and email.
NO_STAFF_AVAILABLE = Reply(
    "Nobody from our team is free to chat right now. Your request stays in our queue, "
    "and someone will reply here when they are back. Or we can call you back.",
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


def staff_joined(first_name: str) -> Reply:
    return Reply(f"{first_name} from our team has joined the conversation.")


def transferred(first_name: str) -> Reply:
    return Reply(f"You're now talking to {first_name} from our team.")


def too_long(max_chars: int) -> Reply:
    return Reply(
        f"Sorry, that message is too long for us to read in one go (the limit is {max_chars} characters). "
        "Please send it in shorter parts."
    )


RATE_LIMITED = "You're sending messages very quickly. Please wait a moment, then try again."
SESSION_EXPIRED = "This chat has ended because it was idle for a while. Start a new chat to carry on."
BAD_REQUEST = "Sorry, we couldn't read that. Please try again."
TEXT_ONLY = Reply("Sorry, I can only read text messages. Please type your message.")

SMS_HELP = Reply(
    "IOPC police complaints assistant. To talk to a person, just ask, "
    f"or call {PHONE} or email {EMAIL}. In an emergency call 999. Reply STOP to stop messages."
)
SMS_RESTARTED = Reply("You'll get our messages again. Reply HELP for help or STOP to stop.")

QUEUED = Reply(
    "We've asked someone from our team to join this chat. They'll reply here as soon as they can."
)
