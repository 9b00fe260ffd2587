"""The transcript: every message in and out of a conversation, written once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.routing.messages import Button, Reply, buttons_from
from bot.store.base import utcnow
from bot.store.models import Message, StaffMember
from bot.store.repositories.sql import insert_ignoring_conflicts


def record(
    session: Session,
    *,
    contact_id: str,
    channel: str,
    direction: str,
    author: str,
    text: str,
    staff_id: int | None = None,
    channel_message_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Message | None:
    """Store one message; None if a message with this channel_message_id was already stored.

    The unique (channel, channel_message_id) constraint is what makes a re-delivered webhook or a
    resent widget frame harmless, even when two deliveries race.
    """
    values = {
        "contact_id": contact_id,
        "channel": channel,
        "direction": direction,
        "author": author,
        "staff_id": staff_id,
        "text": text,
        "created_at": utcnow(),
        "channel_message_id": channel_message_id,
        "payload": payload,
    }
    if channel_message_id is None:
        message = Message(**values)
        session.add(message)
        session.flush()
        return message
    if not insert_ignoring_conflicts(session, Message, values):
        return None
    return session.scalars(
        select(Message).where(Message.channel == channel, Message.channel_message_id == channel_message_id)
    ).one()


def record_reply(
    session: Session,
    *,
    contact_id: str,
    channel: str,
    author: str,
    reply: Reply,
    staff_id: int | None = None,
) -> Message:
    """Store one outgoing message (assistant, staff or system) with its buttons."""
    payload: dict[str, Any] = {}
    if reply.buttons:
        payload["buttons"] = [b.as_dict() for b in reply.buttons]
    if reply.custom:
        payload["custom"] = reply.custom
    message = record(
        session,
        contact_id=contact_id,
        channel=channel,
        direction="out",
        author=author,
        text=reply.text,
        staff_id=staff_id,
        payload=payload or None,
    )
    assert message is not None
    return message


def messages_after(session: Session, contact_id: str, after_id: int, limit: int = 500) -> list[Message]:
    """The conversation's messages with id > after_id, oldest first."""
    return list(
        session.scalars(
            select(Message)
            .where(Message.contact_id == contact_id, Message.id > after_id)
            .order_by(Message.id)
            .limit(limit)
        )
    )


def last_options(session: Session, contact_id: str) -> tuple[Button, ...]:
    """The buttons offered in the latest outgoing turn (what "1", "2"… refer to on SMS)."""
    recent = session.scalars(
        select(Message).where(Message.contact_id == contact_id).order_by(Message.id.desc()).limit(20)
    )
    for message in recent:
        if message.direction == "in":
            break  # the person has answered since: older options no longer apply
        buttons = buttons_from((message.payload or {}).get("buttons"))
        if buttons:
            return buttons
    return ()


def staff_first_names(session: Session, staff_ids: Sequence[int | None]) -> dict[int, str]:
    ids = {i for i in staff_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(StaffMember.id, StaffMember.first_name).where(StaffMember.id.in_(ids)))
    return {row.id: row.first_name for row in rows}


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def message_view(message: Message, staff_name: str | None = None) -> dict[str, Any]:
    """A message as hub events and widget frames carry it (no channel addresses, ever)."""
    payload = message.payload or {}
    view: dict[str, Any] = {
        "id": message.id,
        "contact_id": message.contact_id,
        "channel": message.channel,
        "direction": message.direction,
        "author": message.author,
        "text": message.text,
        "buttons": payload.get("buttons") or [],
        "at": iso(message.created_at),
    }
    if message.staff_id is not None:
        view["staff_id"] = message.staff_id
        view["staff_name"] = staff_name
    if payload.get("client_id"):
        view["client_id"] = payload["client_id"]
    if payload.get("payload"):
        view["payload"] = payload["payload"]
    return view
