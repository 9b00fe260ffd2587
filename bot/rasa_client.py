"""Talking to Rasa: one REST-style turn at `{RASA_URL}/webhooks/triage/webhook`."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from bot.channels.rendering import Reply, buttons_from

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/triage/webhook"


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer usefully in time."""


class RasaClient:
    """Sends one message for one sender and returns the assistant's replies."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, timeout_seconds: float) -> None:
        self._http = http
        self._url = base_url.rstrip("/") + WEBHOOK_PATH
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def turn(self, sender: str, message: str, *, channel: str, language: str) -> list[Reply]:
        """Replies to `message` from `sender` (a contact id); RasaUnavailable on timeout or error."""
        body = {"sender": sender, "message": message, "metadata": {"channel": channel, "language": language}}
        try:
            async with self._http.post(self._url, json=body, timeout=self._timeout) as response:
                if response.status != 200:
                    # Rasa answers 500 when the action server fails; the body may echo the tracker,
                    # so it is never read into the log.
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status}")
                data = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from error
        if not isinstance(data, list):
            raise RasaUnavailable("Rasa answered something other than a list")
        return [reply for item in data if (reply := _reply(item)) is not None]


def _reply(item: Any) -> Reply | None:
    if not isinstance(item, dict):
        return None
    text = item.get("text") if isinstance(item.get("text"), str) else ""
    buttons = buttons_from(item.get("buttons"))
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
    if not text and not buttons and not custom:
        return None  # images, attachments: nothing the channels can show yet
    return Reply(text, buttons, custom)
