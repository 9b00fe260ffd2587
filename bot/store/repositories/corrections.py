"""Route corrections: staff say triage chose the wrong route and which intent it should have been.

The intents come from vocabulary/routes.py (ROUTE_BY_INTENT), the one place that says which intent sets
which route, so a correction always names a real intent from domain/. Nothing here changes a
conversation or retrains anything: corrections feed the misroute figures and an export that a person
reviews (`python -m bot nlu corrections`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.base import utcnow
from bot.store.models import TRIAGE_OUTCOMES, Contact, Handoff, Message, RouteChange, RouteCorrection
from bot.store.repositories import audit
from bot.store.repositories.contacts import get_contact
from bot.store.repositories.export import start_of_day
from bot.store.repositories.sql import insert_ignoring_conflicts
from vocabulary.routes import ROUTE_BY_INTENT


class CorrectionError(ValueError):
    """A correction that cannot be saved; the message is one plain sentence for staff."""


def intents_by_route() -> dict[str, list[str]]:
    """The intents that set each route, routes in their usual order (only routes some intent sets)."""
    grouped: dict[str, list[str]] = {route: [] for route in TRIAGE_OUTCOMES}
    for intent, route in ROUTE_BY_INTENT.items():
        if route in grouped:
            grouped[route].append(intent)
    return {route: intents for route, intents in grouped.items() if intents}


def route_for_intent(intent: str) -> str | None:
    """The route `intent` sets, or None if it is not an intent a correction may name."""
    route = ROUTE_BY_INTENT.get(intent)
    return route if route in TRIAGE_OUTCOMES else None


def is_button_press(message: Message) -> bool:
    """True if the person pressed a button rather than typing (the NLU did not read it)."""
    return bool(message.payload and message.payload.get("payload"))


def route_message(session: Session, contact: Contact) -> Message | None:
    """The person's message that set the contact's current route; their first message if none is recorded.

    Route changes are written by the action server a moment after the gateway stored the message it
    answers, so the message is the person's last one stored at or before that route change.
    """
    change = session.scalars(
        select(RouteChange)
        .where(RouteChange.contact_id == contact.id, RouteChange.outcome == contact.triage_outcome)
        .order_by(RouteChange.id.desc())
        .limit(1)
    ).first()
    query = select(Message).where(Message.contact_id == contact.id, Message.author == "user", Message.direction == "in")
    if change is None:
        return session.scalars(query.order_by(Message.id).limit(1)).first()
    return session.scalars(query.where(Message.created_at <= change.at).order_by(Message.id.desc()).limit(1)).first()


def get_correction(session: Session, contact_id: str) -> RouteCorrection | None:
    """The contact's route correction, if staff made one."""
    return session.scalars(select(RouteCorrection).where(RouteCorrection.contact_id == contact_id)).one_or_none()


def correct_route(session: Session, contact_id: str, intent: str, staff_id: int) -> RouteCorrection:
    """Say the contact's route was wrong and `intent` was right (create or change; audited with old and new).

    CorrectionError if the intent is not one a route comes from, the contact has no route, or the
    intent's route is the one triage chose.
    """
    route = route_for_intent(intent)
    if route is None:
        raise CorrectionError("Choose the route it should have been.")
    # Row lock on PostgreSQL: two staff correcting at once are applied one after the other.
    contact = get_contact(session, contact_id, for_update=True)
    existing = get_correction(session, contact_id)
    original = existing.original_route if existing is not None else contact.triage_outcome
    if original is None:
        raise CorrectionError("The assistant has not chosen a route yet, so there is nothing to correct.")
    if route == original:
        raise CorrectionError(
            "That is the route the assistant chose. Choose a different route, or leave it if the route was right."
        )
    if existing is None:
        message = route_message(session, contact)
        message_id = message.id if message is not None and not is_button_press(message) else None
        now = utcnow()
        inserted = insert_ignoring_conflicts(
            session,
            RouteCorrection,
            {
                "contact_id": contact_id,
                "message_id": message_id,
                "original_route": original,
                "corrected_route": route,
                "corrected_intent": intent,
                "staff_id": staff_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        correction = get_correction(session, contact_id)
        assert correction is not None  # inserted now, or by a colleague a moment ago
        if inserted:
            _audit(session, "route_correction_added", staff_id, correction, None, None)
            return correction
        existing = correction
    if (existing.corrected_route, existing.corrected_intent) == (route, intent):
        return existing
    old_route, old_intent = existing.corrected_route, existing.corrected_intent
    existing.corrected_route, existing.corrected_intent = route, intent
    existing.staff_id = staff_id
    existing.updated_at = utcnow()
    session.flush()
    _audit(session, "route_correction_changed", staff_id, existing, old_route, old_intent)
    return existing


def remove_correction(session: Session, contact_id: str, staff_id: int) -> bool:
    """Withdraw the contact's correction (the route was right after all); False if there was none."""
    correction = get_correction(session, contact_id)
    if correction is None:
        return False
    audit.record(
        session,
        audit.staff_actor(staff_id),
        "route_correction_removed",
        contact_id,
        assistant_route=correction.original_route,
        old_route=correction.corrected_route,
        old_intent=correction.corrected_intent,
    )
    session.delete(correction)
    session.flush()
    return True


def _audit(
    session: Session, action: str, staff_id: int, c: RouteCorrection, old_route: str | None, old_intent: str | None
) -> None:
    # Codes and ids only: the message itself stays in the transcript, under retention and erasure.
    audit.record(
        session,
        audit.staff_actor(staff_id),
        action,
        c.contact_id,
        assistant_route=c.original_route,
        old_route=old_route,
        old_intent=old_intent,
        new_route=c.corrected_route,
        new_intent=c.corrected_intent,
        message_id=c.message_id,
    )


@dataclass(frozen=True)
class Example:
    """One corrected message as the person wrote it (not yet redacted), with the intent staff chose."""

    intent: str
    text: str
    language: str
    assistant_route: str
    corrected_at: dt.datetime


def corrected_examples(session: Session, *, since: dt.date | None = None) -> list[Example]:
    """Corrections with the message that set the route, oldest first; `since` filters by the correction's last change."""
    query = (
        select(RouteCorrection, Message.text, Contact.language)
        .join(Message, Message.id == RouteCorrection.message_id)
        .join(Contact, Contact.id == RouteCorrection.contact_id)
        .order_by(RouteCorrection.updated_at, RouteCorrection.id)
    )
    if since is not None:
        query = query.where(RouteCorrection.updated_at >= start_of_day(since))
    return [
        Example(c.corrected_intent, text, language, c.original_route, c.updated_at)
        for c, text, language in session.execute(query)
    ]


def misroutes(session: Session, *, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Per route the assistant chose: contacts, how many went to a person, how many staff corrected, and the share.

    A corrected contact counts under the route it had when corrected, so the rate never passes 100 %.
    Contacts with no route are left out. `since` filters contacts by start (UTC day).
    """
    contacts_query = select(Contact.id, Contact.triage_outcome).where(Contact.triage_outcome.is_not(None))
    corrections_query = select(RouteCorrection.contact_id, RouteCorrection.original_route).join(
        Contact, Contact.id == RouteCorrection.contact_id
    )
    handoffs_query = select(Handoff.contact_id).join(Contact, Contact.id == Handoff.contact_id).distinct()
    if since is not None:
        start = start_of_day(since)
        contacts_query = contacts_query.where(Contact.started_at >= start)
        corrections_query = corrections_query.where(Contact.started_at >= start)
        handoffs_query = handoffs_query.where(Contact.started_at >= start)
    route_of: dict[str, str] = dict(session.execute(contacts_query).tuples().all())  # type: ignore[arg-type]  # WHERE excludes NULL routes
    corrected: dict[str, str] = dict(session.execute(corrections_query).tuples().all())
    route_of.update(corrected)
    handed_off = set(session.scalars(handoffs_query))

    totals: Counter[str] = Counter(route_of.values())
    handoffs: Counter[str] = Counter(route for contact_id, route in route_of.items() if contact_id in handed_off)
    wrong: Counter[str] = Counter(corrected.values())
    return [
        {
            "key": route,
            "count": wrong[route],
            "contacts": total,
            "handed_off": handoffs[route],
            "rate": round(wrong[route] / total, 3),
        }
        for route, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
