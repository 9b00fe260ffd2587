"""`python -m bot serve-gateway`: run the gateway (web widget, SMS, Telegram, staff console)."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

from bot.settings import Settings

# Libraries that log request URLs or parameters at INFO/DEBUG: the Telegram URL carries the bot
# token, and PTB's debug log carries message text and chat ids.
_NOISY_LOGGERS = ("httpx", "httpcore", "telegram", "twilio", "aiohttp_retry")
GATEWAY_SECRETS = ("contact_key", "hash_key", "session_secret")


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Method, path, status, size and time: never the query string (widget tokens travel in it)."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s %.1fms", request.method, request.path, response.status, response.body_length, time * 1000
        )


def quiet_third_party_loggers() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def _log_banner(text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            logging.getLogger("bot.gateway").info("%s", line.strip())


def serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import create_app

    settings.require_strong(
        *GATEWAY_SECRETS,
        *(["telegram_secret_token"] if settings.telegram_enabled else []),
        *(["metrics_token"] if settings.metrics_token else []),
    )
    quiet_third_party_loggers()
    host = args.host or settings.gateway_host
    port = args.port or settings.gateway_port
    web.run_app(
        create_app(settings),
        host=host,
        port=port,
        access_log_class=PathOnlyAccessLogger,
        print=_log_banner,
        shutdown_timeout=15,
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve-gateway",
        help="Run the gateway: widget, SMS and Telegram channels in front of Rasa.",
        description=__doc__,
    )
    parser.add_argument("--host", help="Interface to listen on (default: GATEWAY_HOST).")
    parser.add_argument("--port", type=int, help="Port to listen on (default: GATEWAY_PORT).")
    parser.set_defaults(handler=serve)
