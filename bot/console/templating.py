"""Console pages through Jinja2 (aiohttp-jinja2), with autoescaping on and the console's own environment.

Views hand a template a plain context (dataclasses from `queries`, strings, numbers) and never
build HTML themselves. Text from the public is escaped by Jinja2; the templates never mark it safe.
Live updates render the same partial templates as the pages (`fragment`), so a page and its
update cannot differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.console import labels
from bot.console.appkeys import ASSET_URLS, JINJA, STAFF
from bot.console.guard import CSRF_FIELD
from bot.store.base import utcnow

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LONDON = ZoneInfo("Europe/London")
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso(at: dt.datetime) -> str:
    """`at` in UTC as an ISO 8601 string (a `<time datetime>` value)."""
    return at.astimezone(dt.timezone.utc).strftime(ISO_FORMAT)


def utc(text: str) -> dt.datetime:
    """A stored message's `at` (ISO 8601, UTC) as a datetime."""
    return dt.datetime.strptime(text, ISO_FORMAT).replace(tzinfo=dt.timezone.utc)


def uk_time(at: dt.datetime, now: dt.datetime | None = None) -> str:
    """UK time in words for a `<time>` element: "14:05" today, "3 Jun 2026 14:05" otherwise."""
    local = at.astimezone(LONDON)
    today = (now or utcnow()).astimezone(LONDON).date()
    return local.strftime("%H:%M") if local.date() == today else f"{local.day} {local.strftime('%b %Y %H:%M')}"


def setup_templates(console: web.Application) -> jinja2.Environment:
    """The console's Jinja2 environment, on its own app key (the widget has another)."""
    env = aiohttp_jinja2.setup(
        console,
        app_key=JINJA,
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        # A misspelt name must fail in tests, not render as nothing in front of staff.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        default_helpers=False,
    )
    env.filters.update(iso=iso, utc=utc, uk_time=uk_time)
    env.globals.update(labels=labels, csrf_field=CSRF_FIELD)
    return env


def render(request: web.Request, template: str, context: Mapping[str, Any]) -> str:
    """A whole page: `template` (which extends layout.html) with `context` and what every page needs."""
    staff = request.get(STAFF)
    values = {
        "staff": staff,
        "path": request.path,
        "nav_current": request.path,
        "assets": request.config_dict[ASSET_URLS],
        "errors": {},
        **context,
    }
    return aiohttp_jinja2.render_string(template, request, values, app_key=JINJA)


def page(request: web.Request, template: str, context: Mapping[str, Any], *, status: int = 200) -> web.Response:
    """`render` as an HTML response."""
    return web.Response(
        text=render(request, template, context), status=status, content_type="text/html", charset="utf-8"
    )


def fragment(request: web.Request, template: str, context: Mapping[str, Any]) -> str:
    """A partial template alone (`_*.html`), for live updates; pages include the same partial."""
    return aiohttp_jinja2.render_string(template, request, context, app_key=JINJA)


def error_page(request: web.Request, status: int, title: str, text: str) -> web.Response:
    """A refusal or "not found" as a console page (the guard draws its refusals with this)."""
    return page(request, "error.html", {"title": title, "text": text}, status=status)
