"""The staff console: contact-centre staff pick up conversations the assistant handed off.

`setup_console(app)` mounts it under /staff as a sub-application with its own middleware (sign-in,
roles, CSRF) so none of that touches the public routes. See docs/staff-console.md.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot import keys
from bot.console import auth
from bot.console.appkeys import ASSET_URLS, CONSOLE, LOGIN_FAILURES, PASSWORD_CHECKS, STREAMS
from bot.console.assets import asset_urls
from bot.console.guard import PREFIX, make_guard, security_headers
from bot.console.hashing import PasswordChecks
from bot.console.routes import setup_routes
from bot.console.streams import Streams
from bot.console.templating import error_page, setup_templates
from bot.routing.router import where
from bot.store.session import run_in_session

log = logging.getLogger(__name__)

# How often staff whose sessions have all ended are set 'away'.
PRESENCE_SWEEP_SECONDS = 60.0


def setup_console(app: web.Application) -> None:
    """Mount the console at /staff on the gateway `app`."""
    console = web.Application(middlewares=[make_guard(error_page)])
    setup_templates(console)
    console[ASSET_URLS] = asset_urls()
    settings = app[keys.SETTINGS]
    console[LOGIN_FAILURES] = app[keys.STATE].sign_in_throttle(
        free_attempts=settings.staff_login_attempts,
        max_wait=settings.staff_lockout_minutes * 60,
        per_minute=settings.staff_sign_ins_per_minute,
    )
    console[PASSWORD_CHECKS] = PasswordChecks(settings.staff_password_checks, settings.staff_sign_in_queue)
    streams = console[STREAMS] = Streams()
    console.on_response_prepare.append(security_headers)
    setup_routes(console)

    # Registered before the sub-application, whose prefix would otherwise swallow the bare path.
    app.router.add_get(PREFIX, _to_console, name="console-root")
    app.add_subapp(PREFIX, console)
    app[CONSOLE] = console
    app.on_shutdown.append(streams.close_all)
    app.cleanup_ctx.append(_presence_sweeper)
    app.on_cleanup.append(_stop_password_checks)


async def _stop_password_checks(app: web.Application) -> None:
    app[CONSOLE][PASSWORD_CHECKS].close()


async def _to_console(request: web.Request) -> web.StreamResponse:
    raise web.HTTPMovedPermanently(PREFIX + "/")


async def _presence_sweeper(app: web.Application) -> AsyncIterator[None]:
    async def sweep_forever() -> None:
        while True:
            try:
                changed = await run_in_session(app[keys.SESSIONS], auth.sweep_presence)
                if changed:
                    log.info("set %d staff member(s) away: their console sessions had ended", changed)
            except Exception as error:  # noqa: BLE001 - the database may be down for a while; try again later
                log.warning("presence sweep failed: %s", where(error))
            await asyncio.sleep(PRESENCE_SWEEP_SECONDS)

    task = asyncio.ensure_future(sweep_forever())
    yield
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


__all__ = ["setup_console"]
