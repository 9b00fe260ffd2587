"""Every message the gateway itself says to the public (not Rasa's responses), as Replies.

The words live in texts/gateway.json. Each fixed message has a Welsh twin, chosen by the contact's
language (`in_language`, and the `language` argument of the functions); all Welsh must be reviewed
by a Welsh speaker (docs/content-register.md).
"""

from __future__ import annotations

from typing import Any

from bot.routing.messages import Button, Reply
from vocabulary import texts

_GATEWAY = texts.load("gateway")
PHONE: str = _GATEWAY["phone"]
EMAIL: str = _GATEWAY["email"]

# Button payloads the gateway understands itself (they also work as Rasa intents).
REQUEST_HUMAN = "/request_human"
REQUEST_CALLBACK = "/request_callback"


def _reply(entry: dict[str, Any], **values: object) -> Reply:
    text = entry["text"].format(phone=PHONE, email=EMAIL, **values)
    return Reply(text, tuple(Button(title, payload) for title, payload in entry.get("buttons", [])))


def _said(name: str, language: str = "en", **values: object) -> Reply:
    versions = _GATEWAY["replies"][name]
    return _reply(versions.get(language, versions["en"]), **values)


RASA_UNAVAILABLE = _said("rasa_unavailable")
NO_STAFF_AVAILABLE = _said("no_staff_available")
NO_STAFF_AVAILABLE_NO_PHONE = _said("no_staff_available_no_phone")
CALLBACK_REQUESTED = _said("callback_requested")
CALLBACK_NOTED = _said("callback_noted")
HANDED_BACK = _said("handed_back")
CLOSED_BY_STAFF = _said("closed_by_staff")
TEXT_ONLY = _said("text_only")
SMS_HELP = _said("sms_help")
SMS_RESTARTED = _said("sms_restarted")
QUEUED = _said("queued")
BUSY = _said("busy")
RATE_LIMITED = _said("rate_limited").text
SESSION_EXPIRED = _said("session_expired").text
BAD_REQUEST = _said("bad_request").text
EMPTY_MESSAGE = _said("empty_message").text
CHOOSE_AN_OPTION = _said("choose_an_option").text

# The Welsh twin of each fixed message above that has one.
WELSH: dict[Reply, Reply] = {
    _said(name): _said(name, "cy")
    for name, versions in _GATEWAY["replies"].items()
    if "cy" in versions and "{" not in versions["en"]["text"].replace("{phone}", "").replace("{email}", "")
}


def in_language(reply: Reply, language: str) -> Reply:
    """`reply` in the person's language: its Welsh twin for Welsh speakers, else as it is."""
    return WELSH.get(reply, reply) if language == "cy" else reply


def staff_joined(first_name: str, language: str = "en") -> Reply:
    return _said("staff_joined", language, first_name=first_name)


def transferred(first_name: str, language: str = "en") -> Reply:
    return _said("transferred", language, first_name=first_name)


def too_long(max_chars: int, language: str = "en") -> Reply:
    return _said("too_long", language, max_chars=max_chars)


# Danger or crisis and nobody can join: one pair of messages per mode (Welsh whatever the audience).
URGENT_NOBODY_AVAILABLE: dict[str, tuple[Reply, ...]] = {
    mode: tuple(_reply(entry) for entry in entries) for mode, entries in _GATEWAY["urgent_nobody_available"].items()
}


def urgent_nobody_available(language: str, audience: str | None = None) -> tuple[Reply, ...]:
    """The safety messages for someone in danger or crisis when nobody can join (no call-back offer)."""
    if language == "cy":
        return URGENT_NOBODY_AVAILABLE["cy"]
    return URGENT_NOBODY_AVAILABLE.get(audience or "en", URGENT_NOBODY_AVAILABLE["en"])
