"""Liveness for load balancers and the test stack's wait helper."""

from __future__ import annotations

from aiohttp import web


async def health(request: web.Request) -> web.Response:
    """GET /healthz: the process answers (it does not wait on Rasa or the database)."""
    return web.json_response({"status": "ok"})
