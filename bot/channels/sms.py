"""SMS through Twilio: the signed webhook in, and replies out through Twilio's REST API.

Twilio gives up on a webhook after 15 seconds, so the handler stores the message, answers with
empty TwiML at once, and replies later through the API (the reply may take a Rasa turn or a
staff member). Numbered options stand in for buttons; STOP, START and HELP are handled here.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.orm import Session
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)
from twilio.rest import Client

from bot import keys
from bot.channels.rendering import match_option, render_sms
from bot.routing import canned, ownership, transcript
from bot.routing.messages import Reply, clean_text
from bot.routing.router import Accepted, Incoming, Outgoing, Recipient, Router, store_incoming
from bot.settings import Settings
from bot.store.crypto import AddressCipher
from bot.store.repositories import audit
from bot.store.repositories.contacts import ensure_contact_for_address
from bot.store.repositories.opt_outs import OPTED_IN, OPTED_OUT, is_opted_out

log = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

# Twilio's default opt-out keywords (a whole message, any case). Carriers enforce them whatever we
# do, so our records follow the same list; "YES" only counts as opt-in while opted out.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
START_WORDS = frozenset({"START", "UNSTOP"})
START_WHEN_STOPPED = frozenset({"YES"})
HELP_WORDS = frozenset({"HELP", "INFO"})


class SmsChannel:
    """Twilio in and out. Sends with the real twilio Client, whose API host is TWILIO_API_BASE."""

    def __init__(self, settings: Settings, cipher: AddressCipher) -> None:
        self.settings = settings
        self.cipher = cipher
        self.validator = RequestValidator(settings.twilio_auth_token)
        # Twilio's own logger prints request URLs and headers at INFO; keep it to problems only.
        http_logger = logging.getLogger("bot.channels.sms.twilio_http")
        http_logger.setLevel(logging.WARNING)
        self.http = AsyncTwilioHttpClient(timeout=10, logger=http_logger)
        self.client = Client(settings.twilio_account_sid, settings.twilio_auth_token, http_client=self.http)
        # The client would otherwise rewrite hosts from TWILIO_EDGE/TWILIO_REGION in the environment;
        # TWILIO_API_BASE alone decides where requests go (tests point it at a recording server).
        self.client.edge = None
        self.client.region = None
        self.client.api.base_url = settings.twilio_api_base.rstrip("/")

    async def close(self) -> None:
        await self.http.close()

    def is_genuine(self, request: web.Request, form: object) -> bool:
        """The X-Twilio-Signature matches PUBLIC_BASE_URL + path and the form, under our auth token."""
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not signature:
            return False
        url = self.settings.public_base_url.rstrip("/") + request.path_qs
        algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
        return bool(self.validator.validate(url, form, signature, algorithm))

    async def send(self, recipient: Recipient, messages: Sequence[Outgoing]) -> None:
        """Send one turn's messages as few SMS as reads well: texts joined, numbered options last."""
        if recipient.address_ciphertext is None or recipient.opted_out:
            return  # they sent STOP: Twilio would refuse (error 21610) and they asked us not to
        texts = [m.reply.text for m in messages if m.reply.text]
        buttons = next((m.reply.buttons for m in reversed(messages) if m.reply.buttons), ())
        if not texts and not buttons:
            return
        to = self.cipher.decrypt(recipient.address_ciphertext)
        for body in render_sms(Reply("\n".join(texts), buttons)):
            await self.client.messages.create_async(to=to, from_=self.settings.twilio_from_number, body=body)


@dataclass(frozen=True)
class _Received:
    contact_id: str
    keyword: str | None  # "stop", "start", "help" or None


def _receive(
    session: Session, cipher: AddressCipher, number: str, text: str, too_long: bool, message_sid: str
) -> tuple[_Received, Accepted | None]:
    """Find or create the contact, work out what the text means (keyword, numbered option) and store it.

    The message is None if Twilio re-delivered one we already have.
    """
    contact = ensure_contact_for_address(session, cipher, "sms", number, str(uuid.uuid4()))
    word = text.strip().upper().rstrip(".!")
    stopped = is_opted_out(session, contact.id)
    keyword = None
    if word in STOP_WORDS:
        keyword = "stop"
    elif word in START_WORDS or (stopped and word in START_WHEN_STOPPED):
        keyword = "start"
    elif word in HELP_WORDS:
        keyword = "help"
    elif stopped:
        keyword = "stopped"
    button = None if keyword or too_long else match_option(text, transcript.last_options(session, contact.id))
    incoming = Incoming(
        contact.id, "sms", button.title if button else text, button, channel_message_id=message_sid, too_long=too_long
    )
    return _Received(contact.id, keyword), store_incoming(session, incoming)


async def webhook(request: web.Request) -> web.StreamResponse:
    """POST /channels/sms: a message from Twilio."""
    channel = request.app.get(keys.SMS)
    if channel is None:
        raise web.HTTPNotFound(text="SMS is not configured.")
    if request.content_type != "application/x-www-form-urlencoded":
        raise web.HTTPUnsupportedMediaType(text="Expected a form post from Twilio.")
    form = await request.post()
    if not channel.is_genuine(request, form):
        # Nothing from an unsigned or forged request is stored or passed on.
        raise web.HTTPForbidden(text="Invalid signature.")
    message_sid = str(form.get("MessageSid") or form.get("SmsSid") or "")
    number = str(form.get("From") or "")
    if not message_sid or not number or len(message_sid) > 64 or len(number) > 32:
        raise web.HTTPBadRequest(text="MessageSid and From are required.")
    router = request.app[keys.ROUTER]
    settings = request.app[keys.SETTINGS]
    cleaned = clean_text(str(form.get("Body") or ""), settings.max_message_chars)
    has_media = str(form.get("NumMedia") or "0") not in ("", "0")
    text = cleaned.text or ("(a picture or file: not stored)" if has_media else "")

    received, accepted = await router.db(_receive, channel.cipher, number, text, cleaned.too_long, message_sid)
    if accepted is not None:  # None: Twilio re-delivered a message we already have
        await router.announce(accepted)
        if received.keyword is not None:
            router.spawn(_keyword(request.app, received, accepted.message_id, text))
        elif not cleaned.text:
            router.spawn(_say(request.app, received.contact_id, canned.TEXT_ONLY))
        else:
            router.dispatch(accepted)
    return web.Response(text=EMPTY_TWIML, content_type="text/xml")


async def _say(app: web.Application, contact_id: str, reply: Reply) -> None:
    router = app[keys.ROUTER]
    async with router.lock(contact_id):
        await _say_unlocked(router, contact_id, reply)


async def _say_unlocked(router: Router, contact_id: str, reply: Reply) -> None:
    """Send a fixed reply in the contact's language; the caller holds the conversation's lock."""
    recipient = await router.recipient(contact_id)
    await router.say(recipient, [canned.in_language(reply, recipient.language)], "system")


async def _keyword(app: web.Application, received: _Received, message_id: int, text: str) -> None:
    router = app[keys.ROUTER]
    contact_id = received.contact_id
    async with router.lock(contact_id):
        if received.keyword == "stop":
            await router.db(_opt, contact_id, OPTED_OUT)
            await router.publish_state(contact_id, "opted_out")
        elif received.keyword == "start":
            await router.db(_opt, contact_id, OPTED_IN)
            await router.publish_state(contact_id, "opted_in")
            await _say_unlocked(router, contact_id, canned.SMS_RESTARTED)
        elif received.keyword == "help":
            await _say_unlocked(router, contact_id, canned.SMS_HELP)
        elif received.keyword == "stopped":
            # We may not text them, but a person could still ring if they are in danger.
            danger = router.danger_check(text)
            if danger.urgent:
                await router.db(ownership.queue_for_human, contact_id, danger.level, 0)
                await router.publish_state(contact_id, "queued")


def _opt(session: Session, contact_id: str, action: str) -> None:
    if action == OPTED_OUT:
        ownership.stop_contact(session, contact_id, OPTED_OUT)
    else:
        audit.record(session, "system", OPTED_IN, contact_id)
