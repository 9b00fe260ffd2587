"""Middleware for the public edge: slow request bodies get 408, and unexpected errors are logged safely.

aiohttp itself would log an unhandled error with its full traceback, whose message can quote what
the person sent (a database error quotes its statement, a parser quotes its input).
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.store.session import describe_error

log = logging.getLogger(__name__)


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@web.middleware
async def safe_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """500 with plain words for anything unexpected, logged as method, path and a safe summary."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as error:  # noqa: BLE001 - this is the last place an error can be caught
        # request.path, never the query string: widget tokens travel there.
        log.error("%s %s failed (%s)", request.method, request.path, describe_error(error))
        return web.json_response(
            {"error": "server_error", "message": "Sorry, something went wrong on our side."}, status=500
        )


def body_within(seconds: float) -> Middleware:
    """Read a request's whole body before the handler runs, giving up (408) after `seconds`.

    Handlers then read the cached body (request.post(), .json() and .text() all do), so a client
    trickling a body a byte at a time holds a connection for `seconds` at most.
    """

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        # Multipart bodies are parsed as a stream, which reading them first would use up.
        if request.method in _BODY_METHODS and request.body_exists and request.content_type != "multipart/form-data":
            try:
                await asyncio.wait_for(request.read(), seconds)
            except asyncio.TimeoutError:
                raise web.HTTPRequestTimeout(text="The request body took too long to arrive.") from None
        return await handler(request)

    return middleware
