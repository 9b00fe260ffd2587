"""The public page, the embeddable widget script, its modules and stylesheets, and the privacy notice."""

from __future__ import annotations

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.widget.assets import STATIC_DIR, WidgetAssets

# STATIC_DIR stays importable from here (tests/gateway/test_web_exit.py reads the exit module through it).
__all__ = [
    "ASSETS",
    "STATIC_DIR",
    "TEMPLATES",
    "privacy_notice",
    "public_page",
    "static_file",
    "widget_module",
    "widget_script",
]

ASSETS = web.AppKey("widget_assets", WidgetAssets)
# The widget's own Jinja2 environment (the console has its own under another key).
TEMPLATES = web.AppKey("widget_templates", jinja2.Environment)

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

# Read from any site that embeds the widget: module scripts from another origin need CORS.
_PUBLIC_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
}
_FOREVER = "public, max-age=31536000, immutable"


def _page(template: str, request: web.Request, context: dict[str, object]) -> web.Response:
    response = aiohttp_jinja2.render_template(template, request, context, app_key=TEMPLATES)
    response.headers.update(_PAGE_HEADERS)
    return response


async def public_page(request: web.Request) -> web.Response:
    """GET /: the page with the chat open."""
    assets = request.app[ASSETS]
    return _page("page.html", request, {"urls": assets.urls, "settings": assets.settings})


async def privacy_notice(request: web.Request) -> web.Response:
    """GET /privacy: the short privacy notice (a draft until confirmed)."""
    assets = request.app[ASSETS]
    context = {
        "urls": assets.urls,
        "retention_days": assets.settings["retentionDays"],
        "exit_url": assets.settings["exitUrl"],
    }
    return _page("privacy.html", request, context)


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


async def widget_module(request: web.Request) -> web.Response:
    """GET /static/widget/js/{version}/{name}: one of the widget's ES modules."""
    assets = request.app[ASSETS]
    body = assets.modules.get(request.match_info["name"])
    if body is None:
        raise web.HTTPNotFound()
    # This release's modules never change. A page from before a release still gets modules (these),
    # but they are not kept, so the next load picks up the new release whole.
    cache = _FOREVER if request.match_info["version"] == assets.version else "no-cache"
    # A JavaScript MIME type is required for module scripts (nosniff; no guessing from the OS).
    response = web.Response(
        body=body, content_type="text/javascript", charset="utf-8", headers={**_PUBLIC_HEADERS, "Cache-Control": cache}
    )
    response.enable_compression()
    return response


async def static_file(request: web.Request) -> web.StreamResponse:
    """GET /static/widget/{name}: the widget's stylesheets, readable from any site that embeds it."""
    path = request.app[ASSETS].files.get(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound()
    # Versioned URLs (?v=hash) never change; bare ones are revalidated soon after a release.
    cache = _FOREVER if "v" in request.query else "public, max-age=300"
    # Public files: embedding sites (and axe-core in the tests) may read the stylesheet.
    return web.FileResponse(path, headers={**_PUBLIC_HEADERS, "Cache-Control": cache})
