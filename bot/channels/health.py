"""Liveness and readiness, for a process manager, an orchestrator or a load balancer.

- `GET /healthz` (liveness): the process answers. It waits on nothing, so a slow database or a Rasa
  restart never gets a working gateway killed.
- `GET /readyz` (readiness): 200 when the gateway can serve people: its database answers. Rasa is
  reported but not required: without it the gateway still gives the apology, the phone number and
  the staff queue, which is better than sending people nowhere. 503 when the database does not answer.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy import text

from bot import keys

DATABASE_CHECK_SECONDS = 2.0


async def health(request: web.Request) -> web.Response:
    """GET /healthz: the process answers (it does not wait on Rasa or the database)."""
    return web.json_response({"status": "ok"})


def _select_one(app: web.Application) -> None:
    with app[keys.ENGINE].connect() as connection:
        connection.execute(text("SELECT 1"))


async def ready(request: web.Request) -> web.Response:
    """GET /readyz: 200 if the database answers (with how many Rasa workers do), else 503."""
    app = request.app
    try:
        await asyncio.wait_for(asyncio.to_thread(_select_one, app), DATABASE_CHECK_SECONDS)
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"; the reason is the database's to log
        database = "down"
    rasa = app[keys.RASA]
    workers_up = await rasa.workers_up()
    body = {
        "status": "ready" if database == "ok" else "not ready",
        "database": database,
        "rasa": {"workers": len(rasa.urls), "up": workers_up},
    }
    return web.json_response(body, status=200 if database == "ok" else 503)
