"""Handoff requests: queueing a conversation for a human, once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.base import utcnow
from bot.store.models import HANDOFF_PRIORITIES, LANGUAGES, OPEN_HANDOFF_STATUSES, Contact, Handoff
from bot.store.repositories.contacts import get_contact
from bot.store.repositories.sql import insert_ignoring_conflicts

RowT = TypeVar("RowT", bound=Sequence[Any])

PRIORITY_URGENT = 0  # emergency, crisis support
PRIORITY_SERIOUS = 1  # serious incident
PRIORITY_ROUTINE = 2  # everything else

_PRIORITY_BY_OUTCOME = {
    "emergency": PRIORITY_URGENT,
    "crisis_support": PRIORITY_URGENT,
    "serious_incident": PRIORITY_SERIOUS,
}


def priority_for_outcome(outcome: str | None) -> int:
    """Queue priority for a triage route (lower is more urgent)."""
    return _PRIORITY_BY_OUTCOME.get(outcome or "", PRIORITY_ROUTINE)


def open_handoff(session: Session, contact_id: str) -> Handoff | None:
    """The contact's queued or assigned handoff, if any."""
    return session.scalars(
        select(Handoff)
        .where(Handoff.contact_id == contact_id, Handoff.status.in_(OPEN_HANDOFF_STATUSES))
        .order_by(Handoff.id.desc())
        .limit(1)
    ).first()


def request_handoff(
    session: Session,
    contact_id: str,
    reason: str,
    priority: int,
    language: str,
    request_key: str | None,
) -> Handoff:
    """Queue the contact for a human, or return the handoff already open (raising its priority if needed).

    Safe to repeat: the same `request_key`, or any request while one is open, returns that handoff.
    Sets the contact's owner to 'queued' when a new handoff is created.
    """
    if priority not in HANDOFF_PRIORITIES:
        raise ValueError(f"priority must be one of {HANDOFF_PRIORITIES}; got {priority!r}")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    # Locks the contact row on PostgreSQL so two concurrent requests cannot both open a handoff.
    contact = get_contact(session, contact_id, for_update=True)

    if request_key is not None:
        earlier = session.scalars(select(Handoff).where(Handoff.request_key == request_key)).one_or_none()
        if earlier is not None:
            return _raise_priority(session, earlier, priority)

    existing = open_handoff(session, contact_id)
    if existing is not None:
        return _raise_priority(session, existing, priority)

    values = {
        "contact_id": contact_id,
        "requested_at": utcnow(),
        "reason": reason,
        "priority": priority,
        "language": language,
        "status": "queued",
        "request_key": request_key,
    }
    inserted = insert_ignoring_conflicts(session, Handoff, values)
    if inserted:
        contact.owner = "queued"
        session.flush()
    # Either ours, or a concurrent retry with the same key won the insert; both are the answer.
    handoff = (
        session.scalars(select(Handoff).where(Handoff.request_key == request_key)).one()
        if request_key is not None
        else open_handoff(session, contact_id)
    )
    assert handoff is not None
    return handoff


def _raise_priority(session: Session, handoff: Handoff, priority: int) -> Handoff:
    # Only ever more urgent: a calmer follow-up must not push an emergency down the queue.
    if handoff.status in OPEN_HANDOFF_STATUSES and priority < handoff.priority:
        handoff.priority = priority
        session.flush()
    return handoff


def in_fair_order(rows: Sequence[RowT]) -> list[RowT]:
    """Waiting handoffs (rows starting with a Handoff and its Contact, oldest first within each
    priority) in the order staff should take them: most urgent first; within a priority each
    source's first request, then each source's second, and so on. One client opening many
    requests therefore never pushes anyone else's down more than one place per priority.
    A contact with no known source is a source of its own."""
    rank: Counter[tuple[int, str]] = Counter()
    keyed = []
    for row in rows:
        handoff, contact = row[0], row[1]
        source = contact.source_hash or contact.id
        rank[(handoff.priority, source)] += 1
        keyed.append(((handoff.priority, rank[(handoff.priority, source)], handoff.requested_at, handoff.id), row))
    return [row for _, row in sorted(keyed, key=lambda item: item[0])]


def waiting_in_fair_order(session: Session) -> list[tuple[Handoff, Contact]]:
    """Every queued handoff with its contact, in the order staff should take them."""
    rows = session.execute(
        select(Handoff, Contact)
        .join(Contact, Contact.id == Handoff.contact_id)
        .where(Handoff.status == "queued")
        .order_by(Handoff.priority, Handoff.requested_at, Handoff.id)
    ).all()
    return in_fair_order([tuple(row) for row in rows])
