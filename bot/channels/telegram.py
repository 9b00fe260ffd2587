"""Telegram: the webhook in (secret-token checked) and replies out through the Bot API."""

from __future__ import annotations

import hmac
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot import keys
from bot.channels.rendering import parse_callback_data, split_telegram, telegram_keyboard
from bot.routing import canned
from bot.routing.messages import Button, buttons_from, clean_text
from bot.routing.router import Accepted, Incoming, Outgoing, Recipient, store_incoming
from bot.settings import Settings
from bot.store.crypto import AddressCipher
from bot.store.models import Message
from bot.store.repositories.contacts import ensure_contact_for_address

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# /start is what Telegram sends when someone opens the bot: greet them as if they said hello.
START = Button("/start", "/greet")


class TelegramChannel:
    """Telegram in and out, through python-telegram-bot's Bot pointed at TELEGRAM_API_BASE."""

    def __init__(self, settings: Settings, cipher: AddressCipher) -> None:
        self.settings = settings
        self.cipher = cipher
        self._secret = settings.telegram_secret_token.encode("utf-8")
        # Our own request objects, so shutdown can close them without a getMe round trip first.
        self._request = HTTPXRequest(connection_pool_size=8, read_timeout=10, connect_timeout=5)
        self._updates_request = HTTPXRequest(connection_pool_size=1)
        self.bot = Bot(
            settings.telegram_bot_token,
            base_url=settings.telegram_api_base.rstrip("/") + "/bot",
            base_file_url=settings.telegram_api_base.rstrip("/") + "/file/bot",
            request=self._request,
            get_updates_request=self._updates_request,
        )

    async def close(self) -> None:
        await self._request.shutdown()
        await self._updates_request.shutdown()

    def is_genuine(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        return hmac.compare_digest(given, self._secret)

    async def send(self, recipient: Recipient, messages: Sequence[Outgoing]) -> None:
        if recipient.address_ciphertext is None:
            return
        chat_id = int(self.cipher.decrypt(recipient.address_ciphertext))
        for message in messages:
            bodies = [b for b in split_telegram(message.reply.text) if b]
            keyboard = telegram_keyboard(message.id, message.reply.buttons)
            if not bodies and keyboard:
                bodies = [canned.CHOOSE_AN_OPTION]
            for index, body in enumerate(bodies):
                markup = None
                if keyboard and index == len(bodies) - 1:
                    markup = InlineKeyboardMarkup(
                        [
                            [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
                            for row in keyboard["inline_keyboard"]
                        ]
                    )
                await self.bot.send_message(chat_id=chat_id, text=body, reply_markup=markup)

    async def answer_callback(self, callback_query_id: str) -> None:
        try:
            await self.bot.answer_callback_query(callback_query_id)
        except TelegramError as error:
            # Only the spinner on the person's button is affected; the answer still comes.
            log.warning("answerCallbackQuery failed (%s)", type(error).__name__)


@dataclass(frozen=True)
class _Incoming:
    chat_id: int
    text: str
    button: Button | None
    callback_query_id: str | None
    media_only: bool


def _parse(update: Update) -> _Incoming | None:
    """What the person sent, or None for updates we do not handle (groups, edits, channel posts)."""
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat if query.message is not None else None
        if chat is not None and chat.type != "private":
            return None
        chat_id = chat.id if chat is not None else query.from_user.id
        return _Incoming(chat_id, "", None, query.id, False)
    message = update.message
    if message is None or message.chat.type != "private":
        return None
    text = message.text or message.caption or ""
    command = text.split(" ", 1)[0].split("@", 1)[0]
    if command == "/start":
        return _Incoming(message.chat.id, START.title, START, None, False)
    return _Incoming(message.chat.id, text, None, None, not text)


def _receive(
    session: Session, cipher: AddressCipher, parsed: _Incoming, update: Update, text: str, too_long: bool
) -> Accepted | None:
    """Find or create the contact and store the message; None if a re-delivery or a stale or foreign button."""
    contact = ensure_contact_for_address(session, cipher, "telegram", str(parsed.chat_id), str(uuid.uuid4()))
    button = parsed.button
    if parsed.callback_query_id is not None and update.callback_query is not None:
        button = _button_pressed(session, contact.id, update.callback_query.data)
        if button is None:
            return None
        text = button.title
    return store_incoming(
        session,
        Incoming(
            contact.id,
            "telegram",
            text,
            button,
            trusted_button=button is START,
            channel_message_id=f"update:{update.update_id}",
            too_long=too_long,
        ),
    )


def _button_pressed(session: Session, contact_id: str, data: str | None) -> Button | None:
    """The button a callback names, if it belongs to a message sent to this contact."""
    parsed = parse_callback_data(data)
    if parsed is None:
        return None
    message = session.get(Message, parsed[0])
    if message is None or message.contact_id != contact_id or message.direction != "out":
        return None
    buttons = buttons_from((message.payload or {}).get("buttons"))
    return buttons[parsed[1]] if parsed[1] < len(buttons) else None


async def webhook(request: web.Request) -> web.StreamResponse:
    """POST /channels/telegram: one update from Telegram."""
    channel = request.app.get(keys.TELEGRAM)
    if channel is None:
        raise web.HTTPNotFound(text="Telegram is not configured.")
    if not channel.is_genuine(request):
        raise web.HTTPForbidden(text="Invalid secret token.")
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="Expected JSON.")
    try:
        data = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="Malformed JSON.") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise web.HTTPBadRequest(text="Not a Telegram update.")
    try:
        update = Update.de_json(data, channel.bot)
        incoming = _parse(update)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise web.HTTPBadRequest(text="Not a Telegram update.") from None
    if incoming is None:
        return web.json_response({"ok": True})

    router = request.app[keys.ROUTER]
    settings = request.app[keys.SETTINGS]
    text, too_long, unreadable = incoming.text, False, False
    if incoming.callback_query_id is not None:
        router.spawn(channel.answer_callback(incoming.callback_query_id))
    elif incoming.button is None:
        cleaned = clean_text(text, settings.max_message_chars)
        text, too_long = cleaned.text, cleaned.too_long
        if not text:
            unreadable = True
            text = "(a picture, sticker or file: not stored)" if incoming.media_only else "(an empty message)"
    accepted = await router.db(_receive, channel.cipher, incoming, update, text, too_long)
    if accepted is not None:  # None: a re-delivered update, or a stale or foreign button: nothing to do
        await router.announce(accepted)
        if unreadable:
            router.spawn(_say(request.app, accepted.contact_id))
        else:
            router.dispatch(accepted)
    return web.json_response({"ok": True})


async def _say(app: web.Application, contact_id: str) -> None:
    router = app[keys.ROUTER]
    async with router.lock(contact_id):
        recipient = await router.recipient(contact_id)
        await router.say(recipient, [canned.in_language(canned.TEXT_ONLY, recipient.language)], "system")
