"""The figures on the reports page: contacts per day by channel, routes, misroutes, handoff waits, the queue now.

Aggregated in Python from a few small columns, as `bot.store.repositories.report` does (and
reusing it for routes and waits), so days are bucketed the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.base import utcnow
from bot.store.models import CHANNELS, OPEN_HANDOFF_STATUSES, Contact, Handoff
from bot.store.repositories.export import start_of_day
from bot.store.repositories.report import build_report

# A longer period makes an unreadable chart; the CLI report covers any range.
MAX_DAYS = 92
DEFAULT_DAYS = 14


@dataclass
class Figures:
    since: dt.date
    until: dt.date
    days: list[str]
    channels: list[str]
    per_day: dict[str, Counter[str]]
    per_day_route: dict[str, Counter[str | None]]
    routes: list[tuple[str | None, int]]
    handoffs: dict[str, float | int | None]
    # Per route the assistant chose: contacts, handed_off, count (corrected by staff), rate.
    misroutes: list[dict[str, Any]] = field(default_factory=list)
    queue_by_priority: dict[int, int] = field(default_factory=dict)
    with_staff: int = 0
    longest_wait_seconds: float | None = None

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.per_day.values())


def period(since_text: str | None, today: dt.date | None = None) -> tuple[dt.date, str | None]:
    """The first day to report (UTC) from the form's value; an error message if it was unusable."""
    today = today or utcnow().date()
    default = today - dt.timedelta(days=DEFAULT_DAYS - 1)
    if not since_text:
        return default, None
    try:
        since = dt.date.fromisoformat(since_text)
    except ValueError:
        return default, "Enter the date as year-month-day, for example 2025-03-01"
    if since > today:
        return default, "The date must be today or in the past"
    if (today - since).days >= MAX_DAYS:
        return today - dt.timedelta(
            days=MAX_DAYS - 1
        ), f"Reports cover at most {MAX_DAYS} days; showing the last {MAX_DAYS}"
    return since, None


def figures(session: Session, since: dt.date, today: dt.date | None = None) -> Figures:
    today = today or utcnow().date()
    days = [(since + dt.timedelta(days=i)).isoformat() for i in range((today - since).days + 1)]
    per_day: dict[str, Counter[str]] = {d: Counter() for d in days}
    per_day_route: dict[str, Counter[str | None]] = {d: Counter() for d in days}
    for started_at, channel, route in session.execute(
        select(Contact.started_at, Contact.channel, Contact.triage_outcome).where(
            Contact.started_at >= start_of_day(since)
        )
    ):
        day = started_at.date().isoformat()
        if day in per_day:
            per_day[day][channel] += 1
            per_day_route[day][route] += 1
    used = {c for counts in per_day.values() for c in counts}
    channels = [c for c in CHANNELS if c in used] + sorted(used - set(CHANNELS))

    report = build_report(session, since=since)
    routes = [(None if r["key"] == "(none)" else r["key"], r["count"]) for r in report["per_route"]]

    now = utcnow()
    queue: Counter[int] = Counter()
    with_staff = 0
    longest: float | None = None
    for status, priority, requested_at in session.execute(
        select(Handoff.status, Handoff.priority, Handoff.requested_at).where(Handoff.status.in_(OPEN_HANDOFF_STATUSES))
    ):
        if status == "queued":
            queue[priority] += 1
            wait = (now - requested_at).total_seconds()
            longest = wait if longest is None else max(longest, wait)
        else:
            with_staff += 1
    return Figures(
        since=since,
        until=today,
        days=days,
        channels=channels,
        per_day=per_day,
        per_day_route=per_day_route,
        routes=routes,
        handoffs=report["handoffs"],
        misroutes=report["misroutes"],
        queue_by_priority={p: queue.get(p, 0) for p in (0, 1, 2)},
        with_staff=with_staff,
        longest_wait_seconds=longest,
    )
