"""Contacts as plain dictionaries for JSON Lines export (no address unless asked, and then audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.store.crypto import AddressCipher
from bot.store.models import Contact, Handoff
from bot.store.repositories import audit


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of `day`."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def handoff_state(handoffs: list[Handoff]) -> dict[str, Any] | None:
    """The latest handoff's status, priority and wait (requested → claimed) in seconds."""
    if not handoffs:
        return None
    latest = handoffs[-1]
    wait = (latest.claimed_at - latest.requested_at).total_seconds() if latest.claimed_at else None
    return {
        "status": latest.status,
        "priority": latest.priority,
        "requested_at": _iso(latest.requested_at),
        "wait_seconds": wait,
        "closing_outcome": latest.closing_outcome,
        "count": len(handoffs),
    }


def contact_record(contact: Contact, cipher: AddressCipher | None = None) -> dict[str, Any]:
    """One contact as an export object; the address only when a cipher is given."""
    record: dict[str, Any] = {
        "id": contact.id,
        "channel": contact.channel,
        "started": _iso(contact.started_at),
        "ended": _iso(contact.ended_at),
        "language": contact.language,
        "triage_outcome": contact.triage_outcome,
        "routes": [{"outcome": r.outcome, "at": _iso(r.at)} for r in contact.route_changes],
        "force": contact.force,
        "owner": contact.owner,
        "handoff": handoff_state(contact.handoffs),
        "safeguarding_flags": list(contact.safeguarding_flags or []),
        "consent_given": contact.consent_given,
    }
    if cipher is not None:
        record["address"] = cipher.decrypt(contact.address_ciphertext) if contact.address_ciphertext else None
    return record


def _records(session: Session, since: dt.date | None, cipher: AddressCipher | None) -> Iterator[dict[str, Any]]:
    query = select(Contact)
    if since is not None:
        query = query.where(Contact.started_at >= start_of_day(since))
    query = (
        query.options(selectinload(Contact.route_changes), selectinload(Contact.handoffs))
        .order_by(Contact.started_at, Contact.id)
        .execution_options(yield_per=500)
    )
    for contact in session.scalars(query):
        yield contact_record(contact, cipher)


def export_contacts(session: Session, *, since: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """Yield every contact started on or after `since` (UTC day), oldest first, without addresses."""
    return _records(session, since, None)


def export_contacts_with_addresses(
    factory: sessionmaker[Session],
    cipher: AddressCipher,
    *,
    since: dt.date | None = None,
    actor: str = "system",
) -> Iterator[dict[str, Any]]:
    """Like export_contacts, plus decrypted addresses; commits an audit row before the first one.

    Takes the session factory, not a session, because the audit row must be committed on its own:
    an export that fails half-way has still disclosed addresses and must stay on the record.
    """
    with factory.begin() as session:
        total = session.scalar(
            select(func.count())
            .select_from(Contact)
            .where(Contact.started_at >= start_of_day(since) if since else true())
        )
        audit.record(
            session,
            actor,
            "contacts_exported_with_address",
            count=total,
            since=since.isoformat() if since else None,
        )
    with factory.begin() as session:
        yield from _records(session, since, cipher)
