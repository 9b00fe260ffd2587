"""The public chat widget: the page at /, the embeddable /widget.js, its modules and stylesheets, and /privacy."""

from __future__ import annotations

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.keys import SETTINGS
from bot.widget.assets import MODULES_PREFIX, STATIC_PREFIX, TEMPLATES_DIR, build_assets
from bot.widget.views import (
    ASSETS,
    TEMPLATES,
    privacy_notice,
    public_page,
    static_file,
    widget_module,
    widget_script,
)


def setup_widget(app: web.Application) -> None:
    """Add the widget's routes and templates to `app` (which must already hold its settings)."""
    app[ASSETS] = build_assets(app[SETTINGS])
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        app_key=TEMPLATES,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a missing value is an error, not an empty string
        default_helpers=False,
    )
    app.router.add_get("/", public_page, name="widget-page")
    app.router.add_get("/widget.js", widget_script, name="widget-script")
    app.router.add_get("/privacy", privacy_notice, name="widget-privacy")
    app.router.add_get(MODULES_PREFIX + "/{version}/{name}", widget_module, name="widget-module")
    app.router.add_get(STATIC_PREFIX + "/{name}", static_file, name="widget-static")


__all__ = ["setup_widget"]
