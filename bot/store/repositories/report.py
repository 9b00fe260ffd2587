"""Aggregate figures about contacts and handoffs (no personal data)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Contact, Handoff
from bot.store.repositories.corrections import misroutes
from bot.store.repositories.export import start_of_day

NO_ROUTE = "(none)"
NO_FORCE = "(not given)"


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (an observed value, never interpolated); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _counts(counter: Counter[str]) -> list[dict[str, Any]]:
    return [{"key": key, "count": count} for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def build_report(session: Session, *, since: dt.date | None = None) -> dict[str, Any]:
    """Contacts per day (UTC), channel, route and force; handoff waits; routes that end in handoffs;
    routes staff corrected (misroutes).

    `since` filters contacts by start and handoffs by request time.
    """
    contact_query = select(Contact.id, Contact.started_at, Contact.channel, Contact.triage_outcome, Contact.force)
    handoff_query = select(Handoff.contact_id, Handoff.requested_at, Handoff.claimed_at)
    if since is not None:
        contact_query = contact_query.where(Contact.started_at >= start_of_day(since))
        handoff_query = handoff_query.where(Handoff.requested_at >= start_of_day(since))

    # Aggregated in Python: it keeps date bucketing identical on SQLite and PostgreSQL, and a
    # report reads a handful of small columns once.
    per_day: Counter[str] = Counter()
    per_channel: Counter[str] = Counter()
    per_route: Counter[str] = Counter()
    per_force: Counter[str] = Counter()
    route_of: dict[str, str] = {}
    for contact_id, started_at, channel, outcome, force in session.execute(contact_query):
        per_day[started_at.date().isoformat()] += 1
        per_channel[channel] += 1
        per_route[outcome or NO_ROUTE] += 1
        per_force[force or NO_FORCE] += 1
        route_of[contact_id] = outcome or NO_ROUTE

    waits: list[float] = []
    handed_off: set[str] = set()
    handoff_total = 0
    for contact_id, requested_at, claimed_at in session.execute(handoff_query):
        handoff_total += 1
        handed_off.add(contact_id)
        if claimed_at is not None:
            waits.append((claimed_at - requested_at).total_seconds())

    routes_to_handoff: Counter[str] = Counter(route_of[c] for c in handed_off if c in route_of)
    return {
        "since": since.isoformat() if since else None,
        "contacts": sum(per_day.values()),
        "per_day": [{"key": day, "count": per_day[day]} for day in sorted(per_day)],
        "per_channel": _counts(per_channel),
        "per_route": _counts(per_route),
        "per_force": _counts(per_force),
        "handoffs": {
            "requested": handoff_total,
            "claimed": len(waits),
            "unclaimed": handoff_total - len(waits),
            "wait_p50_seconds": percentile(waits, 50),
            "wait_p95_seconds": percentile(waits, 95),
        },
        "routes_ending_in_handoff": [
            {
                "key": route,
                "count": count,
                "contacts": per_route[route],
                "share": round(count / per_route[route], 3),
            }
            for route, count in sorted(routes_to_handoff.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "misroutes": misroutes(session, since=since),
    }


def format_report(report: dict[str, Any]) -> str:
    """The report as plain-text tables."""
    lines: list[str] = []
    title = f"Contacts since {report['since']}" if report["since"] else "All contacts"
    lines.append(f"{title}: {report['contacts']}")

    def table(heading: str, rows: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> None:
        lines.append("")
        lines.append(heading)
        if not rows:
            lines.append("  (none)")
            return
        width = max(len(str(r["key"])) for r in rows)
        for row in rows:
            cells = "".join(f"  {row[name]:>8}" for name in extra)
            lines.append(f"  {str(row['key']):<{width}}  {row['count']:>6}{cells}")

    table("Per day (UTC)", report["per_day"])
    table("Per channel", report["per_channel"])
    table("Per route", report["per_route"])
    table("Per force", report["per_force"])
    handoffs = report["handoffs"]

    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f}s"

    lines.append("")
    lines.append("Handoffs")
    lines.append(f"  requested  {handoffs['requested']:>6}")
    lines.append(f"  claimed    {handoffs['claimed']:>6}")
    lines.append(f"  unclaimed  {handoffs['unclaimed']:>6}")
    lines.append(f"  wait p50   {seconds(handoffs['wait_p50_seconds']):>6}")
    lines.append(f"  wait p95   {seconds(handoffs['wait_p95_seconds']):>6}")
    table(
        "Routes ending in a handoff (handoffs, contacts, share)",
        report["routes_ending_in_handoff"],
        ("contacts", "share"),
    )
    table(
        "Routes staff corrected (corrected, contacts, handed off, rate)",
        report["misroutes"],
        ("contacts", "handed_off", "rate"),
    )
    return "\n".join(lines) + "\n"
