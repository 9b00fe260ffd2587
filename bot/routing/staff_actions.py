"""What the staff console can do to a conversation. Every change is announced on the hub.

The console calls these (through `app[keys.STAFF_DESK]`); internal notes are the console's own.
Each method raises OwnershipError (a message fit for the console) when the action does not apply.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.observability.queue_stats import claimed_wait
from bot.routing import canned, ownership
from bot.routing.messages import Reply, clean_text
from bot.routing.ownership import OwnershipError
from bot.routing.router import Router
from bot.store.base import utcnow
from bot.store.models import StaffMember
from bot.store.repositories.contacts import get_contact
from bot.store.repositories.handoffs import open_handoff

# Staff write longer answers than the public may send, but a runaway paste still has to fit SMS.
MAX_STAFF_MESSAGE_CHARS = 4000


def _first_name(session: Session, staff_id: int) -> str:
    staff = session.get(StaffMember, staff_id)
    return staff.first_name if staff is not None else "Someone"


def _check_holder(session: Session, contact_id: str, staff_id: int) -> str:
    """The staff member's first name if they hold this conversation now; OwnershipError otherwise."""
    contact = get_contact(session, contact_id)
    handoff = open_handoff(session, contact_id)
    if contact.owner != "staff" or handoff is None or handoff.status != "assigned" or handoff.claimed_by != staff_id:
        raise OwnershipError("Claim this conversation before replying.")
    if handoff.first_staff_reply_at is None:
        handoff.first_staff_reply_at = utcnow()
    session.flush()
    return _first_name(session, staff_id)


def _hand_back(session: Session, contact_id: str, staff_id: int, as_supervisor: bool) -> ownership.Change:
    return ownership.hand_back(session, contact_id, staff_id, as_supervisor=as_supervisor)


def _close(session: Session, contact_id: str, staff_id: int, outcome: str, as_supervisor: bool) -> ownership.Change:
    return ownership.close(session, contact_id, staff_id, outcome, as_supervisor=as_supervisor)


class StaffDesk:
    """Claim, reply, transfer, hand back and close: the routing side of the staff console."""

    def __init__(self, router: Router) -> None:
        self.router = router

    async def claim(self, contact_id: str, staff_id: int) -> bool:
        """Take a queued conversation. Exactly one of several concurrent claimers gets True."""
        change = await self.router.db(ownership.claim, contact_id, staff_id)
        if change is None:
            return False
        async with self.router.lock(contact_id):
            name = await self.router.db(_first_name, staff_id)
            recipient = await self.router.recipient(contact_id)
            await self.router.say(recipient, [canned.staff_joined(name, recipient.language)], "system")
        await self.router.publish_state(contact_id, "claimed")
        waited = await self.router.db(claimed_wait, change.handoff_id) if change.handoff_id is not None else None
        if waited is not None:
            self.router.metrics.handoff_claimed(*waited)
        return True

    async def send_staff_message(self, contact_id: str, staff_id: int, text: str) -> dict[str, Any]:
        """Send `text` to the person on their own channel; the stored message as hub events show it."""
        cleaned = clean_text(text, MAX_STAFF_MESSAGE_CHARS)
        if not cleaned.text:
            raise OwnershipError("Write a message first.")
        if cleaned.too_long:
            raise OwnershipError(f"Messages can be at most {MAX_STAFF_MESSAGE_CHARS} characters.")
        async with self.router.lock(contact_id):
            name = await self.router.db(_check_holder, contact_id, staff_id)
            recipient = await self.router.recipient(contact_id)
            views = await self.router.say(recipient, [Reply(cleaned.text)], "staff", staff_id=staff_id, staff_name=name)
        return views[0]

    async def transfer(self, contact_id: str, from_staff_id: int, to_staff_id: int) -> None:
        """Give an assigned conversation to another staff member."""
        await self.router.db(ownership.transfer, contact_id, from_staff_id, to_staff_id)
        async with self.router.lock(contact_id):
            name = await self.router.db(_first_name, to_staff_id)
            recipient = await self.router.recipient(contact_id)
            await self.router.say(recipient, [canned.transferred(name, recipient.language)], "system")
        await self.router.publish_state(contact_id, "transferred")

    async def hand_back(self, contact_id: str, staff_id: int, *, as_supervisor: bool = False) -> None:
        """Return the conversation to the assistant, telling the person (its holder, or a supervisor)."""
        await self.router.db(_hand_back, contact_id, staff_id, as_supervisor)
        async with self.router.lock(contact_id):
            recipient = await self.router.recipient(contact_id)
            await self.router.say(recipient, [canned.in_language(canned.HANDED_BACK, recipient.language)], "system")
        await self.router.publish_state(contact_id, "handed_back")

    async def close(self, contact_id: str, staff_id: int, outcome: str, *, as_supervisor: bool = False) -> None:
        """Close the conversation with an outcome, telling the person (its holder, or a supervisor)."""
        await self.router.db(_close, contact_id, staff_id, outcome, as_supervisor)
        async with self.router.lock(contact_id):
            recipient = await self.router.recipient(contact_id)
            await self.router.say(recipient, [canned.in_language(canned.CLOSED_BY_STAFF, recipient.language)], "system")
        await self.router.publish_state(contact_id, "closed")


__all__ = ["OwnershipError", "StaffDesk"]
