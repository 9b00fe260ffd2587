"""Gives every HTTP request a request id: a trusted proxy's `X-Request-ID` if valid, else a new one.

The id is believed only from TRUSTED_PROXIES peers (nginx sends its `$request_id`), so a client can
neither pick its own id nor slip text into the logs. A websocket carries many turns; the web channel
starts a new id for each message it accepts (`request_ids.start()`).
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.channels.client_address import Network, from_trusted_proxy
from bot.observability import request_ids


def request_id_middleware(trusted: tuple[Network, ...]) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.headers.get(request_ids.HEADER) if from_trusted_proxy(request, trusted) else None
        request_ids.start(given)
        return await handler(request)

    return middleware
