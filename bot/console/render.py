"""Building console pages: the layout, error summaries, and the pieces pages and live updates share.

Everything here returns Markup built from escaped parts; text from the public only ever passes
through `escape` (directly or via `tag`/`Page.render`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Sequence
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.console import labels
from bot.console.auth import Staff
from bot.console.guard import CSRF_FIELD
from bot.console.html import Markup, attrs, escape, join, tag
from bot.console.appkeys import ASSET_URLS, STAFF, TEMPLATES
from bot.console.queries import Conversation, HandoffView, QueueRow
from bot.store.base import utcnow

LONDON = ZoneInfo("Europe/London")


# ------------------------------------------------------------------------------------- basics


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(at: dt.datetime, now: dt.datetime | None = None) -> Markup:
    """A <time> element in UK time: "14:05" today, "3 Jun 14:05" otherwise."""
    local = at.astimezone(LONDON)
    today = (now or utcnow()).astimezone(LONDON).date()
    text = local.strftime("%H:%M") if local.date() == today else f"{local.day} {local.strftime('%b %Y %H:%M')}"
    return tag("time", text, datetime=iso(at))


def csrf_input(staff: Staff) -> Markup:
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(staff.csrf_token)}">')


def error_summary(errors: Sequence[tuple[str, str]]) -> Markup:
    """The GOV.UK-style summary at the top of a form: each error links to its field."""
    if not errors:
        return Markup("")
    items = join(Markup(f"<li>{tag('a', text, href='#' + field)}</li>") for field, text in errors)
    return Markup(
        '<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">'
        '<h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>'
        f'<ul class="error-summary__list">{items}</ul></div>'
    )


def field_error(field: str, errors: Sequence[tuple[str, str]]) -> Markup:
    """The message under a field, with its visually hidden "Error:" prefix; empty if none."""
    for name, text in errors:
        if name == field:
            return Markup(
                f'<p class="error-message" id="{escape(field)}-error">'
                f'<span class="visually-hidden">Error:</span> {escape(text)}</p>'
            )
    return Markup("")


def invalid(field: str, errors: Sequence[tuple[str, str]]) -> Markup:
    """Attributes for a field that has an error (aria-invalid and its description)."""
    if any(name == field for name, _ in errors):
        return attrs(aria_invalid="true", aria_describedby=f"{field}-error")
    return Markup("")


def notice(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(f'<div class="notice" role="status"><p>{escape(text)}</p></div>')


# ------------------------------------------------------------------------------------- layout


_NAV: list[tuple[str, str, str]] = [
    ("/staff/", "Queue", "agent"),
    ("/staff/canned-replies", "Canned replies", "supervisor"),
    ("/staff/audit", "Audit log", "supervisor"),
    ("/staff/reports", "Reports", "supervisor"),
    ("/staff/accounts", "Staff accounts", "admin"),
]


def _nav(staff: Staff, current: str) -> Markup:
    items = []
    for href, text, role in _NAV:
        if staff.can(role):
            items.append(
                Markup(f"<li>{tag('a', text, href=href, aria_current='page' if href == current else None)}</li>")
            )
    return Markup(f'<nav class="nav" aria-label="Console"><ul class="nav__list">{join(items)}</ul></nav>')


def _account(staff: Staff, path: str) -> Markup:
    other = "away" if staff.presence == "available" else "available"
    button = "Set yourself away" if other == "away" else "Set yourself available"
    return Markup(
        '<div class="account">'
        f'<p class="account__who">Signed in as {escape(staff.display_name)} '
        f'({escape(labels.label(labels.ROLES, staff.role))})</p>'
        '<form class="account__form" method="post" action="/staff/presence">'
        f"{csrf_input(staff)}"
        f'<input type="hidden" name="presence" value="{other}">'
        f'<input type="hidden" name="next" value="{escape(path)}">'
        f'<p class="account__presence">Your status: <strong class="presence presence--{escape(staff.presence)}">'
        f"{escape(labels.label(labels.PRESENCE, staff.presence))}</strong> "
        f'<button class="button button--secondary" type="submit">{button}</button></p>'
        "</form>"
        '<form class="account__form" method="post" action="/staff/logout">'
        f'{csrf_input(staff)}<button class="button button--link" type="submit">Sign out</button></form>'
        "</div>"
    )


def page(
    request: web.Request,
    title: str,
    content: Markup,
    *,
    status: int = 200,
    nav_current: str = "",
    has_errors: bool = False,
    body_data: dict[str, Any] | None = None,
) -> web.Response:
    """A whole console page around `content`."""
    staff = request.get(STAFF)
    header_extra = Markup("")
    if staff is not None:
        header_extra = Markup(_account(staff, request.path) + _nav(staff, nav_current or request.path))
    urls = request.config_dict[ASSET_URLS]
    body = request.config_dict[TEMPLATES]["layout"].render(
        # "Error:" first in the title is how screen reader users learn a form came back with errors.
        title=("Error: " if has_errors else "") + title,
        css_url=urls["console.css"],
        js_url=urls["console.js"],
        header_extra=header_extra,
        content=content,
        body_attrs=attrs(**{f"data_{k}": v for k, v in (body_data or {}).items()}),
    )
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def error_page(request: web.Request, status: int, title: str, text: str) -> web.Response:
    content = Markup(f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")
    if request.get(STAFF) is not None:
        content += Markup('<p><a href="/staff/">Back to the queue</a></p>')
    else:
        content += Markup('<p><a href="/staff/login">Sign in</a></p>')
    return page(request, title, content, status=status)


# ------------------------------------------------------------------------------------- queue


def _flags(flags: Iterable[str]) -> Markup:
    flags = list(flags)
    if not flags:
        return Markup('<span class="muted">None</span>')
    return join(
        (Markup(f'<strong class="flag">{escape(labels.label({}, f))}</strong>') for f in flags), " "
    )


def _from_one_source(r: QueueRow) -> Markup:
    """Said when one source (address, number or chat) has several requests open: a cluster of
    urgent ones may be a real crisis in one place, or someone trying to flood the queue."""
    if r.urgent_from_source >= 2:
        return Markup(f' <strong class="flag" data-cluster="urgent">{r.urgent_from_source} urgent from one source</strong>')
    if r.from_source >= 2:
        return Markup(f' <span class="muted" data-cluster="open">{r.from_source} open from one source</span>')
    return Markup("")


def queue_tables(rows: Sequence[QueueRow], me: Staff, now: dt.datetime | None = None) -> Markup:
    """The waiting and with-staff tables (the page, and what live updates swap in)."""
    now = now or utcnow()
    waiting = [r for r in rows if r.status == "queued"]
    assigned = [r for r in rows if r.status != "queued"]

    def row(r: QueueRow) -> Markup:
        waited = labels.waited((now - r.requested_at).total_seconds())
        who = "You" if r.claimed_by == me.id else (r.staff_name or "")
        link_text = "Open conversation" if r.status == "queued" else "Open"
        open_cell = tag(
            "a", Markup(f'{escape(link_text)}<span class="visually-hidden"> waiting {escape(waited)}</span>'),
            href=f"/staff/conversations/{r.contact_id}",
        )
        cells = [
            Markup(
                f'<td><span class="priority priority--{r.priority}">{escape(labels.PRIORITIES.get(r.priority, r.priority))}'
                f"</span>{_from_one_source(r)}</td>"
            ),
            Markup(f'<td data-waiting-since="{iso(r.requested_at)}">{escape(waited)}</td>'),
            tag("td", labels.label(labels.CHANNELS, r.channel)),
            tag("td", labels.label(labels.ROUTES, r.route)),
            tag("td", labels.label(labels.LANGUAGES, r.language)),
            tag("td", r.accessibility_needs or Markup('<span class="muted">None given</span>')),
            Markup(f"<td>{_flags(r.safeguarding_flags)}</td>"),
        ]
        if r.status != "queued":
            cells.append(tag("td", who))
        cells.append(Markup(f"<td>{open_cell}</td>"))
        return Markup(f'<tr data-contact="{escape(r.contact_id)}">{join(cells)}</tr>')

    head = (
        '<th scope="col">Priority</th><th scope="col">Waiting</th><th scope="col">Channel</th>'
        '<th scope="col">Route</th><th scope="col">Language</th><th scope="col">Accessibility needs</th>'
        '<th scope="col">Safeguarding flags</th>'
    )

    def table(caption: str, items: list[QueueRow], extra_head: str, empty: str, kind: str) -> Markup:
        if not items:
            return Markup(f'<h2>{escape(caption)}</h2><p class="muted" data-count="0" data-kind="{kind}">{escape(empty)}</p>')
        body = join(row(r) for r in items)
        return Markup(
            f'<h2>{escape(caption)} <span class="count">({len(items)})</span></h2>'
            f'<div class="table-wrap"><table class="table" data-count="{len(items)}" data-kind="{kind}">'
            f'<caption class="visually-hidden">{escape(caption)}</caption>'
            f"<thead><tr>{head}{extra_head}<th scope=\"col\"><span class=\"visually-hidden\">Actions</span></th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )

    return Markup(
        table("Waiting for a person", waiting, "", "Nobody is waiting.", "waiting")
        + table("With staff", assigned, '<th scope="col">With</th>', "No conversations are with staff.", "assigned")
    )


# ------------------------------------------------------------------------------------- conversation


def message_item(view: dict[str, Any], now: dt.datetime | None = None) -> Markup:
    """One transcript message as a list item (the page, and live updates)."""
    author = view["author"]
    who = labels.author(author, view.get("staff_name"))
    at = dt.datetime.strptime(view["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    buttons = view.get("buttons") or []
    offered = Markup("")
    if buttons:
        offered = Markup(
            '<p class="msg__options">Options offered: '
            + join((b.get("title", "") for b in buttons), ", ")
            + "</p>"
        )
    return Markup(
        f'<li class="msg msg--{escape(author)}" id="m-{int(view["id"])}" data-id="{int(view["id"])}">'
        f'<p class="msg__meta"><span class="msg__who">{escape(who)}</span> {when(at, now)}</p>'
        f'<p class="msg__text">{escape(view["text"])}</p>{offered}</li>'
    )


def status_sentence(handoff: HandoffView | None, owner: str, me: Staff) -> str:
    """Where the conversation stands, for the status line (the page, and live updates)."""
    if owner == "closed":
        if handoff is not None and handoff.closing_outcome:
            return f"Closed: {labels.label(labels.OUTCOMES, handoff.closing_outcome).lower()}."
        return "Closed."
    if handoff is None or handoff.status not in ("queued", "assigned"):
        return "With the assistant: nobody from the team is needed now."
    priority = labels.PRIORITIES.get(handoff.priority, "")
    if handoff.status == "queued":
        position = f", number {handoff.position} in the queue" if handoff.position else ""
        return f"Waiting for a person ({priority.lower()}{position})."
    if handoff.claimed_by == me.id:
        return "With you. The person sees your replies on their channel."
    return f"With {handoff.staff_name or 'another staff member'}."


def context_card(conv: Conversation) -> Markup:
    """What triage learned, so staff do not ask the person to repeat themselves."""

    def row(term: str, value: object) -> Markup:
        return Markup(f"<div class=\"card__row\"><dt>{escape(term)}</dt><dd>{escape(value)}</dd></div>")

    flags = Markup(f"<div class=\"card__row\"><dt>Safeguarding flags</dt><dd>{_flags(conv.safeguarding_flags)}</dd></div>")
    told = Markup('<span class="muted">Nothing yet</span>')
    if conv.last_bot_messages:
        told = Markup('<ol class="told">' + join(Markup(f"<li>{escape(t)}</li>") for t in conv.last_bot_messages) + "</ol>")
    summary = Markup("")
    if conv.summary:
        items = join(
            Markup(f"<li>{escape(str(k).replace('_', ' '))}: {escape(v)}</li>") for k, v in sorted(conv.summary.items())
        )
        summary = Markup(f'<div class="card__row"><dt>Triage answers</dt><dd><ul class="plain">{items}</ul></dd></div>')
    rows = [
        row("Route", labels.label(labels.ROUTES, conv.route)),
        row("Channel", labels.label(labels.CHANNELS, conv.channel)),
        row("Language", labels.label(labels.LANGUAGES, conv.language)),
        row("Police force", conv.force or "Not given"),
        row("When it happened", conv.incident_date or "Not given"),
        row("Who is complaining", labels.label(labels.COMPLAINANTS, conv.complainant, "Not given")),
        row("Accessibility needs", conv.accessibility_needs or "None given"),
        row("Audience", labels.label(labels.AUDIENCES, conv.audience, "General")),
        flags,
        row("Consent to keep details", "Given" if conv.consent_given else "Not given"),
        summary,
        Markup(f'<div class="card__row"><dt>What the assistant last told them</dt><dd>{told}</dd></div>'),
    ]
    return Markup(f'<dl class="card__list">{join(rows)}</dl>')
