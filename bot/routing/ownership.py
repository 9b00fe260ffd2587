"""Who owns a conversation (bot, queued, staff, closed), and the only ways that changes.

Each change is one conditional UPDATE on the handoff row, so two staff members pressing "claim"
at the same moment cannot both win: the database lets exactly one UPDATE match `status='queued'`.
Functions take a Session and never commit; callers wrap them in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, update
from sqlalchemy.orm import Session, aliased

from bot.store.base import utcnow
from bot.store.models import OPEN_HANDOFF_STATUSES, Contact, Handoff, StaffMember
from bot.store.repositories import audit
from bot.store.repositories.contacts import get_contact
from bot.store.repositories.handoffs import open_handoff, request_handoff, waiting_in_fair_order
from bot.store.repositories.sql import rows_changed


class OwnershipError(Exception):
    """A staff action that does not apply now; the message is fit to show in the console."""


@dataclass(frozen=True)
class Change:
    """What a transition did, for the hub event and the person's notice."""

    contact_id: str
    owner: str
    handoff_id: int | None
    staff_id: int | None = None


def _active_staff(session: Session, staff_id: int) -> StaffMember:
    staff = session.get(StaffMember, staff_id)
    if staff is None or staff.disabled:
        raise OwnershipError("That staff account does not exist or is disabled.")
    return staff


def _set_owner(session: Session, contact_id: str, owner: str, *, ended: bool = False) -> None:
    contact = get_contact(session, contact_id)
    contact.owner = owner
    if ended and contact.ended_at is None:
        contact.ended_at = utcnow()
    session.flush()


def claim(session: Session, contact_id: str, staff_id: int) -> Change | None:
    """Assign the queued conversation to `staff_id`; None if someone else got there first."""
    _active_staff(session, staff_id)
    # The WHERE clause is the lock: a second claimer's UPDATE matches no row once the first commits.
    result = session.execute(
        update(Handoff)
        .where(Handoff.contact_id == contact_id, Handoff.status == "queued")
        .values(status="assigned", claimed_by=staff_id, claimed_at=utcnow())
    )
    if rows_changed(result) != 1:
        return None
    _set_owner(session, contact_id, "staff")
    handoff = _just_updated(session, contact_id)
    audit.record(session, audit.staff_actor(staff_id), "handoff_claimed", contact_id, handoff_id=handoff.id)
    return Change(contact_id, "staff", handoff.id, staff_id)


def _just_updated(session: Session, contact_id: str) -> Handoff:
    """The open handoff an UPDATE in this transaction has just matched."""
    handoff = open_handoff(session, contact_id)
    if handoff is None:  # cannot happen inside the transaction; a clear error if it ever does
        raise OwnershipError("This conversation has no open handoff.")
    return handoff


def transfer(session: Session, contact_id: str, from_staff_id: int, to_staff_id: int) -> Change:
    """Move an assigned conversation from one staff member to another."""
    _active_staff(session, to_staff_id)
    result = session.execute(
        update(Handoff)
        .where(
            Handoff.contact_id == contact_id,
            Handoff.status == "assigned",
            Handoff.claimed_by == from_staff_id,
        )
        .values(claimed_by=to_staff_id, claimed_at=utcnow())
    )
    if rows_changed(result) != 1:
        raise OwnershipError("This conversation is not assigned to that staff member any more.")
    handoff = _just_updated(session, contact_id)
    audit.record(
        session,
        audit.staff_actor(from_staff_id),
        "handoff_transferred",
        contact_id,
        handoff_id=handoff.id,
        to_staff_id=to_staff_id,
    )
    return Change(contact_id, "staff", handoff.id, to_staff_id)


def _end(
    session: Session, contact_id: str, staff_id: int, status: str, outcome: str | None, as_supervisor: bool
) -> tuple[int, bool]:
    """End the open handoff if `staff_id` holds it, or for a supervisor in any case.

    The handoff's id, and whether a supervisor ended someone else's (or an unclaimed) conversation.
    """
    handoff = open_handoff(session, contact_id)
    if handoff is None:
        raise OwnershipError("This conversation has no open handoff.")
    values: dict[str, object] = {"status": status, "ended_at": utcnow()}
    if outcome is not None:
        values["closing_outcome"] = outcome
    held = and_(Handoff.status == "assigned", Handoff.claimed_by == staff_id)
    allowed = Handoff.status.in_(OPEN_HANDOFF_STATUSES) if as_supervisor else held
    overruled = not (handoff.status == "assigned" and handoff.claimed_by == staff_id)
    result = session.execute(update(Handoff).where(Handoff.id == handoff.id, allowed).values(**values))
    if rows_changed(result) != 1:
        if handoff.status == "queued":
            raise OwnershipError("Claim this conversation first.")
        raise OwnershipError("This conversation is assigned to someone else.")
    return handoff.id, overruled


def hand_back(session: Session, contact_id: str, staff_id: int, *, as_supervisor: bool = False) -> Change:
    """Return the conversation to the assistant (its holder, or a supervisor)."""
    _active_staff(session, staff_id)
    handoff_id, overruled = _end(session, contact_id, staff_id, "handed_back", None, as_supervisor)
    _set_owner(session, contact_id, "bot")
    detail = {"overruled_holder": True} if overruled else {}
    audit.record(
        session, audit.staff_actor(staff_id), "handoff_handed_back", contact_id, handoff_id=handoff_id, **detail
    )
    return Change(contact_id, "bot", handoff_id, staff_id)


def close(session: Session, contact_id: str, staff_id: int, outcome: str, *, as_supervisor: bool = False) -> Change:
    """Close the conversation with an outcome (e.g. "advice_given"); its holder, or a supervisor."""
    _active_staff(session, staff_id)
    if not outcome or len(outcome) > 64:
        raise OwnershipError("Choose an outcome (at most 64 characters).")
    handoff_id, overruled = _end(session, contact_id, staff_id, "closed_by_staff", outcome, as_supervisor)
    _set_owner(session, contact_id, "closed", ended=True)
    detail = {"overruled_holder": True} if overruled else {}
    audit.record(
        session,
        audit.staff_actor(staff_id),
        "handoff_closed",
        contact_id,
        handoff_id=handoff_id,
        outcome=outcome,
        **detail,
    )
    return Change(contact_id, "closed", handoff_id, staff_id)


def queue_for_human(session: Session, contact_id: str, reason: str, priority: int) -> Change:
    """Queue the conversation (or raise the open request's priority); used when Rasa cannot."""
    contact = get_contact(session, contact_id)
    handoff = request_handoff(session, contact_id, reason, priority, contact.language, None)
    audit.record(session, "system", "handoff_requested_by_gateway", contact_id, handoff_id=handoff.id, reason=reason)
    return Change(contact_id, get_contact(session, contact_id).owner, handoff.id)


def raise_priority(session: Session, contact_id: str, priority: int, reason: str) -> Change | None:
    """Make the open handoff at least this urgent; None if there is no open handoff."""
    handoff = open_handoff(session, contact_id)
    if handoff is None:
        return None
    if priority < handoff.priority:
        handoff.priority = priority
        audit.record(session, "system", "handoff_priority_raised", contact_id, handoff_id=handoff.id, reason=reason)
    session.flush()
    return Change(contact_id, get_contact(session, contact_id).owner, handoff.id, handoff.claimed_by)


def reopen(session: Session, contact_id: str) -> bool:
    """A closed conversation the person writes to again goes back to the assistant; True if it did.

    Not when the same address has started a new contact since (SMS and Telegram do that after a
    close): one address has at most one open conversation.
    """
    newer = aliased(Contact)
    result = session.execute(
        update(Contact)
        .where(
            Contact.id == contact_id,
            Contact.owner == "closed",
            ~exists().where(
                newer.channel == Contact.channel,
                newer.address_hash == Contact.address_hash,
                newer.owner != "closed",
                newer.id != Contact.id,
            ),
        )
        .values(owner="bot", ended_at=None)
    )
    return rows_changed(result) == 1


def stop_contact(session: Session, contact_id: str, reason: str) -> Change:
    """The person opted out (SMS STOP): cancel any open request and close the conversation."""
    handoff = open_handoff(session, contact_id)
    if handoff is not None:
        handoff.status = "cancelled"
        handoff.ended_at = utcnow()
    _set_owner(session, contact_id, "closed", ended=True)
    audit.record(session, "system", reason, contact_id, handoff_id=handoff.id if handoff else None)
    session.flush()
    return Change(contact_id, "closed", handoff.id if handoff else None)


def queue_position(session: Session, handoff: Handoff) -> int | None:
    """1 for the next conversation staff will pick up; None unless the handoff is queued.

    The same fair order as the console's queue (bot/store/repositories/handoffs.py), so the
    person is told the place they really have.
    """
    if handoff.status != "queued":
        return None
    for position, (waiting, _contact) in enumerate(waiting_in_fair_order(session), start=1):
        if waiting.id == handoff.id:
            return position
    return None


def describe(session: Session, contact_id: str) -> dict[str, object]:
    """Ownership as hub events carry it: owner plus the open (or latest) handoff."""
    contact = get_contact(session, contact_id)
    handoff = open_handoff(session, contact_id)
    view: dict[str, object] = {"owner": contact.owner, "handoff": None}
    if handoff is not None:
        staff = session.get(StaffMember, handoff.claimed_by) if handoff.claimed_by else None
        view["handoff"] = {
            "id": handoff.id,
            "status": handoff.status,
            "priority": handoff.priority,
            "reason": handoff.reason,
            "claimed_by": handoff.claimed_by,
            "staff_name": staff.first_name if staff else None,
            "queue_position": queue_position(session, handoff),
        }
    return view


__all__ = [
    "OPEN_HANDOFF_STATUSES",
    "Change",
    "OwnershipError",
    "claim",
    "close",
    "describe",
    "hand_back",
    "queue_for_human",
    "queue_position",
    "raise_priority",
    "reopen",
    "stop_contact",
    "transfer",
]
