"""Runs the action server on 127.0.0.1 only: `python -m actions` (rasa_sdk's own CLI binds 0.0.0.0)."""

from __future__ import annotations

import logging

from rasa_sdk.endpoint import create_app
from sanic import response

from bot.settings import load_settings

log = logging.getLogger("actions")


def build_app():
    """rasa_sdk's app, minus its habit of echoing the whole tracker back when an action fails."""
    app = create_app("actions", cors_origins="")

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
