"""Supervisor pages: canned replies, the audit log and reports (admins see them too)."""

from __future__ import annotations

import datetime as dt
import re

from aiohttp import web
from sqlalchemy.orm import Session

from bot import keys
from bot.routing.messages import clean_text
from bot.console import labels, queries, reports
from bot.console.auth import Staff
from bot.console.charts import hbar_chart
from bot.console.guard import requires
from bot.console.html import Markup, escape, join, tag
from bot.console.appkeys import STAFF, TEMPLATES
from bot.console.render import csrf_input, error_summary, field_error, invalid, notice, page, when
from bot.store.models import CannedReply
from bot.store.repositories import audit

MAX_TITLE = 120
MAX_TEXT = 4000

# ------------------------------------------------------------------------------------- canned replies

CANNED_DONE = {
    "added": "Canned reply added.",
    "saved": "Canned reply saved.",
    "hidden": "Canned reply hidden. Staff no longer see it.",
    "shown": "Canned reply shown to staff again.",
}


def _canned_form(
    me: Staff, action: str, prefix: str, title: str, text: str, errors: list[tuple[str, str]], button: str
) -> Markup:
    title_id, text_id = f"{prefix}title", f"{prefix}text"
    return Markup(
        f'<form method="post" action="{escape(action)}" novalidate>{csrf_input(me)}'
        f'<div class="field{" field--error" if any(f == title_id for f, _ in errors) else ""}">'
        f'<label class="label" for="{title_id}">Title</label>{field_error(title_id, errors)}'
        f'<input class="input" id="{title_id}" name="title" type="text" maxlength="{MAX_TITLE}" value="{escape(title)}"'
        f"{invalid(title_id, errors)}></div>"
        f'<div class="field{" field--error" if any(f == text_id for f, _ in errors) else ""}">'
        f'<label class="label" for="{text_id}">Text</label>{field_error(text_id, errors)}'
        f'<textarea class="textarea" id="{text_id}" name="text" rows="4"{invalid(text_id, errors)}>{escape(text)}</textarea></div>'
        f'<button class="button" type="submit">{escape(button)}</button></form>'
    )


async def _canned_page(
    request: web.Request, *, status: int = 200, errors: list[tuple[str, str]] | None = None,
    draft: tuple[str, str] = ("", ""), edit_errors: dict[int, tuple[list[tuple[str, str]], str, str]] | None = None,
) -> web.Response:
    me: Staff = request[STAFF]
    errors = errors or []
    edit_errors = edit_errors or {}
    all_replies = await request.config_dict[keys.ROUTER].db(queries.canned_replies, True)
    items = []
    for c in all_replies:
        errs, title, text = edit_errors.get(c.id, ([], c.title, c.text))
        state = "" if c.active else ' <span class="tag">Hidden</span>'
        toggle = "hide" if c.active else "show"
        toggle_text = "Hide from staff" if c.active else "Show to staff again"
        items.append(
            Markup(
                f'<li class="canned-admin__item"><h3>{escape(c.title)}{Markup(state)}</h3>'
                f'<details{" open" if errs else ""}><summary>Edit<span class="visually-hidden"> {escape(c.title)}</span></summary>'
                + _canned_form(me, f"/staff/canned-replies/{c.id}", f"c{c.id}-", title, text, errs, "Save changes")
                + "</details>"
                f'<form method="post" action="/staff/canned-replies/{c.id}/{toggle}">{csrf_input(me)}'
                f'<button class="button button--secondary" type="submit">{toggle_text}'
                f'<span class="visually-hidden">: {escape(c.title)}</span></button></form></li>'
            )
        )
    listing = (
        Markup(f'<ul class="canned-admin">{join(items)}</ul>') if items else Markup('<p class="muted">None yet.</p>')
    )
    all_errors = errors + [e for errs, _, _ in edit_errors.values() for e in errs]
    content = request.config_dict[TEMPLATES]["canned"].render(
        error_summary=error_summary(all_errors),
        notice=notice(CANNED_DONE.get(request.query.get("done", ""))),
        add_form=_canned_form(me, "/staff/canned-replies", "new-", draft[0], draft[1], errors, "Add canned reply"),
        listing=listing,
    )
    return page(request, "Canned replies", content, status=status, has_errors=bool(all_errors))


@requires("supervisor")
async def canned_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/canned-replies"""
    return await _canned_page(request)


def _validate(form: object, prefix: str) -> tuple[str, str, list[tuple[str, str]]]:
    title = clean_text(str(form.get("title", "")), MAX_TITLE)  # type: ignore[attr-defined]
    text = clean_text(str(form.get("text", "")), MAX_TEXT)  # type: ignore[attr-defined]
    errors = []
    if not title.text:
        errors.append((f"{prefix}title", "Enter a title"))
    elif title.too_long:
        errors.append((f"{prefix}title", f"Titles can be at most {MAX_TITLE} characters"))
    if not text.text:
        errors.append((f"{prefix}text", "Enter the reply's text"))
    elif text.too_long:
        errors.append((f"{prefix}text", f"Replies can be at most {MAX_TEXT} characters"))
    return title.text, text.text, errors


def _add(session: Session, staff_id: int, title: str, text: str) -> None:
    canned = CannedReply(title=title, text=text, created_by=staff_id)
    session.add(canned)
    session.flush()
    audit.record(session, audit.staff_actor(staff_id), "canned_reply_added", canned_reply_id=canned.id)


def _change(session: Session, staff_id: int, canned_id: int, title: str, text: str) -> bool:
    canned = session.get(CannedReply, canned_id)
    if canned is None:
        return False
    canned.title, canned.text = title, text
    audit.record(session, audit.staff_actor(staff_id), "canned_reply_changed", canned_reply_id=canned_id)
    return True


def _set_active(session: Session, staff_id: int, canned_id: int, active: bool) -> bool:
    canned = session.get(CannedReply, canned_id)
    if canned is None:
        return False
    canned.active = active
    action = "canned_reply_shown" if active else "canned_reply_hidden"
    audit.record(session, audit.staff_actor(staff_id), action, canned_reply_id=canned_id)
    return True


@requires("supervisor")
async def canned_add(request: web.Request) -> web.StreamResponse:
    """POST /staff/canned-replies"""
    form = await request.post()
    title, text, errors = _validate(form, "new-")
    if errors:
        return await _canned_page(request, status=400, errors=errors, draft=(title, text))
    await request.config_dict[keys.ROUTER].db(_add, request[STAFF].id, title, text)
    raise web.HTTPSeeOther("/staff/canned-replies?done=added")


@requires("supervisor")
async def canned_change(request: web.Request) -> web.StreamResponse:
    """POST /staff/canned-replies/{canned_id}"""
    canned_id = int(request.match_info["canned_id"])
    form = await request.post()
    title, text, errors = _validate(form, f"c{canned_id}-")
    if errors:
        return await _canned_page(request, status=400, edit_errors={canned_id: (errors, title, text)})
    if not await request.config_dict[keys.ROUTER].db(_change, request[STAFF].id, canned_id, title, text):
        raise web.HTTPNotFound()
    raise web.HTTPSeeOther("/staff/canned-replies?done=saved")


@requires("supervisor")
async def canned_toggle(request: web.Request) -> web.StreamResponse:
    """POST /staff/canned-replies/{canned_id}/hide|show"""
    canned_id = int(request.match_info["canned_id"])
    active = request.match_info["toggle"] == "show"
    if not await request.config_dict[keys.ROUTER].db(_set_active, request[STAFF].id, canned_id, active):
        raise web.HTTPNotFound()
    raise web.HTTPSeeOther(f"/staff/canned-replies?done={'shown' if active else 'hidden'}")


# ------------------------------------------------------------------------------------- audit log

_ACTION = re.compile(r"[a-z_]{1,64}")
_CONTACT = re.compile(r"[A-Za-z0-9-]{1,36}")


def _detail(detail: dict[str, object]) -> str:
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(detail.items())) or "–"


@requires("supervisor")
async def audit_log(request: web.Request) -> web.StreamResponse:
    """GET /staff/audit: newest first, filter by action or contact, 50 a page."""
    action = request.query.get("action", "")
    action = action if _ACTION.fullmatch(action) else ""
    contact_id = request.query.get("contact", "").strip()
    contact_id = contact_id if _CONTACT.fullmatch(contact_id) else ""
    before_text = request.query.get("before", "")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 19 else None
    router = request.config_dict[keys.ROUTER]
    rows = await router.db(
        lambda s: queries.audit_page(s, action=action or None, contact_id=contact_id or None, before=before)
    )
    actions = await router.db(queries.audit_actions)
    options = join(
        [tag("option", "Any action", value="")]
        + [tag("option", a.replace("_", " "), value=a, selected=a == action) for a in actions]
    )
    body = []
    for r in rows:
        who = f"{r.actor_name} ({r.actor})" if r.actor_name else r.actor
        contact = (
            tag("a", r.contact_id, href=f"/staff/audit?contact={r.contact_id}") if r.contact_id else Markup("–")
        )
        body.append(
            Markup(
                f"<tr><td>{when(r.at)}</td>{tag('td', who)}{tag('td', r.action.replace('_', ' '))}"
                f"<td>{contact}</td>{tag('td', _detail(r.detail))}</tr>"
            )
        )
    table = Markup('<p class="muted">No events match.</p>')
    if body:
        table = Markup(
            '<div class="table-wrap"><table class="table"><caption class="visually-hidden">Audit events, newest first</caption>'
            '<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th>'
            '<th scope="col">Contact</th><th scope="col">Details</th></tr></thead>'
            f"<tbody>{join(body)}</tbody></table></div>"
        )
    older = Markup("")
    if len(rows) == 50:
        query = f"before={rows[-1].id}" + (f"&action={action}" if action else "") + (f"&contact={contact_id}" if contact_id else "")
        older = Markup(f'<p>{tag("a", "Older events", href="/staff/audit?" + query)}</p>')
    await router.db(lambda s: audit.record(s, request[STAFF].actor, "audit_log_viewed"))
    content = request.config_dict[TEMPLATES]["audit"].render(
        options=options, contact=contact_id, table=table, older=older
    )
    return page(request, "Audit log", content)


# ------------------------------------------------------------------------------------- reports


def _minutes(seconds: float | int | None) -> str:
    if seconds is None:
        return "No data"
    return labels.waited(float(seconds)) if seconds >= 60 else f"{int(seconds)} s"


def _percent(share: object) -> str:
    return f"{float(share) * 100:.1f}%"  # type: ignore[arg-type]


def _table(caption: str, head: list[str], rows: list[list[object]]) -> Markup:
    header = join(tag("th", h, scope="col") for h in head)
    body = join(
        Markup("<tr>" + tag("th", r[0], scope="row") + join(tag("td", c, class_="num") for c in r[1:]) + "</tr>")
        for r in rows
    )
    # The wrapper scrolls sideways on narrow screens; keyboard users need to be able to reach it.
    return Markup(
        f'<div class="table-wrap" role="region" aria-label="{escape(caption)} (table)" tabindex="0">'
        f'<table class="table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )


@requires("supervisor")
async def reports_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/reports?since=YYYY-MM-DD: charts with the same figures in tables."""
    since, error = reports.period(request.query.get("since"))
    router = request.config_dict[keys.ROUTER]
    f = await router.db(reports.figures, since)
    await router.db(lambda s: audit.record(s, request[STAFF].actor, "report_viewed", since=since.isoformat()))

    channel_names = [labels.label(labels.CHANNELS, c) for c in f.channels]
    day_rows = [
        (dt.date.fromisoformat(d).strftime("%a %d %b"), [f.per_day[d].get(c, 0) for c in f.channels]) for d in f.days
    ]
    per_day = Markup(
        hbar_chart("chart-days", "Contacts per day by channel", day_rows, channel_names or ["Contacts"])
        + _table(
            "Contacts per day by channel (UTC days)",
            ["Day"] + channel_names + ["Total"],
            [[label] + list(values) + [sum(values)] for label, values in day_rows],
        )
    ) if f.total else Markup('<p class="muted">No contacts in this period.</p>')

    route_rows = [(labels.label(labels.ROUTES, r, "No route yet"), [n]) for r, n in f.routes]
    route_codes = [r for r, _ in f.routes]
    per_route = Markup(
        hbar_chart("chart-routes", "Contacts by route", route_rows)
        + _table("Contacts by route", ["Route", "Contacts"], [[label, v[0]] for label, v in route_rows])
        + _table(
            "Contacts per day by route (UTC days)",
            ["Day"] + [labels.label(labels.ROUTES, r, "No route yet") for r in route_codes],
            [
                [dt.date.fromisoformat(d).strftime("%a %d %b")] + [f.per_day_route[d].get(r, 0) for r in route_codes]
                for d in f.days
                if sum(f.per_day_route[d].values())
            ],
        )
    ) if route_rows else Markup('<p class="muted">No contacts in this period.</p>')

    misroutes = Markup(
        '<p class="hint">Staff can only correct conversations that were handed to a person, so the real rate '
        "may be higher. A conversation counts under the route the assistant chose.</p>"
        + _table(
            "Routes staff marked as wrong",
            ["Route the assistant chose", "Conversations", "Handed to a person", "Marked as wrong", "Misroute rate"],
            [
                [labels.label(labels.ROUTES, m["key"]), m["contacts"], m["handed_off"], m["count"], _percent(m["rate"])]
                for m in f.misroutes
            ],
        )
    ) if f.misroutes else Markup('<p class="muted">No conversations with a route in this period.</p>')

    h = f.handoffs
    waits = [("Median (p50)", h["wait_p50_seconds"]), ("95th percentile (p95)", h["wait_p95_seconds"])]
    wait_chart = hbar_chart(
        "chart-waits",
        "Time from asking for a person to a staff member joining, in minutes",
        [(name, [round((v or 0) / 60, 1)]) for name, v in waits],
        value_format="{:g} min",
    ) if h["claimed"] else Markup("")
    handoffs = Markup(
        wait_chart
        + _table(
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
    )

    queue_rows = [(labels.PRIORITIES[p], [n]) for p, n in f.queue_by_priority.items()] + [("With staff", [f.with_staff])]
    queue = Markup(
        hbar_chart("chart-queue", "Open conversations now", queue_rows)
        + _table(
            "Open conversations now",
            ["Where", "Conversations"],
            [[label, v[0]] for label, v in queue_rows] + [["Longest wait now", _minutes(f.longest_wait_seconds)]],
        )
    )
    errors = [("since", error)] if error else []
    content = request.config_dict[TEMPLATES]["reports"].render(
        error_summary=error_summary(errors),
        since=since.isoformat(),
        since_error=field_error("since", errors),
        since_invalid=invalid("since", errors),
        period=f"{since.strftime('%d %B %Y')} to {f.until.strftime('%d %B %Y')} (UTC)",
        total=f.total,
        per_day=per_day,
        per_route=per_route,
        misroutes=misroutes,
        handoffs=handoffs,
        queue=queue,
    )
    return page(request, "Reports", content, status=400 if error else 200, has_errors=bool(errors))
