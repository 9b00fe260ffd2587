"""The composition root: `create_app(settings)` wires the whole gateway, top to bottom."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from bot import keys
from bot.channels.client_address import forwarded_middleware, parse_trusted
from bot.channels.edge import body_within, safe_errors
from bot.channels.sms import SmsChannel
from bot.channels.telegram import TelegramChannel
from bot.channels.web import WebChannel
from bot.observability.metrics import GatewayMetrics
from bot.observability.middleware import request_id_middleware
from bot.rasa_client import RasaClient
from bot.routes import setup_routes
from bot.routing.availability import StaffHours
from bot.routing.router import Router, Sender
from bot.routing.staff_actions import StaffDesk
from bot.settings import Settings
from bot.state import shared_state
from bot.store.crypto import AddressCipher
from bot.store.session import check_connection, create_engine_from_url, make_sessionmaker

log = logging.getLogger(__name__)

# Webhook and widget bodies are small; anything bigger is refused with 413 before it is parsed.
CLIENT_MAX_SIZE = 64 * 1024


def create_app(settings: Settings) -> web.Application:
    """The gateway application; nothing connects to anything until it starts."""
    # Fail now, naming the setting, rather than at the first message.
    settings.require("session_secret")
    cipher = AddressCipher.from_settings(settings)
    hours = StaffHours.parse(settings.staff_hours)
    trusted_proxies = parse_trusted(settings.trusted_proxies)

    app = web.Application(
        client_max_size=CLIENT_MAX_SIZE,
        # Outermost first: the request id (so every line logged for it carries it), the client's real
        # address, then errors logged safely, then the body read.
        middlewares=[
            request_id_middleware(trusted_proxies),
            forwarded_middleware(trusted_proxies),
            safe_errors,
            body_within(settings.http_body_timeout_seconds),
        ],
        handler_args={
            # aiohttp closes a connection that has sent no complete request headers, or sat idle
            # after a response, for this long (its default is an hour: a gift to slow-header attacks).
            "keepalive_timeout": settings.http_idle_timeout_seconds,
            "max_line_size": 8190,
            "max_field_size": 8190,
            "max_headers": 64,
        },
    )
    app[keys.SETTINGS] = settings
    app[keys.CIPHER] = cipher
    app[keys.STAFF_HOURS] = hours
    # In this process, or in Redis with REDIS_URL so that gateway replicas share it (bot/state.py).
    app[keys.STATE] = shared_state(settings)
    app[keys.METRICS] = GatewayMetrics()

    app.cleanup_ctx.append(close_shared_state)  # first in, so last out: everything else uses it
    app.cleanup_ctx.append(database)
    app.cleanup_ctx.append(http_client)
    app.cleanup_ctx.append(channels)
    app.cleanup_ctx.append(routing)
    app.on_shutdown.append(close_websockets)

    setup_routes(app)
    _setup_if_present(app, "bot.widget", "setup_widget")
    _setup_if_present(app, "bot.console", "setup_console")
    return app


def _setup_if_present(app: web.Application, module_name: str, function: str) -> None:
    """Let the widget and console add their routes once those packages provide a setup function."""
    if importlib.util.find_spec(module_name) is None:
        return
    module = importlib.import_module(module_name)
    setup = getattr(module, function, None)
    if setup is not None:
        setup(app)


async def close_shared_state(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[keys.STATE].close()


async def database(app: web.Application) -> AsyncIterator[None]:
    settings = app[keys.SETTINGS]
    engine = create_engine_from_url(settings.database_url)
    check_connection(engine)
    app[keys.ENGINE] = engine
    app[keys.SESSIONS] = make_sessionmaker(engine)
    yield
    engine.dispose()


async def http_client(app: web.Application) -> AsyncIterator[None]:
    """One shared aiohttp session for Rasa (and anything else the gateway calls over HTTP)."""
    settings = app[keys.SETTINGS]
    async with aiohttp.ClientSession() as session:
        app[keys.HTTP] = session
        app[keys.RASA] = RasaClient(
            session,
            settings.rasa_url,
            settings.rasa_timeout_seconds,
            concurrency=settings.rasa_concurrency,
            metrics=app[keys.METRICS],
        )
        yield


async def channels(app: web.Application) -> AsyncIterator[None]:
    """The web channel always; SMS and Telegram only when their credentials are set."""
    settings, cipher = app[keys.SETTINGS], app[keys.CIPHER]
    app[keys.WEB] = WebChannel(settings, cipher, app[keys.STATE].limiter)
    if settings.sms_enabled:
        app[keys.SMS] = SmsChannel(settings, cipher)
    if settings.telegram_enabled:
        app[keys.TELEGRAM] = TelegramChannel(settings, cipher)
    yield
    if keys.SMS in app:
        await app[keys.SMS].close()
    if keys.TELEGRAM in app:
        await app[keys.TELEGRAM].close()


async def routing(app: web.Application) -> AsyncIterator[None]:
    senders: dict[str, Sender] = {}
    if keys.SMS in app:
        senders["sms"] = app[keys.SMS]
    if keys.TELEGRAM in app:
        senders["telegram"] = app[keys.TELEGRAM]
    state = app[keys.STATE]
    hub = state.hub()
    router = Router(
        sessions=app[keys.SESSIONS],
        hub=hub,
        rasa=app[keys.RASA],
        hours=app[keys.STAFF_HOURS],
        max_message_chars=app[keys.SETTINGS].max_message_chars,
        senders=senders,
        locks=state.locks(),
        metrics=app[keys.METRICS],
    )
    app[keys.HUB] = hub
    app[keys.ROUTER] = router
    app[keys.STAFF_DESK] = StaffDesk(router)
    yield
    # Replies already being worked on still reach people (and the transcript) on a clean stop.
    await router.drain()
    await hub.close()


async def close_websockets(app: web.Application) -> None:
    if keys.WEB in app:
        await app[keys.WEB].close_all()
