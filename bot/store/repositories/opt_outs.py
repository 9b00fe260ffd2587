"""SMS opt-outs that outlive the contacts that carried them.

While a contact exists, its opt-out state is its latest `sms_opted_out` / `sms_opted_in` audit row
(written by the SMS channel). Before a contact is purged or erased, an opt-out still in force is
copied to `opt_outs`, keyed by the address's keyed hash alone; the next contact from that number
takes it back (the same audit row, marked carried over), so nobody who texted STOP is ever texted
again because their old conversation was deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.base import utcnow
from bot.store.models import AuditEvent, Contact, OptOut
from bot.store.repositories import audit
from bot.store.repositories.sql import chunks, insert_ignoring_conflicts, rows_changed

OPTED_OUT, OPTED_IN = "sms_opted_out", "sms_opted_in"


def is_opted_out(session: Session, contact_id: str) -> bool:
    """The contact's latest opt-out word was STOP."""
    latest = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.contact_id == contact_id, AuditEvent.action.in_((OPTED_OUT, OPTED_IN)))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    return latest == OPTED_OUT


def keep_before_deleting(session: Session, contact_ids: Sequence[str], *, dry_run: bool = False) -> int:
    """Copy the opt-outs in force among these contacts to `opt_outs`; how many (would be) kept."""
    kept = 0
    for ids in chunks(contact_ids):
        rows = session.execute(
            select(Contact.id, Contact.channel, Contact.address_hash).where(
                Contact.id.in_(ids), Contact.address_hash.is_not(None)
            )
        ).all()
        for contact_id, channel, address_hash in rows:
            if not is_opted_out(session, contact_id):
                continue
            if not dry_run:
                insert_ignoring_conflicts(
                    session,
                    OptOut,
                    {"channel": channel, "address_hash": address_hash, "opted_out_at": utcnow()},
                )
            kept += 1
    return kept


def carry_over(session: Session, contact: Contact) -> bool:
    """Give a new contact the opt-out its address left behind; True if there was one."""
    if contact.address_hash is None:
        return False
    removed = rows_changed(
        session.execute(
            delete(OptOut).where(OptOut.channel == contact.channel, OptOut.address_hash == contact.address_hash)
        )
    )
    if not removed:
        return False
    audit.record(session, "system", OPTED_OUT, contact.id, carried_over=True)
    return True
