"""The queue page, the fragment its live updates swap in, and the console's front door."""

from __future__ import annotations

from aiohttp import web

from bot import keys
from bot.console import queries
from bot.console.guard import api
from bot.console.appkeys import STAFF, TEMPLATES
from bot.console.render import notice, page, queue_tables

DONE = {
    "transferred": "Conversation transferred. Your colleague has it now.",
    "handed_back": "Handed back to the assistant. It answers the person's next message.",
    "closed": "Conversation closed.",
}


async def queue_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/: conversations waiting for a person, and those with staff."""
    rows = await request.config_dict[keys.ROUTER].db(queries.open_queue)
    content = request.config_dict[TEMPLATES]["queue"].render(
        notice=notice(DONE.get(request.query.get("done", ""))),
        tables=queue_tables(rows, request[STAFF]),
    )
    return page(request, "Queue", content, nav_current="/staff/")


@api
async def queue_fragment(request: web.Request) -> web.StreamResponse:
    """GET /staff/queue/fragment: just the tables, for the page's live updates."""
    rows = await request.config_dict[keys.ROUTER].db(queries.open_queue)
    return web.Response(text=queue_tables(rows, request[STAFF]), content_type="text/html", charset="utf-8")
