"""The audit trail: who did what to which contact, without personal data."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from bot.store.models import AuditEvent

_ACTOR = re.compile(r"^(system|staff:\d+)$")


def staff_actor(staff_id: int) -> str:
    """The actor string for a staff member."""
    return f"staff:{staff_id}"


def record(session: Session, actor: str, action: str, contact_id: str | None = None, **detail: Any) -> AuditEvent:
    """Add one audit row. `detail` holds counts, ids and flags only, never personal data."""
    if not _ACTOR.match(actor):
        raise ValueError(f"audit actor must be 'system' or 'staff:<id>', not {actor!r}")
    event = AuditEvent(actor=actor, action=action, contact_id=contact_id, detail=detail)
    session.add(event)
    session.flush()
    return event
