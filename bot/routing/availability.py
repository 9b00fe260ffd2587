"""Whether a person asking for a human can expect one soon: staff hours and staff presence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.settings import SettingsError
from bot.store.models import StaffMember

LONDON = ZoneInfo("Europe/London")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(
    r"(?P<d1>[a-z]{3})(?:-(?P<d2>[a-z]{3}))?\s+(?P<h1>\d{1,2}):(?P<m1>\d{2})-(?P<h2>\d{1,2}):(?P<m2>\d{2})"
)


@dataclass(frozen=True)
class _Window:
    days: frozenset[int]
    start: int  # minutes after midnight
    end: int


@dataclass(frozen=True)
class StaffHours:
    """Opening hours in Europe/London, parsed from STAFF_HOURS."""

    text: str
    windows: tuple[_Window, ...]
    always: bool = False

    @classmethod
    def parse(cls, text: str) -> StaffHours:
        """'Mon-Fri 08:00-18:00', several joined by ',' or ';', or 'always'; SettingsError otherwise."""
        cleaned = text.strip().lower()
        if cleaned in ("always", "24/7"):
            return cls(text, (), always=True)
        windows = []
        for part in filter(None, (p.strip() for p in re.split(r"[;,]", cleaned))):
            match = _RULE.fullmatch(part)
            if not match or match["d1"] not in _DAYS or (match["d2"] and match["d2"] not in _DAYS):
                raise SettingsError(f"STAFF_HOURS: cannot read {part!r} (expected e.g. 'Mon-Fri 08:00-18:00').")
            first = _DAYS.index(match["d1"])
            last = _DAYS.index(match["d2"]) if match["d2"] else first
            days = frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))
            start = int(match["h1"]) * 60 + int(match["m1"])
            end = int(match["h2"]) * 60 + int(match["m2"])
            if not (0 <= start < end <= 24 * 60) or int(match["m1"]) > 59 or int(match["m2"]) > 59:
                raise SettingsError(f"STAFF_HOURS: {part!r} is not a valid time range.")
            windows.append(_Window(days, start, end))
        return cls(text, tuple(windows))

    def is_open(self, at: dt.datetime | None = None) -> bool:
        if self.always:
            return True
        local = (at or dt.datetime.now(dt.timezone.utc)).astimezone(LONDON)
        minute = local.hour * 60 + local.minute
        return any(local.weekday() in w.days and w.start <= minute < w.end for w in self.windows)


def staff_present(session: Session) -> int:
    """How many enabled staff members have set themselves available."""
    return (
        session.scalar(
            select(func.count())
            .select_from(StaffMember)
            .where(StaffMember.presence == "available", StaffMember.disabled.is_(False))
        )
        or 0
    )


def staff_available(session: Session, hours: StaffHours, at: dt.datetime | None = None) -> bool:
    """Someone can pick a conversation up now: within staff hours and at least one person available.

    Hours count as well as presence because a forgotten 'available' at midnight must not promise
    the person a reply that will not come.
    """
    return hours.is_open(at) and staff_present(session) > 0
