"""Erasure and retention purge across the contact log, Rasa's tracker store and the outbox's rejected
records, audited."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.store import outbox
from bot.store.base import utcnow
from bot.store.errors import ContactNotFound
from bot.store.models import Contact
from bot.store.repositories import audit, opt_outs
from bot.store.repositories import purge as rows
from bot.store.repositories.sql import chunks

# Where Rasa's events live: a separate engine, "same" (the contact log's own database, so both
# deletions share one transaction), or "none" (no tracker store to clean).
Tracker = Engine | Literal["same", "none"]


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
    # First, so an opt-out in force outlives the contact that carried it (keyed by address hash only).
    kept = opt_outs.keep_before_deleting(session, ids)
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
    counts = rows.delete_contacts(session, ids)
    counts["opt_outs_kept"] = kept
    return counts, events


def _contact_of(line: str) -> str | None:
    try:
        entry = json.loads(line)
        contact_id = entry["kwargs"]["contact_id"]
    except (ValueError, KeyError, TypeError):
        return None
    return contact_id if isinstance(contact_id, str) else None


def _existing(session: Session, ids: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(sorted(ids)):
        found.update(session.scalars(select(Contact.id).where(Contact.id.in_(chunk))))
    return found


def _expire_rejected(
    session: Session,
    spool_path: Path | None,
    *,
    erased: str | None = None,
    going: set[str] | None = None,
    dry_run: bool = False,
) -> int:
    """Drop the outbox's rejected records whose contact is gone; how many (would) go.

    A rejected record is a contact-log write that could never be applied, arguments and all; it
    lives exactly as long as its contact. With `erased`, only that contact's records go. Called
    inside the deleting transaction, so `session` already sees the contacts as gone (a dry run
    names the contacts that would go in `going`).
    """
    if spool_path is None:
        return 0
    rejected = spool_path.with_suffix(".rejected")
    if not rejected.exists():
        return 0
    # The outbox's own lock: its drain appends to this file.
    with outbox._locked(spool_path):
        lines = [line for line in rejected.read_text(encoding="utf-8").splitlines() if line.strip()]
        owners = [_contact_of(line) for line in lines]
        if erased is not None:
            keep = [owner != erased for owner in owners]
        else:
            alive = _existing(session, {o for o in owners if o is not None}) - (going or set())
            keep = [owner in alive for owner in owners]
        dropped = keep.count(False)
        if dropped and not dry_run:
            _rewrite(rejected, [line for line, kept in zip(lines, keep) if kept])
    return dropped


def _rewrite(path: Path, lines: list[str]) -> None:
    # 0600 and atomic, like the outbox's own files: the records can hold triage answers.
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in lines)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def purge(
    factory: sessionmaker[Session],
    tracker: Tracker,
    *,
    older_than: dt.timedelta,
    dry_run: bool = False,
    actor: str = "system",
    now: dt.datetime | None = None,
    spool_path: Path | None = None,
) -> PurgeResult:
    """Delete contacts with no activity since now - older_than (and their transcripts, handoffs,
    notes, tracker events and the outbox's rejected records at `spool_path`, i.e. SPOOL_PATH);
    opt-outs in force are kept by address hash."""
    cutoff = (now or utcnow()) - older_than
    with factory.begin() as session:
        ids = rows.expired_contact_ids(session, cutoff)
        result = PurgeResult(cutoff=cutoff, dry_run=dry_run)
        if dry_run:
            result.counts = rows.count_rows(session, ids)
            result.counts["opt_outs_kept"] = opt_outs.keep_before_deleting(session, ids, dry_run=True)
            result.tracker_events = _tracker_count(session, tracker, ids)
            result.counts["rejected_outbox_records"] = _expire_rejected(
                session, spool_path, going=set(ids), dry_run=True
            )
            return result
        result.counts, result.tracker_events = _delete_everywhere(session, tracker, ids)
        # This purge's contacts, and any whose contact was erased or never stored.
        result.counts["rejected_outbox_records"] = _expire_rejected(session, spool_path)
        audit.record(
            session,
            actor,
            "contacts_purged",
            None,
            cutoff=cutoff.isoformat(),
            tracker_events=result.tracker_events,
            **result.counts,
        )
    return result


def erase(
    factory: sessionmaker[Session],
    tracker: Tracker,
    contact_id: str,
    *,
    actor: str = "system",
    spool_path: Path | None = None,
) -> dict[str, int]:
    """Erase one person's contact, transcript, handoffs, notes, tracker events and rejected outbox
    records; counts per table. An opt-out in force is kept, by address hash only.

    ContactNotFound if nothing at all is held for the id.
    """
    with factory.begin() as session:
        exists = session.get(Contact, contact_id) is not None
        if not exists and _tracker_count(session, tracker, [contact_id]) == 0:
            raise ContactNotFound(f"no contact with id {contact_id}")
        counts, events = _delete_everywhere(session, tracker, [contact_id])
        counts["tracker_events"] = events
        counts["rejected_outbox_records"] = _expire_rejected(session, spool_path, erased=contact_id)
        audit.record(session, actor, "contact_erased", contact_id=contact_id, **counts)
    return counts
