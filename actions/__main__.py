"""Runs the action server on 127.0.0.1 only: `python -m actions` (rasa_sdk's own CLI binds 0.0.0.0)."""

from __future__ import annotations

import asyncio
import logging

from rasa_sdk.endpoint import create_app
from sanic import response

from actions import contact_log
from bot.settings import load_settings
from bot.store import outbox

log = logging.getLogger("actions")


def build_app():
    """rasa_sdk's app, minus its habit of echoing the whole tracker back when an action fails."""
    app = create_app("actions", cors_origins="")

    @app.listener("after_server_start")
    async def replay_spooled_writes(app, _loop) -> None:  # noqa: ANN001 - Sanic's signature
        # Writes spooled during a database outage are replayed as soon as it is back.
        app.ctx.drain = asyncio.create_task(outbox.drain_periodically(*contact_log.store()))

    @app.listener("before_server_stop")
    async def stop_replaying(app, _loop) -> None:  # noqa: ANN001
        app.ctx.drain.cancel()

    @app.exception(Exception)
    async def private_error(request, exception):  # noqa: ANN001 - Sanic's signature
        log.error("action failed: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": "action failed"}, status=500)

    return app


def main() -> None:
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    build_app().run(host="127.0.0.1", port=settings.action_server_port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
