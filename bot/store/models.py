"""The contact log's tables: contacts, their routes and route corrections, transcripts, handoffs, staff and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.base import Base, bool_false, bool_true, created_now, int_pk, one_of, utcnow, uuid_pk
from vocabulary.routes import ROUTES

# Allowed values, stored as these exact strings (CHECK constraints in the schema enforce them).
CHANNELS = ("web", "sms", "telegram", "rest")
LANGUAGES = ("en", "cy")
TRIAGE_OUTCOMES = ROUTES
COMPLAINANTS = ("self", "on_behalf", "parent_of_child")
AUDIENCES = ("young_person", "easy_read")
OWNERS = ("bot", "queued", "staff", "closed")
DIRECTIONS = ("in", "out")
AUTHORS = ("user", "bot", "staff", "system")
HANDOFF_STATUSES = ("queued", "assigned", "handed_back", "closed_by_staff", "cancelled")
OPEN_HANDOFF_STATUSES = ("queued", "assigned")
# Lower is more urgent: 0 emergency/crisis, 1 serious incident, 2 everything else.
HANDOFF_PRIORITIES = (0, 1, 2)
STAFF_ROLES = ("agent", "supervisor", "admin")
PRESENCES = ("available", "away")

_CASCADE = "CASCADE"


class Contact(Base):
    """One person's conversation with the service, on one channel, and what triage learned."""

    __tablename__ = "contacts"

    id: Mapped[uuid_pk]
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[created_now] = mapped_column(index=True)
    ended_at: Mapped[dt.datetime | None]
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    triage_outcome: Mapped[str | None] = mapped_column(String(32))
    topic: Mapped[str | None] = mapped_column(String(64))
    force: Mapped[str | None] = mapped_column(String(128))
    # Free text on purpose: people give rough dates ("last summer", "about 3 weeks ago").
    incident_date: Mapped[str | None] = mapped_column(String(64))
    complainant: Mapped[str | None] = mapped_column(String(32))
    accessibility_needs: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str | None] = mapped_column(String(32))
    safeguarding_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_given: Mapped[bool_false]
    consent_at: Mapped[dt.datetime | None]
    owner: Mapped[str] = mapped_column(String(16), default="bot", server_default="bot")
    # The phone number / chat id, Fernet-encrypted; the keyed hash finds it without decrypting.
    address_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    address_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Where the contact came from, as a keyed hash: the network address (an IPv6 /64) of a widget
    # user, the number or chat itself on SMS and Telegram. The queue groups handoffs by it.
    source_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Only the triage answers the person consented to store; cleared when consent is withdrawn.
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    route_changes: Mapped[list[RouteChange]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True, order_by="RouteChange.id"
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True, order_by="Message.id"
    )
    handoffs: Mapped[list[Handoff]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True, order_by="Handoff.id"
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True, order_by="Note.id"
    )

    __table_args__ = (
        # One open conversation per phone number or chat: a closed one stays on record, and the
        # person's next message starts a new contact (bot/store/repositories/contacts.py).
        Index(
            "uq_contacts_open_address",
            "channel",
            "address_hash",
            unique=True,
            sqlite_where=text("owner <> 'closed'"),
            postgresql_where=text("owner <> 'closed'"),
        ),
        one_of("channel", CHANNELS),
        one_of("language", LANGUAGES),
        one_of("triage_outcome", TRIAGE_OUTCOMES),
        one_of("complainant", COMPLAINANTS),
        one_of("audience", AUDIENCES),
        one_of("owner", OWNERS),
    )


class RouteChange(Base):
    """Each time triage set (or changed) a contact's route; source_event_id makes retries harmless."""

    __tablename__ = "route_changes"

    id: Mapped[int_pk]
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete=_CASCADE), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    at: Mapped[created_now]
    source_event_id: Mapped[str] = mapped_column(String(128))

    contact: Mapped[Contact] = relationship(back_populates="route_changes")

    __table_args__ = (
        UniqueConstraint("contact_id", "source_event_id"),
        one_of("outcome", TRIAGE_OUTCOMES),
    )


class RouteCorrection(Base):
    """A staff member's judgement that triage chose the wrong route, and the intent it should have been.

    One per contact (changing it updates the row; the audit trail keeps every version). Triage's own
    route (contacts.triage_outcome) is left alone: this is a label for people to review, nothing more.
    """

    __tablename__ = "route_corrections"

    id: Mapped[int_pk]
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete=_CASCADE), unique=True)
    # The person's typed message that set the route; None when a button press set it (nothing for
    # the NLU to learn) or the message has gone.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    original_route: Mapped[str] = mapped_column(String(32))
    corrected_route: Mapped[str] = mapped_column(String(32))
    corrected_intent: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"))
    created_at: Mapped[created_now]
    updated_at: Mapped[created_now] = mapped_column(index=True)

    __table_args__ = (
        one_of("original_route", TRIAGE_OUTCOMES),
        one_of("corrected_route", TRIAGE_OUTCOMES),
        CheckConstraint("original_route <> corrected_route", name="route_changed"),
    )


class StaffMember(Base):
    """Someone who answers handed-off conversations in the staff console."""

    __tablename__ = "staff_members"

    id: Mapped[int_pk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    first_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="agent", server_default="agent")
    disabled: Mapped[bool_false]
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    presence: Mapped[str] = mapped_column(String(16), default="away", server_default="away")
    presence_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_now]

    __table_args__ = (one_of("role", STAFF_ROLES), one_of("presence", PRESENCES))


class Message(Base):
    """One message in or out of a conversation; the id orders the transcript and lets widgets resume."""

    __tablename__ = "messages"

    id: Mapped[int_pk]
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete=_CASCADE))
    # Repeated from the contact so (channel, channel_message_id) can be unique: a re-delivered
    # Twilio MessageSid or Telegram update_id is then stored once.
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(8))
    author: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_now]
    channel_message_id: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    contact: Mapped[Contact] = relationship(back_populates="messages")

    __table_args__ = (
        UniqueConstraint("channel", "channel_message_id"),
        Index("ix_messages_contact_id_id", "contact_id", "id"),
        one_of("channel", CHANNELS),
        one_of("direction", DIRECTIONS),
        one_of("author", AUTHORS),
    )


class Handoff(Base):
    """A request for a human, from queueing to its end; request_key makes retries harmless."""

    __tablename__ = "handoffs"

    id: Mapped[int_pk]
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete=_CASCADE), index=True)
    requested_at: Mapped[created_now]
    reason: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    status: Mapped[str] = mapped_column(String(16), default="queued", server_default="queued")
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"))
    claimed_at: Mapped[dt.datetime | None]
    first_staff_reply_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    closing_outcome: Mapped[str | None] = mapped_column(String(64))
    request_key: Mapped[str | None] = mapped_column(String(128), unique=True)

    contact: Mapped[Contact] = relationship(back_populates="handoffs")

    __table_args__ = (
        Index("ix_handoffs_status_priority_requested_at", "status", "priority", "requested_at"),
        one_of("priority", HANDOFF_PRIORITIES),
        one_of("language", LANGUAGES),
        one_of("status", HANDOFF_STATUSES),
    )


class StaffSession(Base):
    """A signed-in console session; the id is a hash of the cookie token, never the token itself."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete=_CASCADE), index=True)
    created_at: Mapped[created_now]
    expires_at: Mapped[dt.datetime]
    csrf_token: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None]


class Note(Base):
    """An internal staff note on a contact; never shown to the person."""

    __tablename__ = "notes"

    id: Mapped[int_pk]
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete=_CASCADE), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_now]

    contact: Mapped[Contact] = relationship(back_populates="notes")


class CannedReply(Base):
    """A reusable reply staff can insert; deactivated rather than deleted."""

    __tablename__ = "canned_replies"

    id: Mapped[int_pk]
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    # Nullable so replies can be seeded by a migration or script before any staff exist.
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"))
    updated_at: Mapped[created_now] = mapped_column(onupdate=utcnow)
    active: Mapped[bool_true]


class AuditEvent(Base):
    """Who did what, when. contact_id is not a foreign key so the trail survives erasure."""

    __tablename__ = "audit_events"

    id: Mapped[int_pk]
    actor: Mapped[str] = mapped_column(String(64))  # "staff:<id>" or "system"
    action: Mapped[str] = mapped_column(String(64), index=True)
    contact_id: Mapped[str | None] = mapped_column(String(36), index=True)
    at: Mapped[created_now] = mapped_column(index=True)
    # Counts, ids and flags only: never personal data (addresses, names, message text).
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OptOut(Base):
    """An address that asked us never to text it (SMS STOP), kept after its contacts are deleted.

    Keyed by the address's keyed hash only: it says nothing about the person, yet the next contact
    from that number starts opted out. A row lives only while no contact holds the opt-out itself.
    """

    __tablename__ = "opt_outs"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    opted_out_at: Mapped[created_now]

    __table_args__ = (one_of("channel", CHANNELS),)
