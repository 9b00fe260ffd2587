"""The console's own CSS and JavaScript, served with content-hashed URLs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from aiohttp import web

from bot.console.guard import public

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/staff/static"


def asset_urls() -> dict[str, str]:
    """`console.css` → `/staff/static/console.css?v=<hash>` for every static file."""
    return {
        path.name: f"{STATIC_PREFIX}/{path.name}?v={hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"
        for path in sorted(STATIC_DIR.iterdir())
        if path.is_file()
    }


@public
async def static_file(request: web.Request) -> web.StreamResponse:
    """GET /staff/static/{name}: public files (no personal data), cacheable when versioned."""
    name = request.match_info["name"]
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise web.HTTPNotFound()
    cache = "public, max-age=31536000, immutable" if "v" in request.query else "public, max-age=300"
    return web.FileResponse(path, headers={"Cache-Control": cache})
