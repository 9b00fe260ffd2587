"""What the console reads: the queue, one conversation with its context, staff, canned replies, audit.

Every function takes a Session and never commits. Staff only ever see conversations that were
handed to a person: a contact with no handoff is not found here, whatever its id.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, exists, select
from sqlalchemy.orm import Session

from bot.routing import ownership, transcript
from bot.store.base import utcnow
from bot.store.models import (
    OPEN_HANDOFF_STATUSES,
    AuditEvent,
    CannedReply,
    Contact,
    Handoff,
    Message,
    Note,
    RouteCorrection,
    StaffMember,
)
from bot.store.repositories import corrections
from bot.store.repositories.handoffs import PRIORITY_URGENT, in_fair_order

# How many of the assistant's last messages the context card repeats.
LAST_BOT_MESSAGES = 3
# A transcript longer than this shows its latest part (the store keeps all of it).
TRANSCRIPT_LIMIT = 2000


@dataclass(frozen=True)
class QueueRow:
    contact_id: str
    status: str  # queued | assigned
    priority: int
    reason: str
    requested_at: dt.datetime
    channel: str
    route: str | None
    language: str
    accessibility_needs: str | None
    safeguarding_flags: list[str]
    claimed_by: int | None
    staff_name: str | None
    position: int | None
    # Open handoffs from the same source (network address, number or chat), this one included,
    # and how many of those are urgent: one source asking again and again shows as such.
    from_source: int = 1
    urgent_from_source: int = 0


def open_queue(session: Session) -> list[QueueRow]:
    """Open handoffs: waiting ones first (most urgent; fair between sources; longest waiting), then
    those with staff."""
    rows = session.execute(
        select(Handoff, Contact, StaffMember.display_name)
        .join(Contact, Contact.id == Handoff.contact_id)
        .outerjoin(StaffMember, StaffMember.id == Handoff.claimed_by)
        .where(Handoff.status.in_(OPEN_HANDOFF_STATUSES))
        .order_by(
            case((Handoff.status == "queued", 0), else_=1),
            Handoff.priority,
            Handoff.requested_at,
            Handoff.id,
        )
    ).all()
    waiting = in_fair_order([r for r in rows if r[0].status == "queued"])
    rows = waiting + [r for r in rows if r[0].status != "queued"]
    per_source: Counter[str] = Counter()
    urgent_per_source: Counter[str] = Counter()
    for handoff, contact, _ in rows:
        if contact.source_hash:
            per_source[contact.source_hash] += 1
            urgent_per_source[contact.source_hash] += handoff.priority == PRIORITY_URGENT
    queue = []
    position = 0
    for handoff, contact, staff_name in rows:
        if handoff.status == "queued":
            position += 1
        queue.append(
            QueueRow(
                contact_id=contact.id,
                status=handoff.status,
                priority=handoff.priority,
                reason=handoff.reason,
                requested_at=handoff.requested_at,
                channel=contact.channel,
                route=contact.triage_outcome,
                language=handoff.language or contact.language,
                accessibility_needs=contact.accessibility_needs,
                safeguarding_flags=list(contact.safeguarding_flags or []),
                claimed_by=handoff.claimed_by,
                staff_name=staff_name,
                position=position if handoff.status == "queued" else None,
                from_source=per_source[contact.source_hash] if contact.source_hash else 1,
                urgent_from_source=(
                    urgent_per_source[contact.source_hash]
                    if contact.source_hash
                    else int(handoff.priority == PRIORITY_URGENT)
                ),
            )
        )
    return queue


def was_handed_off(session: Session, contact_id: str) -> bool:
    """True if the contact has ever been handed to a person (so staff may look at it)."""
    return bool(session.scalar(select(exists().where(Handoff.contact_id == contact_id))))


@dataclass(frozen=True)
class HandoffView:
    id: int
    status: str
    priority: int
    reason: str
    requested_at: dt.datetime
    claimed_by: int | None
    staff_name: str | None
    closing_outcome: str | None
    position: int | None


@dataclass(frozen=True)
class NoteView:
    id: int
    staff_name: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class StaffChoice:
    id: int
    display_name: str
    presence: str


@dataclass(frozen=True)
class Canned:
    id: int
    title: str
    text: str
    active: bool = True


@dataclass(frozen=True)
class CorrectionView:
    intent: str
    route: str
    assistant_route: str
    staff_name: str | None
    updated_at: dt.datetime


@dataclass(frozen=True)
class RouteMessage:
    """The person's message that set the route (a button's title if they pressed one)."""

    text: str
    pressed_button: bool


@dataclass
class Conversation:
    """Everything the conversation page shows."""

    contact_id: str
    owner: str
    channel: str
    language: str
    route: str | None
    force: str | None
    incident_date: str | None
    complainant: str | None
    accessibility_needs: str | None
    audience: str | None
    safeguarding_flags: list[str]
    consent_given: bool
    summary: dict[str, Any] | None
    started_at: dt.datetime
    handoff: HandoffView | None
    messages: list[dict[str, Any]] = field(default_factory=list)
    last_bot_messages: list[str] = field(default_factory=list)
    notes: list[NoteView] = field(default_factory=list)
    correction: CorrectionView | None = None
    route_message: RouteMessage | None = None

    @property
    def last_message_id(self) -> int:
        return self.messages[-1]["id"] if self.messages else 0


def _handoff_view(session: Session, handoff: Handoff) -> HandoffView:
    staff = session.get(StaffMember, handoff.claimed_by) if handoff.claimed_by else None
    return HandoffView(
        id=handoff.id,
        status=handoff.status,
        priority=handoff.priority,
        reason=handoff.reason,
        requested_at=handoff.requested_at,
        claimed_by=handoff.claimed_by,
        staff_name=staff.display_name if staff else None,
        closing_outcome=handoff.closing_outcome,
        position=ownership.queue_position(session, handoff),
    )


def latest_handoff(session: Session, contact_id: str) -> HandoffView | None:
    """The open handoff, or the most recent one if none is open."""
    handoff = session.scalars(
        select(Handoff)
        .where(Handoff.contact_id == contact_id)
        .order_by(case((Handoff.status.in_(OPEN_HANDOFF_STATUSES), 0), else_=1), Handoff.id.desc())
        .limit(1)
    ).first()
    return _handoff_view(session, handoff) if handoff is not None else None


def message_views(session: Session, contact_id: str, after: int = 0) -> list[dict[str, Any]]:
    """Transcript messages after `after`, as hub events carry them (staff names filled in)."""
    messages = transcript.messages_after(session, contact_id, after, limit=TRANSCRIPT_LIMIT)
    names = transcript.staff_first_names(session, [m.staff_id for m in messages])
    return [transcript.message_view(m, names.get(m.staff_id or -1)) for m in messages]


def conversation(session: Session, contact_id: str) -> Conversation | None:
    """The conversation page's data; None unless the contact exists and was handed off."""
    contact = session.get(Contact, contact_id)
    if contact is None or not was_handed_off(session, contact_id):
        return None
    bot_texts = session.scalars(
        select(Message.text)
        .where(Message.contact_id == contact_id, Message.author == "bot")
        .order_by(Message.id.desc())
        .limit(LAST_BOT_MESSAGES)
    ).all()
    notes = session.execute(
        select(Note, StaffMember.display_name)
        .join(StaffMember, StaffMember.id == Note.staff_id)
        .where(Note.contact_id == contact_id)
        .order_by(Note.id)
    ).all()
    correction = corrections.get_correction(session, contact_id)
    return Conversation(
        contact_id=contact.id,
        owner=contact.owner,
        channel=contact.channel,
        language=contact.language,
        route=contact.triage_outcome,
        force=contact.force,
        incident_date=contact.incident_date,
        complainant=contact.complainant,
        accessibility_needs=contact.accessibility_needs,
        audience=contact.audience,
        safeguarding_flags=list(contact.safeguarding_flags or []),
        consent_given=contact.consent_given,
        summary=contact.summary,
        started_at=contact.started_at,
        handoff=latest_handoff(session, contact_id),
        messages=_latest_messages(session, contact_id),
        last_bot_messages=list(reversed(bot_texts)),
        notes=[NoteView(n.id, name, n.text, n.created_at) for n, name in notes],
        correction=_correction_view(session, correction),
        route_message=_route_message(session, contact, correction),
    )


def _correction_view(session: Session, c: RouteCorrection | None) -> CorrectionView | None:
    if c is None:
        return None
    staff = session.get(StaffMember, c.staff_id) if c.staff_id else None
    return CorrectionView(
        c.corrected_intent, c.corrected_route, c.original_route, staff.display_name if staff else None, c.updated_at
    )


def _route_message(session: Session, contact: Contact, c: RouteCorrection | None) -> RouteMessage | None:
    # A correction keeps the message it was about, even if the route has moved on since.
    message = session.get(Message, c.message_id) if c is not None and c.message_id else None
    if message is None and contact.triage_outcome is not None:
        message = corrections.route_message(session, contact)
    if message is None:
        return None
    return RouteMessage(message.text, corrections.is_button_press(message))


def _latest_messages(session: Session, contact_id: str) -> list[dict[str, Any]]:
    newest = session.scalars(
        select(Message.id)
        .where(Message.contact_id == contact_id)
        .order_by(Message.id.desc())
        .offset(TRANSCRIPT_LIMIT)
        .limit(1)
    ).first()
    return message_views(session, contact_id, after=newest or 0)


def transfer_choices(session: Session, exclude_staff_id: int) -> list[StaffChoice]:
    """Enabled colleagues a conversation can be transferred to, available ones first."""
    rows = session.scalars(
        select(StaffMember)
        .where(StaffMember.disabled.is_(False), StaffMember.id != exclude_staff_id)
        .order_by(case((StaffMember.presence == "available", 0), else_=1), StaffMember.display_name)
    ).all()
    return [StaffChoice(s.id, s.display_name, s.presence) for s in rows]


def canned_replies(session: Session, include_inactive: bool = False) -> list[Canned]:
    query = select(CannedReply).order_by(CannedReply.title, CannedReply.id)
    if not include_inactive:
        query = query.where(CannedReply.active.is_(True))
    return [Canned(c.id, c.title, c.text, c.active) for c in session.scalars(query)]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    actor_name: str | None
    action: str
    contact_id: str | None
    detail: dict[str, Any]


def audit_page(
    session: Session,
    *,
    action: str | None = None,
    contact_id: str | None = None,
    before: int | None = None,
    limit: int = 50,
) -> list[AuditRow]:
    """Newest audit events first, optionally filtered; `before` pages back by id."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    if contact_id:
        query = query.where(AuditEvent.contact_id == contact_id)
    if before:
        query = query.where(AuditEvent.id < before)
    events = session.scalars(query).all()
    staff_ids = {int(e.actor.split(":", 1)[1]) for e in events if e.actor.startswith("staff:")}
    names: dict[int, str] = (
        dict(
            session.execute(select(StaffMember.id, StaffMember.display_name).where(StaffMember.id.in_(staff_ids)))
            .tuples()
            .all()
        )
        if staff_ids
        else {}
    )
    rows = []
    for e in events:
        name = names.get(int(e.actor.split(":", 1)[1])) if e.actor.startswith("staff:") else None
        rows.append(AuditRow(e.id, e.at, e.actor, name, e.action, e.contact_id, dict(e.detail or {})))
    return rows


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


@dataclass(frozen=True)
class StaffAccount:
    id: int
    username: str
    display_name: str
    role: str
    presence: str
    disabled: bool
    locked: bool


def staff_accounts(session: Session) -> list[StaffAccount]:
    now = utcnow()
    return [
        StaffAccount(
            s.id,
            s.username,
            s.display_name,
            s.role,
            s.presence,
            s.disabled,
            s.locked_until is not None and s.locked_until > now,
        )
        for s in session.scalars(select(StaffMember).order_by(StaffMember.display_name))
    ]
