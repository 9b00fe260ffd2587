"""Contacts: creating them, finding them by address, and recording what triage learned."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.base import utcnow
from bot.store.crypto import AddressCipher
from bot.store.errors import ContactNotFound
from bot.store.models import (
    AUDIENCES,
    CHANNELS,
    COMPLAINANTS,
    LANGUAGES,
    OWNERS,
    TRIAGE_OUTCOMES,
    Contact,
    RouteChange,
)
from bot.store.repositories import opt_outs
from bot.store.repositories.sql import insert_ignoring_conflicts

# Channels where a closed conversation is never reopened: the next message starts a new contact.
NEW_CONTACT_AFTER_CLOSE = ("sms", "telegram")

# What update_details may change, with the allowed values where the column is an enum.
DETAIL_FIELDS: dict[str, tuple[str, ...] | None] = {
    "force": None,
    "incident_date": None,
    "complainant": COMPLAINANTS,
    "accessibility_needs": None,
    "audience": AUDIENCES,
    "language": LANGUAGES,
    "topic": None,
    "summary": None,
}
# Cleared when consent is withdrawn. Language stays (replies still need it) and safeguarding flags
# stay (they protect the person, and staff must still see them).
CONSENTED_FIELDS = ("force", "incident_date", "complainant", "accessibility_needs", "audience", "topic", "summary")


def _check(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


def get_contact(session: Session, contact_id: str, *, for_update: bool = False) -> Contact:
    """The contact with this id; ContactNotFound if there is none."""
    contact = session.get(Contact, contact_id, with_for_update=for_update or None)
    if contact is None:
        raise ContactNotFound(f"no contact with id {contact_id}")
    return contact


def ensure_contact(session: Session, contact_id: str, channel: str, *, language: str | None = None) -> Contact:
    """Create the contact if it is new (safe to repeat); update its language if one is given.

    An existing contact keeps its original channel: the id was minted by that channel.
    """
    _check("channel", channel, CHANNELS)
    if language is not None:
        _check("language", language, LANGUAGES)
    insert_ignoring_conflicts(
        session,
        Contact,
        {
            "id": contact_id,
            "channel": channel,
            "language": language or "en",
            "started_at": utcnow(),
            "safeguarding_flags": [],
            "consent_given": False,
            "owner": "bot",
        },
    )
    contact = get_contact(session, contact_id)
    if language is not None and contact.language != language:
        contact.language = language
    return contact


def find_contact_by_address(session: Session, cipher: AddressCipher, channel: str, address: str) -> Contact | None:
    """The open (not closed) contact who writes from this phone number / chat id on this channel, if any."""
    digest = cipher.lookup_hash(channel, address)
    return session.scalars(
        select(Contact).where(Contact.channel == channel, Contact.address_hash == digest, Contact.owner != "closed")
    ).one_or_none()


def _latest_closed(session: Session, channel: str, digest: str) -> Contact | None:
    return session.scalars(
        select(Contact)
        .where(Contact.channel == channel, Contact.address_hash == digest, Contact.owner == "closed")
        .order_by(Contact.started_at.desc(), Contact.id.desc())
        .limit(1)
    ).first()


def attach_address(session: Session, cipher: AddressCipher, contact_id: str, address: str) -> Contact:
    """Store the contact's address encrypted, with its lookup hash."""
    contact = get_contact(session, contact_id)
    contact.address_ciphertext = cipher.encrypt(address)
    contact.address_hash = cipher.lookup_hash(contact.channel, address)
    session.flush()
    return contact


def ensure_contact_for_address(
    session: Session,
    cipher: AddressCipher,
    channel: str,
    address: str,
    new_id: str,
    *,
    language: str | None = None,
) -> Contact:
    """The open contact for this address, or a new one with id `new_id` (race-free).

    On SMS and Telegram a closed conversation stays closed: the person's next message starts a new
    contact, so staff see a new request rather than an old case reopening, and retention counts
    each conversation on its own. The exception is a number that texted STOP: its closed contact
    stays current, so STOP and START are answered on one record. A web contact's id is its
    widget session, so the same contact continues (the router reopens it).
    """
    _check("channel", channel, CHANNELS)
    digest = cipher.lookup_hash(channel, address)
    current = find_contact_by_address(session, cipher, channel, address)
    if current is not None:
        return current
    closed = _latest_closed(session, channel, digest)
    if closed is not None and (channel not in NEW_CONTACT_AFTER_CLOSE or opt_outs.is_opted_out(session, closed.id)):
        return closed
    inserted = insert_ignoring_conflicts(
        session,
        Contact,
        {
            "id": new_id,
            "channel": channel,
            "language": language or "en",
            "started_at": utcnow(),
            "safeguarding_flags": [],
            "consent_given": False,
            "owner": "bot",
            "address_ciphertext": cipher.encrypt(address),
            "address_hash": digest,
            # On SMS and Telegram the number or chat is the source; the web channel says its own.
            "source_hash": digest if channel in NEW_CONTACT_AFTER_CLOSE else None,
        },
    )
    contact = find_contact_by_address(session, cipher, channel, address)
    assert contact is not None  # inserted above, or a concurrent message's insert won
    if inserted:
        opt_outs.carry_over(session, contact)
    return contact


def record_source(session: Session, cipher: AddressCipher, contact_id: str, source: str) -> None:
    """Remember where the contact came from (a network address key), once, as a keyed hash."""
    contact = get_contact(session, contact_id)
    if contact.source_hash is None:
        contact.source_hash = cipher.lookup_hash("source", source)
        session.flush()


def record_route(session: Session, contact_id: str, outcome: str, source_event_id: str) -> bool:
    """Record a route once per source event; True if new. Replays never overwrite a later route."""
    _check("triage_outcome", outcome, TRIAGE_OUTCOMES)
    contact = get_contact(session, contact_id)
    inserted = insert_ignoring_conflicts(
        session,
        RouteChange,
        {"contact_id": contact_id, "outcome": outcome, "at": utcnow(), "source_event_id": source_event_id},
    )
    if inserted:
        contact.triage_outcome = outcome
        session.flush()
    return inserted


def update_details(session: Session, contact_id: str, **fields: Any) -> Contact:
    """Set any of force, incident_date, complainant, accessibility_needs, audience, language, topic, summary.

    `summary` is only kept with consent: setting it on a contact without consent raises ValueError.
    """
    unknown = sorted(set(fields) - set(DETAIL_FIELDS))
    if unknown:
        raise TypeError(f"update_details got unknown field(s): {', '.join(unknown)}")
    contact = get_contact(session, contact_id)
    for name, value in fields.items():
        allowed = DETAIL_FIELDS[name]
        nullable = name != "language"
        if allowed is not None and not (nullable and value is None):
            _check(name, value, allowed)
    if fields.get("summary") is not None and not contact.consent_given:
        raise ValueError("summary can only be stored after the person consents")
    for name, value in fields.items():
        setattr(contact, name, value)
    session.flush()
    return contact


def record_consent(session: Session, contact_id: str, given: bool) -> Contact:
    """Record consent given or withdrawn; withdrawing clears the summary and triage details."""
    contact = get_contact(session, contact_id)
    contact.consent_given = given
    contact.consent_at = utcnow()
    if not given:
        for name in CONSENTED_FIELDS:
            setattr(contact, name, None)
    session.flush()
    return contact


def add_safeguarding_flag(session: Session, contact_id: str, flag: str) -> bool:
    """Add a safeguarding flag once; True if it was new."""
    # Row lock on PostgreSQL so two concurrent flags cannot overwrite each other's list.
    contact = get_contact(session, contact_id, for_update=True)
    flags = list(contact.safeguarding_flags or [])
    if flag in flags:
        return False
    # A new list, not .append(): JSON columns only notice reassignment.
    contact.safeguarding_flags = [*flags, flag]
    session.flush()
    return True


def set_owner(session: Session, contact_id: str, owner: str) -> Contact:
    """Change who owns the conversation: bot, queued, staff or closed."""
    _check("owner", owner, OWNERS)
    contact = get_contact(session, contact_id)
    contact.owner = owner
    if owner == "closed" and contact.ended_at is None:
        contact.ended_at = utcnow()
    session.flush()
    return contact
