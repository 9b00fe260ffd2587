"""Figures read from the contact log when metrics are scraped: the queue and who can answer it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.routing.availability import StaffHours, staff_present
from bot.store.base import utcnow
from bot.store.models import Handoff


@dataclass(frozen=True)
class QueueSnapshot:
    """Waiting handoffs by priority (count, oldest wait in seconds), and staff who can take them."""

    waiting: dict[int, tuple[int, float]]
    staff_available: int
    hours_open: bool


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; the store writes UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def queue_snapshot(session: Session, hours: StaffHours) -> QueueSnapshot:
    now = utcnow()
    rows = session.execute(
        select(Handoff.priority, func.count(), func.min(Handoff.requested_at))
        .where(Handoff.status == "queued")
        .group_by(Handoff.priority)
    )
    waiting = {
        priority: (count, (now - _aware(oldest)).total_seconds() if oldest is not None else 0.0)
        for priority, count, oldest in rows
    }
    return QueueSnapshot(waiting, staff_present(session), hours.is_open(now))


def claimed_wait(session: Session, handoff_id: int) -> tuple[int, float] | None:
    """A claimed handoff's priority and how long it had waited, in seconds."""
    handoff = session.get(Handoff, handoff_id)
    if handoff is None or handoff.claimed_at is None:
        return None
    return handoff.priority, (_aware(handoff.claimed_at) - _aware(handoff.requested_at)).total_seconds()
