"""Deleting contacts for retention and erasure, with Rasa's tracker events for the same people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, column, delete, func, inspect, or_, select, table, union_all
from sqlalchemy.orm import Session

from bot.store.models import Contact, Handoff, Message, Note, RouteChange, RouteCorrection
from bot.store.repositories.sql import chunks, rows_changed

# Rasa's SQLTrackerStore keeps every event of a conversation in one table, keyed by sender_id,
# which is our contact id. Declared here as a lightweight table so queries are bound, not formatted.
RASA_EVENTS = table("events", column("sender_id"))

# Children first: the database would cascade anyway, but explicit deletes give exact counts and do
# not depend on SQLite's foreign_keys pragma being on.
_CHILDREN = (
    ("route_corrections", RouteCorrection),  # first: it points at a message
    ("messages", Message),
    ("route_changes", RouteChange),
    ("handoffs", Handoff),
    ("notes", Note),
)


def expired_contact_ids(session: Session, cutoff: dt.datetime) -> list[str]:
    """Ids of contacts with no activity since `cutoff`: started, ended, wrote, were written to,
    handed off or noted before it. Retention runs from the last thing that happened, so a
    conversation still going on is never purged for having started long ago."""
    activity = union_all(
        select(Message.contact_id.label("contact_id"), Message.created_at.label("at")),
        select(Note.contact_id, Note.created_at),
        select(RouteChange.contact_id, RouteChange.at),
        select(Handoff.contact_id, Handoff.requested_at),
        select(Handoff.contact_id, Handoff.ended_at).where(Handoff.ended_at.is_not(None)),
    ).subquery()
    latest = (
        select(activity.c.contact_id, func.max(activity.c.at).label("at")).group_by(activity.c.contact_id).subquery()
    )
    return list(
        session.scalars(
            select(Contact.id)
            .outerjoin(latest, latest.c.contact_id == Contact.id)
            .where(
                Contact.started_at < cutoff,
                or_(Contact.ended_at.is_(None), Contact.ended_at < cutoff),
                or_(latest.c.at.is_(None), latest.c.at < cutoff),
            )
            .order_by(Contact.id)
        )
    )


def count_rows(session: Session, contact_ids: Sequence[str]) -> dict[str, int]:
    """How many rows each table holds for these contacts."""
    counts = {"contacts": 0, **{name: 0 for name, _ in _CHILDREN}}
    for ids in chunks(contact_ids):
        counts["contacts"] += session.scalar(select(func.count()).where(Contact.id.in_(ids))) or 0
        for name, model in _CHILDREN:
            counts[name] += session.scalar(select(func.count()).where(model.contact_id.in_(ids))) or 0
    return counts


def delete_contacts(session: Session, contact_ids: Sequence[str]) -> dict[str, int]:
    """Delete these contacts with their messages, routes, handoffs and notes; counts per table."""
    counts = {"contacts": 0, **{name: 0 for name, _ in _CHILDREN}}
    for ids in chunks(contact_ids):
        for name, model in _CHILDREN:
            counts[name] += rows_changed(
                session.execute(
                    delete(model).where(model.contact_id.in_(ids)), execution_options={"synchronize_session": False}
                )
            )
        counts["contacts"] += rows_changed(
            session.execute(
                delete(Contact).where(Contact.id.in_(ids)), execution_options={"synchronize_session": False}
            )
        )
    # Objects already loaded in this session would otherwise look alive.
    session.expunge_all()
    return counts


def _has_events_table(connection: Connection) -> bool:
    return inspect(connection).has_table("events")


def count_tracker_events(connection: Connection, sender_ids: Sequence[str]) -> int:
    """Rasa tracker events for these senders (0 if the tracker has no events table)."""
    if not sender_ids or not _has_events_table(connection):
        return 0
    total = 0
    for ids in chunks(sender_ids):
        total += (
            connection.scalar(select(func.count()).select_from(RASA_EVENTS).where(RASA_EVENTS.c.sender_id.in_(ids)))
            or 0
        )
    return total


def delete_tracker_events(connection: Connection, sender_ids: Sequence[str]) -> int:
    """Delete Rasa tracker events for these senders; rows deleted (0 if there is no events table)."""
    if not sender_ids or not _has_events_table(connection):
        return 0
    total = 0
    for ids in chunks(sender_ids):
        total += connection.execute(delete(RASA_EVENTS).where(RASA_EVENTS.c.sender_id.in_(ids))).rowcount
    return total
