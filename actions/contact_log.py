"""Records what triage learns about a contact, through the store's outbox.

A database outage never stops the conversation: `bot.store.outbox.write` spools the write and it is
replayed later. Every write carries an idempotency key made from the user message it answers, so a
retried action call changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import load_settings
from bot.store import outbox
from bot.store.models import CHANNELS
from bot.store.session import create_engine_from_url, describe_error, make_sessionmaker

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def store() -> tuple[sessionmaker[Session], Path]:
    # Created on first use, not at import: importing the actions must not touch the database.
    settings = load_settings()
    return make_sessionmaker(create_engine_from_url(settings.database_url)), Path(settings.spool_path)


def channel_of(tracker: Tracker) -> str:
    """The person's real channel: the gateway says it in metadata; direct REST use is 'rest'."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    channel = metadata.get("channel") or tracker.get_latest_input_channel()
    return channel if channel in CHANNELS else "rest"


def event_key(tracker: Tracker, what: str) -> str:
    """Idempotency key: the user message being answered, plus what is being recorded."""
    message_id = (tracker.latest_message or {}).get("message_id") or "start"
    return f"{message_id}:{what}"


def _write_all(operations: list[tuple[str, dict[str, Any]]]) -> None:
    factory, spool = store()
    for name, kwargs in operations:
        outbox.write(factory, name, spool_path=spool, **kwargs)


async def record(tracker: Tracker, *operations: tuple[str, dict[str, Any]]) -> None:
    """Ensure the contact exists, then run each (operation, kwargs); never raises to the caller."""
    contact = {"contact_id": tracker.sender_id, "channel": channel_of(tracker)}
    language = tracker.get_slot("language")
    if language:
        contact["language"] = language
    ops = [("ensure_contact", contact)]
    ops += [(name, {"contact_id": tracker.sender_id, **kwargs}) for name, kwargs in operations]
    try:
        await asyncio.to_thread(_write_all, ops)
    except Exception as error:  # noqa: BLE001 - the person must get a reply whatever the log does
        # Operation names and a summary only, never the traceback: arguments and the driver's
        # message may hold what the person said.
        log.error("contact log write failed: %s (%s)", [name for name, _ in ops], describe_error(error))
