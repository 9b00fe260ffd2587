"""The public chat widget: the page at /, the embeddable /widget.js, its static files and /privacy."""

from __future__ import annotations

from aiohttp import web

from bot.keys import SETTINGS
from bot.widget.views import (
    ASSETS,
    STATIC_PREFIX,
    privacy_notice,
    public_page,
    render_assets,
    static_file,
    widget_script,
)


def setup_widget(app: web.Application) -> None:
    """Add the widget's routes to `app` (which must already hold its settings)."""
    app[ASSETS] = render_assets(app[SETTINGS])
    app.router.add_get("/", public_page, name="widget-page")
    app.router.add_get("/widget.js", widget_script, name="widget-script")
    app.router.add_get("/privacy", privacy_notice, name="widget-privacy")
    app.router.add_get(STATIC_PREFIX + "/{name}", static_file, name="widget-static")


__all__ = ["setup_widget"]
