"""Erasure and retention purge across the contact log and Rasa's tracker store, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store.base import utcnow
from bot.store.errors import ContactNotFound
from bot.store.models import Contact
from bot.store.repositories import audit
from bot.store.repositories import purge as rows

# Where Rasa's events live: a separate engine, "same" (the contact log's own database, so both
# deletions share one transaction), or "none" (no tracker store to clean).
Tracker = Union[Engine, Literal["same", "none"]]


@dataclass
class PurgeResult:
    """What a purge removed (or, for a dry run, would remove)."""

    cutoff: dt.datetime
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    tracker_events: int = 0


def _tracker_count(session: Session, tracker: Tracker, ids: list[str]) -> int:
    if tracker == "none":
        return 0
    if tracker == "same":
        return rows.count_tracker_events(session.connection(), ids)
    with tracker.connect() as connection:
        return rows.count_tracker_events(connection, ids)


def _delete_everywhere(session: Session, tracker: Tracker, ids: list[str]) -> tuple[dict[str, int], int]:
    if tracker == "same":
        events = rows.delete_tracker_events(session.connection(), ids)
    elif tracker == "none":
        events = 0
    else:
        # Tracker first, committed on its own: if the contact deletion then fails, running the
        # command again still finds the contacts and finishes. The other order could strand
        # tracker events whose contact ids are gone.
        with tracker.begin() as connection:
            events = rows.delete_tracker_events(connection, ids)
    return rows.delete_contacts(session, ids), events


def purge(
    factory: sessionmaker[Session],
    tracker: Tracker,
    *,
    older_than: dt.timedelta,
    dry_run: bool = False,
    actor: str = "system",
    now: dt.datetime | None = None,
) -> PurgeResult:
    """Delete contacts (and their transcripts, handoffs, notes, tracker events) started before now - older_than."""
    cutoff = (now or utcnow()) - older_than
    with factory.begin() as session:
        ids = rows.expired_contact_ids(session, cutoff)
        result = PurgeResult(cutoff=cutoff, dry_run=dry_run)
        if dry_run:
            result.counts = rows.count_rows(session, ids)
            result.tracker_events = _tracker_count(session, tracker, ids)
            return result
        result.counts, result.tracker_events = _delete_everywhere(session, tracker, ids)
        audit.record(
            session,
            actor,
            "contacts_purged",
            cutoff=cutoff.isoformat(),
            tracker_events=result.tracker_events,
            **result.counts,
        )
    return result


def erase(factory: sessionmaker[Session], tracker: Tracker, contact_id: str, *, actor: str = "system") -> dict[str, int]:
    """Erase one person's contact, transcript, handoffs, notes and tracker events; counts per table.

    ContactNotFound if nothing at all is held for the id.
    """
    with factory.begin() as session:
        exists = session.get(Contact, contact_id) is not None
        if not exists and _tracker_count(session, tracker, [contact_id]) == 0:
            raise ContactNotFound(f"no contact with id {contact_id}")
        counts, events = _delete_everywhere(session, tracker, [contact_id])
        counts["tracker_events"] = events
        audit.record(session, actor, "contact_erased", contact_id=contact_id, **counts)
    return counts
