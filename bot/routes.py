"""The gateway's route table (handlers live in bot/channels/)."""

from __future__ import annotations

from aiohttp import web

from bot.channels import health, sms, telegram, web_exit
from bot.channels import web as webchat
from bot.observability.endpoint import metrics_view


def setup_routes(app: web.Application) -> None:
    app.router.add_post("/api/web/session", webchat.create_session, name="web-session")
    app.router.add_route("OPTIONS", "/api/web/session", webchat.session_preflight)
    app.router.add_post("/api/web/session/exit", web_exit.exit_session, name="web-session-exit")
    app.router.add_get("/channels/web/ws", webchat.websocket, name="web-socket")
    app.router.add_post("/channels/sms", sms.webhook, name="sms-webhook")
    app.router.add_post("/channels/telegram", telegram.webhook, name="telegram-webhook")
    app.router.add_get("/healthz", health.health, name="health")
    app.router.add_get("/readyz", health.ready, name="ready")
    app.router.add_get("/metrics", metrics_view, name="metrics")
