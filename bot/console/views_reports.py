"""The reports page: charts with the same figures in tables (supervisors and admins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiohttp import web

from bot import keys
from bot.console import labels, reports
from bot.console.appkeys import STAFF
from bot.console.charts import Chart, hbar_chart
from bot.console.guard import requires
from bot.console.templating import page
from bot.store.repositories import audit


@dataclass(frozen=True)
class Table:
    """A table of figures: the first cell of each row is its header."""

    caption: str
    head: list[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Figures:
    """One section of the page: a chart (if there is one to draw) and its tables."""

    chart: Chart | None
    tables: list[Table] = field(default_factory=list)


def _minutes(seconds: float | int | None) -> str:
    if seconds is None:
        return "No data"
    return labels.waited(float(seconds)) if seconds >= 60 else f"{int(seconds)} s"


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _day(iso_day: str) -> str:
    return dt.date.fromisoformat(iso_day).strftime("%a %d %b")


def _per_day(f: reports.Figures) -> Figures | None:
    if not f.total:
        return None
    channel_names = [labels.label(labels.CHANNELS, c) for c in f.channels]
    rows = [(_day(d), [f.per_day[d].get(c, 0) for c in f.channels]) for d in f.days]
    return Figures(
        hbar_chart("chart-days", "Contacts per day by channel", rows, channel_names or ["Contacts"]),
        [
            Table(
                "Contacts per day by channel (UTC days)",
                ["Day"] + channel_names + ["Total"],
                [[label] + list(values) + [sum(values)] for label, values in rows],
            )
        ],
    )


def _per_route(f: reports.Figures) -> Figures | None:
    rows = [(labels.label(labels.ROUTES, r, "No route yet"), [n]) for r, n in f.routes]
    if not rows:
        return None
    codes = [r for r, _ in f.routes]
    return Figures(
        hbar_chart("chart-routes", "Contacts by route", rows),
        [
            Table("Contacts by route", ["Route", "Contacts"], [[label, v[0]] for label, v in rows]),
            Table(
                "Contacts per day by route (UTC days)",
                ["Day"] + [labels.label(labels.ROUTES, r, "No route yet") for r in codes],
                [
                    [_day(d)] + [f.per_day_route[d].get(r, 0) for r in codes]
                    for d in f.days
                    if sum(f.per_day_route[d].values())
                ],
            ),
        ],
    )


def _misroutes(f: reports.Figures) -> Figures | None:
    if not f.misroutes:
        return None
    return Figures(
        None,
        [
            Table(
                "Routes staff marked as wrong",
                [
                    "Route the assistant chose",
                    "Conversations",
                    "Handed to a person",
                    "Marked as wrong",
                    "Misroute rate",
                ],
                [
                    [
                        labels.label(labels.ROUTES, m["key"]),
                        m["contacts"],
                        m["handed_off"],
                        m["count"],
                        _percent(m["rate"]),
                    ]
                    for m in f.misroutes
                ],
            )
        ],
    )


def _handoffs(f: reports.Figures) -> Figures:
    h = f.handoffs
    waits = [("Median (p50)", h["wait_p50_seconds"]), ("95th percentile (p95)", h["wait_p95_seconds"])]
    chart = (
        hbar_chart(
            "chart-waits",
            "Time from asking for a person to a staff member joining, in minutes",
            [(name, [round((v or 0) / 60, 1)]) for name, v in waits],
            value_format="{:g} min",
        )
        if h["claimed"]
        else None
    )
    return Figures(
        chart,
        [
            Table(
                "Handoffs in this period",
                ["Measure", "Value"],
                [
                    ["Asked for a person", h["requested"]],
                    ["Picked up by staff", h["claimed"]],
                    ["Not picked up", h["unclaimed"]],
                    ["Wait, median (p50)", _minutes(h["wait_p50_seconds"])],
                    ["Wait, 95th percentile (p95)", _minutes(h["wait_p95_seconds"])],
                ],
            )
        ],
    )


def _queue(f: reports.Figures) -> Figures:
    rows = [(labels.PRIORITIES[p], [n]) for p, n in f.queue_by_priority.items()] + [("With staff", [f.with_staff])]
    return Figures(
        hbar_chart("chart-queue", "Open conversations now", rows),
        [
            Table(
                "Open conversations now",
                ["Where", "Conversations"],
                [[label, v[0]] for label, v in rows] + [["Longest wait now", _minutes(f.longest_wait_seconds)]],
            )
        ],
    )


@requires("supervisor")
async def reports_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/reports?since=YYYY-MM-DD: charts with the same figures in tables."""
    since, error = reports.period(request.query.get("since"))
    router = request.config_dict[keys.ROUTER]
    f = await router.db(reports.figures, since)
    await router.db(lambda s: audit.record(s, request[STAFF].actor, "report_viewed", since=since.isoformat()))
    context = {
        "errors": {"since": error} if error else {},
        "since": since.isoformat(),
        "period": f"{since.strftime('%d %B %Y')} to {f.until.strftime('%d %B %Y')} (UTC)",
        "total": f.total,
        "per_day": _per_day(f),
        "per_route": _per_route(f),
        "misroutes": _misroutes(f),
        "handoffs": _handoffs(f),
        "queue": _queue(f),
    }
    return page(request, "reports.html", context, status=400 if error else 200)
