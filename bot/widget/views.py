"""The public page, the embeddable widget script, its static files and the privacy notice."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from aiohttp import web

from bot.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_PREFIX = "/static/widget"

# The placeholder in widget.js that /widget.js fills with the gateway's settings.
_DEFAULTS_MARKER = "/*SERVER_DEFAULTS*/ {}"

# Our own pages load nothing from anywhere else; the websocket is same-origin ('self' covers ws/wss).
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    # The exit site, and any link the person follows, must not learn where they came from.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}


@dataclass(frozen=True)
class WidgetAssets:
    """Everything the widget routes serve, rendered once when the app is built."""

    page: bytes
    privacy: bytes
    widget_js: bytes
    files: dict[str, Path]


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _defaults_js(settings: Settings, stylesheet: str) -> str:
    defaults = {
        "exitUrl": settings.exit_url,
        "stylesheet": stylesheet,
        "retentionDays": settings.retention_days,
        "maxChars": settings.max_message_chars,
    }
    # Safe inside a <script> context whatever the values hold.
    return json.dumps(defaults).replace("<", "\\u003c")


def render_assets(settings: Settings) -> WidgetAssets:
    """Render the page, the privacy notice and /widget.js from the templates and settings."""
    urls = {
        "widget_css": f"{STATIC_PREFIX}/widget.css?v={_version(STATIC_DIR / 'widget.css')}",
        "page_css": f"{STATIC_PREFIX}/page.css?v={_version(STATIC_DIR / 'page.css')}",
        "widget_js": f"/widget.js?v={_version(STATIC_DIR / 'widget.js')}",
    }
    escaped = {name: html.escape(url) for name, url in urls.items()}
    page = Template((TEMPLATES_DIR / "page.html").read_text("utf-8")).substitute(escaped)
    privacy = Template((TEMPLATES_DIR / "privacy.html").read_text("utf-8")).substitute(
        escaped,
        retention_days=html.escape(str(settings.retention_days)),
        exit_url=html.escape(settings.exit_url),
    )
    source = (STATIC_DIR / "widget.js").read_text("utf-8")
    if _DEFAULTS_MARKER not in source:
        raise RuntimeError("widget.js lost its SERVER_DEFAULTS placeholder")
    widget_js = source.replace(_DEFAULTS_MARKER, _defaults_js(settings, urls["widget_css"]), 1)
    files = {path.name: path for path in STATIC_DIR.iterdir() if path.is_file()}
    return WidgetAssets(page.encode("utf-8"), privacy.encode("utf-8"), widget_js.encode("utf-8"), files)


ASSETS = web.AppKey("widget_assets", WidgetAssets)


async def public_page(request: web.Request) -> web.Response:
    """GET /: the page with the chat open."""
    return web.Response(
        body=request.app[ASSETS].page, content_type="text/html", charset="utf-8", headers=_PAGE_HEADERS
    )


async def privacy_notice(request: web.Request) -> web.Response:
    """GET /privacy: the short privacy notice (a draft until confirmed)."""
    return web.Response(
        body=request.app[ASSETS].privacy, content_type="text/html", charset="utf-8", headers=_PAGE_HEADERS
    )


async def widget_script(request: web.Request) -> web.Response:
    """GET /widget.js: the one-tag embed, with this gateway's settings filled in."""
    response = web.Response(
        body=request.app[ASSETS].widget_js,
        content_type="application/javascript",
        charset="utf-8",
        headers={
            # Other sites load this with a plain <script> tag; a short cache keeps updates quick.
            "Cache-Control": "public, max-age=300",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )
    # About a quarter of the size over the wire, for people on slow or capped mobile data.
    response.enable_compression()
    return response


async def static_file(request: web.Request) -> web.StreamResponse:
    """GET /static/widget/{name}: the widget's own files, readable from any site that embeds it."""
    path = request.app[ASSETS].files.get(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound()
    # Versioned URLs (?v=hash) never change; bare ones are revalidated soon after a release.
    cache = "public, max-age=31536000, immutable" if "v" in request.query else "public, max-age=300"
    return web.FileResponse(
        path,
        headers={
            "Cache-Control": cache,
            # Public files: embedding sites (and axe-core in the tests) may read the stylesheet.
            "Access-Control-Allow-Origin": "*",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )
