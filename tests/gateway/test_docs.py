"""The gateway's reference docs cannot drift from the code: routes, frames and canned replies."""

from __future__ import annotations

import re

from aiohttp import web

from bot.routes import setup_routes
from bot.settings import ROOT, documented_settings

GATEWAY_DOC = (ROOT / "docs" / "gateway.md").read_text()
PROTOCOL_DOC = (ROOT / "docs" / "web-protocol.md").read_text()


def test_every_route_is_documented() -> None:
    app = web.Application()
    setup_routes(app)
    for resource in app.router.resources():
        path = resource.canonical
        for route in resource:
            if route.method == "HEAD":  # added by aiohttp alongside every GET
                continue
            assert f"`{route.method} {path}" in GATEWAY_DOC, f"{route.method} {path} is not in docs/gateway.md"


def test_every_frame_the_server_sends_is_in_the_protocol() -> None:
    source = (ROOT / "bot" / "channels" / "web.py").read_text()
    sent = set(re.findall(r'"type": "(\w+)"', source))
    for kind in sent:
        assert f'"type": "{kind}"' in PROTOCOL_DOC, f"frame type {kind!r} is not in docs/web-protocol.md"
    for code in ("too_long", "rate_limited", "bad_request", "expired"):
        assert code in PROTOCOL_DOC


def test_gateway_settings_are_named_in_the_gateway_doc() -> None:
    gateway = {"PUBLIC_BASE_URL", "ALLOWED_ORIGINS", "RASA_TIMEOUT_SECONDS", "STAFF_HOURS", "MAX_MESSAGE_CHARS"}
    gateway |= {env for env, _, _ in documented_settings() if env.startswith("WEB_")}
    for env in gateway:
        assert env in GATEWAY_DOC, f"{env} is not mentioned in docs/gateway.md"


def test_the_unavailable_message_is_the_one_the_brief_promises() -> None:
    from bot.routing import canned

    assert canned.RASA_UNAVAILABLE.text == (
        "Sorry, something went wrong on our side. You can call 0300 020 0096, or ask for a person."
    )
    assert canned.RASA_UNAVAILABLE.text in GATEWAY_DOC
