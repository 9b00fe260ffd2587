"""Marking a conversation's route as wrong, changing that, or taking it back (every step audited)."""

from __future__ import annotations

from aiohttp import web

from bot import keys
from bot.console import queries
from bot.console.appkeys import STAFF
from bot.console.auth import Staff
from bot.console.route_check import FIELD
from bot.console.views_conversation import rerender
from bot.store.repositories import corrections


def _path(contact_id: str, done: str) -> str:
    return f"/staff/conversations/{contact_id}?done={done}#route-check-heading"


async def correct_route(request: web.Request) -> web.StreamResponse:
    """POST …/route-correction: `intent`, what the person's message should have been understood as."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    router = request.config_dict[keys.ROUTER]
    form = await request.post()
    intent = str(form.get(FIELD, ""))
    # Whoever may see the conversation may correct it; nobody else learns it exists.
    if not await router.db(queries.was_handed_off, contact_id):
        raise web.HTTPNotFound()
    try:
        await router.db(corrections.correct_route, contact_id, intent, me.id)
    except corrections.CorrectionError as error:
        return await rerender(request, 400, [(FIELD, str(error))])
    raise web.HTTPSeeOther(_path(contact_id, "corrected"))


async def remove_correction(request: web.Request) -> web.StreamResponse:
    """POST …/route-correction/remove: the route was right after all."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    router = request.config_dict[keys.ROUTER]
    if not await router.db(queries.was_handed_off, contact_id):
        raise web.HTTPNotFound()
    await router.db(corrections.remove_correction, contact_id, me.id)
    raise web.HTTPSeeOther(_path(contact_id, "correction_removed"))
