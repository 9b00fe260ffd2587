"""The queue page, the fragment its live updates swap in, and the console's front door."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import web

from bot import keys
from bot.console import queries
from bot.console.appkeys import STAFF
from bot.console.auth import Staff
from bot.console.guard import api
from bot.console.templating import fragment, page
from bot.store.base import utcnow

DONE = {
    "transferred": "Conversation transferred. Your colleague has it now.",
    "handed_back": "Handed back to the assistant. It answers the person's next message.",
    "closed": "Conversation closed.",
}


def _tables(rows: Sequence[queries.QueueRow], me: Staff) -> dict[str, Any]:
    """What `_queue_tables.html` shows, for the page and for its live updates alike."""
    return {
        "waiting": [r for r in rows if r.status == "queued"],
        "assigned": [r for r in rows if r.status != "queued"],
        "me_id": me.id,
        "now": utcnow(),
    }


async def queue_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/: conversations waiting for a person, and those with staff."""
    rows = await request.config_dict[keys.ROUTER].db(queries.open_queue)
    return page(
        request,
        "queue.html",
        {**_tables(rows, request[STAFF]), "done": DONE.get(request.query.get("done", "")), "nav_current": "/staff/"},
    )


@api
async def queue_fragment(request: web.Request) -> web.StreamResponse:
    """GET /staff/queue/fragment: just the tables, for the page's live updates."""
    rows = await request.config_dict[keys.ROUTER].db(queries.open_queue)
    html = fragment(request, "_queue_tables.html", _tables(rows, request[STAFF]))
    return web.Response(text=html, content_type="text/html", charset="utf-8")
