"""Runs the action server on 127.0.0.1 only: `python -m actions` (rasa_sdk's own CLI binds 0.0.0.0).

Every call but `/health` must carry the shared secret Rasa sends (endpoints.yml, `X-Action-Token`):
anything else on this machine that reaches the port could otherwise run actions that write to the
contact log and queue handoffs. `/metrics` has its own token, METRICS_TOKEN (actions/observability.py).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import sys

from rasa_sdk.endpoint import create_app
from sanic import response

from actions import contact_log, observability
from bot.conversation_ids import is_conversation_id
from bot.observability import logs
from bot.settings import SettingsError, load_settings
from bot.store import outbox

log = logging.getLogger("actions")

TOKEN_HEADER = "X-Action-Token"
# /metrics checks its own token (METRICS_TOKEN), not the one Rasa sends.
OPEN_PATHS = frozenset({"/health", observability.METRICS_PATH})


def build_app(token: str, metrics_token: str = ""):
    """rasa_sdk's app, minus its habit of echoing the whole tracker back when an action fails."""
    if not token:
        raise ValueError("the action server needs a token")
    expected = token.encode("utf-8")
    app = create_app("actions", cors_origins="")
    metrics = observability.install(app, metrics_token, observability.registered_actions("actions"))

    @app.on_request
    async def require_token(request):
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(TOKEN_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            log.warning("refused a call to %s without the action server token", request.path)
            return response.json({"error": "forbidden"}, status=403)
        if request.path == "/webhook":
            try:
                body = request.json
            except Exception:  # noqa: BLE001 - Sanic's error for a body that is not JSON
                body = None
            if not isinstance(body, dict) or not is_conversation_id(body.get("sender_id")):
                log.warning("refused an action call whose sender id is not a conversation id")
                return response.json({"error": "sender_id must be a conversation id"}, status=422)
            observability.adopt_call(request, metrics, body)
        return None

    @app.listener("after_server_start")
    async def replay_spooled_writes(app, _loop) -> None:
        # Writes spooled during a database outage are replayed as soon as it is back.
        app.ctx.drain = asyncio.create_task(outbox.drain_periodically(*contact_log.store()))

    @app.listener("before_server_stop")
    async def stop_replaying(app, _loop) -> None:
        app.ctx.drain.cancel()

    @app.exception(Exception)
    async def private_error(request, exception):
        log.error("action failed: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": "action failed"}, status=500)

    return app


def main() -> None:
    os.umask(0o077)  # the spool and any SQLite file this process creates are for its owner only
    settings = load_settings()
    try:
        settings.require_strong("action_server_token", *(["metrics_token"] if settings.metrics_token else []))
        logs.configure(settings.log_level, settings.log_format)
    except SettingsError as error:
        sys.exit(f"error: {error}")
    app = build_app(settings.action_server_token, settings.metrics_token)
    app.run(host="127.0.0.1", port=settings.action_server_port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
